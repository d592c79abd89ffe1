package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.sim.SimConfig;
import acs.sim.Simulator;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every verb that stops or deletes confirms alike: off a terminal it refuses without --yes, naming what and where. */
class ConfirmationTest {
    static Simulator sim;

    @BeforeAll static void start() {
        sim = Simulator.start();
    }

    @AfterAll static void stop() {
        sim.close();
    }

    long posts() {
        return sim.accessLog().stream().filter(e -> !e.method().equals("GET")).count();
    }

    @Test
    void containerStopRefusesWithoutYesAndTakesIt() {
        long before = posts();
        CliHarness.Result refused = CliHarness.runAgainst(sim, "container-stop", "16237");
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains("refusing to stop container 16237 on " + sim.endpoint() + " (from --endpoint)").contains("--yes");
        assertThat(posts()).as("nothing sent").isEqualTo(before);

        CliHarness.Result stopped = CliHarness.runAgainst(sim, "container-stop", "16237", "--yes");
        assertThat(stopped.exit()).as(stopped.toString()).isZero();
        assertThat(stopped.out()).contains("commandId");
        assertThat(CliHarness.runAgainst(sim, "container-stop", "16237", "--dry-run").exit()).as("a dry run needs no --yes").isZero();
    }

    /** One rule outside a terminal: a fleet above the threshold needs --yes, as stopping one node does. */
    @Test
    void aFleetAboveTheThresholdNeedsYesOutsideATerminalWhateverTheVerb() {
        try (Simulator big = Simulator.start(SimConfig.defaults().withSeedDemo(false).withExtraNodes(Confirm.FLEET_THRESHOLD + 1))) {
            CliHarness.Result refused = CliHarness.runAgainst(big, "node-deploy", "--all", "--url", "http://repo.example.com/a.war");
            assertThat(refused.exit()).as(refused.toString()).isEqualTo(2);
            assertThat(refused.err()).contains("refusing to deploy to " + (Confirm.FLEET_THRESHOLD + 1) + " nodes on " + big.endpoint()).contains("--yes");
            assertThat(big.accessLog()).noneMatch(e -> e.method().equals("POST"));
            CliHarness.Result confirmed = CliHarness.runAgainst(big, "node-deploy", "--all", "--url", "http://repo.example.com/a.war", "--yes");
            assertThat(confirmed.exit()).as(confirmed.toString()).isZero();
            assertThat(CliHarness.runAgainst(big, "node-deploy", "--all", "--url", "http://repo.example.com/b.war", "--dry-run").exit())
                    .as("a dry run needs no --yes").isZero();
        }
        CliHarness.Result few = CliHarness.runAgainst(sim, "node-start", "610474", "610247");
        assertThat(few.exit()).as("a start of two nodes: no question (" + few + ")").isNotEqualTo(2);
    }

    @Test
    void everyFleetVerbTakesYes() {
        CliHarness.Result r = CliHarness.runAgainst(sim, "node-start", "610474", "610247", "--yes", "--dry-run");
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    @Tag("child-process") @Test
    void onTheEmbeddedSimulatorTheNoticeComesBeforeTheQuestion(@TempDir Path home) throws Exception {
        ChildAcs.Result r = new ChildAcs(home).run("node-stop", "610474");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        int notice = r.err().indexOf("using the embedded simulator"),
                refusal = r.err().indexOf("refusing to stop node 610474 on the embedded simulator (http://embedded-simulator)");
        assertThat(notice).as(r.err()).isNotNegative();
        assertThat(refusal).as(r.err()).isGreaterThan(notice);
        assertThat(r.err()).as("not the port it listens on in this run").doesNotContain("127.0.0.1").containsOnlyOnce("using the embedded simulator");
    }
}
