package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.sim.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code acs run --dry-run} and {@code --rehearse} read the nodes a script changes: a missing node fails them
 * as it fails the real run (same error, same exit code), and nothing that changes state is sent.
 */
@Tag("child-process")
class DryRunReadsTest {
    static Simulator sim;
    @TempDir Path home;

    @BeforeAll static void start() {
        sim = Simulator.start();
    }

    @AfterAll static void stop() {
        sim.close();
    }

    long changes() {
        return sim.accessLog().stream().filter(e -> !e.method().equals("GET")).count();
    }

    ChildAcs acs() {
        return new ChildAcs(home).env("ACS_ENDPOINT", sim.endpoint().toString(), "ACS_ACCESS_KEY", sim.accessKey(),
                "ACS_SECRET_KEY", sim.secretKey());
    }

    Path script(String source) throws Exception {
        return Files.writeString(home.resolve("deploy.groovy"), source);
    }

    static final String MISSING_SECOND = "node(610474) { deploy url: 'http://repo.example.com/a.war' }\n"
            + "node(999999) { deploy url: 'http://repo.example.com/a.war' }\n";

    @Test
    void aDryRunFailsOnAMissingNodeAsTheRealRunDoesAndSendsNoChange() throws Exception {
        Path f = script(MISSING_SECOND);
        long before = changes();
        ChildAcs.Result dry = acs().run("run", f.toString(), "--dry-run");
        assertThat(changes()).as("a dry run sends no change").isEqualTo(before);
        assertThat(sim.accessLog()).as("it read the nodes it changes")
                .anySatisfy(e -> assertThat(e.method() + " " + e.path()).isEqualTo("GET /api/v1/node/999999"));

        ChildAcs.Result real = acs().run("run", f.toString());
        assertThat(real.exit()).as(real.toString()).isEqualTo(4);
        String realError = real.err().lines().filter(l -> l.startsWith("acs: error: ")).findFirst().orElseThrow();
        assertThat(realError).contains(f + ":2: POST /api/v1/node/999999/uploadStart failed: code 1005");

        assertThat(dry.exit()).as(dry.toString()).isEqualTo(real.exit());
        assertThat(dry.err()).as("the real run's error, marked as the dry run's finding")
                .contains(realError.replace("acs: error: " + f + ":2: ", "acs: error: " + f + ":2: dry run: "))
                .contains("the real run fails here").contains("nothing was sent");
        assertThat(dry.out()).as("the plan shows the first change as answered and the second as refused")
                .contains("POST " + sim.endpoint() + "/api/v1/node/610474/uploadStart")
                .contains("=> refused: dry run: POST /api/v1/node/999999/uploadStart failed");
    }

    @Test
    void aRehearsalFailsOnAMissingNodeAsTheRealRunDoes() throws Exception {
        Path f = script(MISSING_SECOND);
        long before = changes();
        ChildAcs.Result r = acs().run("run", f.toString(), "--rehearse");
        assertThat(r.exit()).as(r.toString()).isEqualTo(4);
        assertThat(r.err()).contains(f + ":2: POST /api/v1/node/999999/uploadStart failed: code 1005");
        assertThat(changes()).as("a rehearsal sends nothing to the target").isEqualTo(before);
    }

    @Test
    void theCliDryRunOfOneNodeOrContainerReadsItToo() throws Exception {
        long before = changes();
        ChildAcs.Result real = acs().run("container-stop", "999999", "--yes");
        ChildAcs.Result dry = acs().run("container-stop", "999999", "--dry-run");
        assertThat(real.exit()).as(real.toString()).isEqualTo(4);
        assertThat(dry.exit()).as(dry.toString()).isEqualTo(4);
        String realError = real.err().lines().filter(l -> l.startsWith("acs: error: ")).findFirst().orElseThrow();
        assertThat(dry.err()).contains(realError.replace("acs: error: ", "acs: error: dry run: ")).contains("nothing was sent");
        assertThat(dry.out()).as("no request printed as if it would go").isEmpty();

        ChildAcs.Result node = acs().run("node-deploy", "999999", "--url", "http://repo.example.com/a.war", "--dry-run");
        assertThat(node.exit()).as(node.toString()).isEqualTo(4);
        assertThat(node.err()).contains("dry run: POST /api/v1/node/999999/uploadStart failed: code 1005");
        assertThat(changes() - before).as("only the real run's one POST was sent").isEqualTo(1);
    }

    @Test
    void aDryRunOfNodesThatExistStillSucceeds() throws Exception {
        ChildAcs.Result r = acs().run("run", script("node(610474) { deploy url: 'http://repo.example.com/a.war'; waitDone() }\n"
                + "node(610474).stop()\n").toString(), "--dry-run");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("/api/v1/node/610474/uploadStart").contains("/api/v1/node/610474/stop");
    }

    @Test
    void aFleetDryRunNamesTheNodesTheRealRunFailsAndExitsAsItDoes() throws Exception {
        long before = changes();
        ChildAcs.Result dry = acs().run("node-deploy", "610474", "999999", "999998", "--url", "http://repo.example.com/a.war", "--dry-run");
        assertThat(changes()).as("a dry run sends no change").isEqualTo(before);
        assertThat(dry.out()).as("every request is still shown").contains("/api/v1/node/610474/uploadStart")
                .contains("/api/v1/node/999999/uploadStart").contains("/api/v1/node/999998/uploadStart");
        assertThat(dry.err()).contains("2 of 3 nodes do not exist").contains("[999999, 999998]").contains("code 1005");

        ChildAcs.Result real = acs().run("node-deploy", "610474", "999999", "999998", "--url", "http://repo.example.com/a.war", "--wait",
                "-o", "json");
        assertThat(real.exit()).as(real.toString()).isEqualTo(6);
        assertThat(real.out()).as("the real run fails the missing nodes' rows").contains("999999").contains("999998").contains("1005");
        assertThat(dry.exit()).as(dry.toString()).isEqualTo(real.exit());
    }

    @Test
    void aFleetDryRunOfNodesThatExistSucceeds() throws Exception {
        ChildAcs.Result r = acs().run("node-deploy", "610474", "610247", "--url", "http://repo.example.com/a.war", "--dry-run");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).doesNotContain("do not exist");
    }
}
