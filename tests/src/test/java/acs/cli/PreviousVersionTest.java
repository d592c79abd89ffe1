package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.wire.Json;
import acs.sim.AccessLogEntry;
import acs.sim.CommandFault;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A version to go back to, found where the toolkit saw it: {@code node-redeploy ID --previous} and
 * {@code --rollback-version previous} take the number from the journal, say where it came from,
 * and refuse (exit 2, nothing sent) when it is not known. The API lists no versions.
 */
@Timeout(120)
class PreviousVersionTest {
    static final String V1 = "http://repo.example.com/app-1.0.war", V2 = "http://repo.example.com/app-2.0.war";
    Simulator sim;

    @BeforeEach
    void start() {
        sim = Simulator.start(SimConfig.defaults().withCommandDuration(Duration.ofMillis(100)));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    List<AccessLogEntry> posts() {
        return sim.accessLog().stream().filter(e -> !e.method().equals("GET")).toList();
    }

    @Test
    void redeployPreviousTakesTheVersionBeforeTheLatestDeployAndSaysWhereItCameFrom() throws Exception {
        CliHarness.Result none = CliHarness.runAgainst(sim, "node-redeploy", "610474", "--previous", "--wait");
        assertThat(none.exit()).as(none.toString()).isEqualTo(2);
        assertThat(none.err()).contains("--previous").contains("no successful deploy of it").contains("give the version number");
        assertThat(posts()).as("nothing sent").isEmpty();

        assertThat(CliHarness.runAgainst(sim, "node-deploy", "610474", "--url", V1, "--wait").exit()).isZero();
        CliHarness.Result one = CliHarness.runAgainst(sim, "node-redeploy", "610474", "--previous");
        assertThat(one.exit()).as(one.toString()).isEqualTo(2);
        assertThat(one.err()).contains("one successful deploy").contains(V1).contains("nothing before it");

        assertThat(CliHarness.runAgainst(sim, "node-deploy", "610474", "--url", V2, "--wait").exit()).isZero();
        int before = posts().size();
        CliHarness.Result back = CliHarness.runAgainst(sim, "node-redeploy", "610474", "--previous", "--wait");
        assertThat(back.exit()).as(back.toString()).isZero();
        assertThat(back.err()).contains("--previous: version 1").contains("before the deploy of " + V2 + " that made version 2")
                .contains("from the journal").contains("2 successful deploys");
        assertThat(back.out()).as("the server loaded version 1").contains("load package version 1");
        assertThat(posts().subList(before, posts().size())).singleElement().satisfies(p -> assertThat(p.path()).endsWith("/historyStart"));

        CliHarness.Result again = CliHarness.runAgainst(sim, "node-redeploy", "610474", "--previous", "--wait");
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.err()).as("after going back to 1, the previous one is 2 again").contains("--previous: version 2").contains("before the redeploy of version 1");
    }

    @Test
    void aDeployNotSeenToEndLeavesTheNumberUnknownAndSaysHowToFollowIt() throws Exception {
        assertThat(CliHarness.runAgainst(sim, "node-deploy", "610474", "--url", V1, "--wait").exit()).isZero();
        CliHarness.Result sent = CliHarness.runAgainst(sim, "node-deploy", "610474", "--url", V2);
        String commandId = Json.MAPPER.readTree(sent.out()).get("commandId").asText();
        CliHarness.Result r = CliHarness.runAgainst(sim, "node-redeploy", "610474", "--previous");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("is accepted in the journal").contains("acs command-wait " + commandId);
    }

    @Test
    void previousTakesOneNodeAndNotAVersionToo() {
        CliHarness.Result two = CliHarness.runAgainst(sim, "node-redeploy", "610474", "610247", "--previous");
        assertThat(two.exit()).isEqualTo(2);
        assertThat(two.err()).contains("takes one node id");
        CliHarness.Result both = CliHarness.runAgainst(sim, "node-redeploy", "610474", "--previous", "--package-version", "2");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("not both");
        assertThat(posts()).isEmpty();
    }

    @Test
    void aRehearsedRollbackToPreviousSucceedsWhenOnlyTheDeployIsFaulted() throws Exception {
        // as 'acs sim --fault-node 610247#2:START_FAILED': the node's second command (the new deploy) fails, its rollback runs clean
        sim.faults().onNodeOnly(610247, CommandFault.START_FAILED, null, 2);
        CliHarness.Result first = CliHarness.runAgainst(sim, "node-deploy", "610474", "610247", "--url", V1, "--yes");
        assertThat(first.exit()).as(first.toString()).isZero();

        CliHarness.Result r = CliHarness.runAgainst(sim, "node-deploy", "610474", "610247", "--url", V2, "--rollback-version", "previous", "--yes");
        assertThat(r.exit()).as(r.toString()).isEqualTo(6);
        assertThat(r.err()).contains("--rollback-version previous: node 610247 runs version 1 since the deploy of " + V1).contains("from the journal");
        JsonNode failed = null;
        for (JsonNode row : Json.MAPPER.readTree(r.out())) if (row.get("node").asLong() == 610247) failed = row;
        assertThat(failed).isNotNull();
        assertThat(failed.get("outcome").asText()).isEqualTo("FAILED");
        assertThat(failed.get("rollback").asText()).as(failed.toString()).isEqualTo("SUCCEEDED");
        assertThat(sim.accessLog().stream().filter(e -> e.path().endsWith("/historyStart")).count()).isEqualTo(1);
    }

    @Test
    void rollbackToPreviousOfANodeNeverSeenDeployedIsRefusedBeforeAnythingIsSent() {
        CliHarness.Result r = CliHarness.runAgainst(sim, "node-deploy", "610474", "610247", "--url", V2, "--rollback-version", "previous", "--yes");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--rollback-version previous").contains("node 610474").contains("and 1 more of the 2 nodes").contains("nothing was sent");
        assertThat(posts()).isEmpty();
        CliHarness.Result bad = CliHarness.runAgainst(sim, "node-deploy", "610474", "610247", "--url", V2, "--rollback-version", "last", "--yes");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("'last' is not a package version").contains("'previous'");
        assertThat(posts()).isEmpty();
    }

    /** As a user meets it: a child JVM's exit code and stderr. */
    @Test @Tag("child-process")
    void anUnknownPreviousVersionIsExitTwoInAProcessOfItsOwn(@TempDir Path home) throws Exception {
        ChildAcs.Result r = new ChildAcs(home).env("ACS_ENDPOINT", sim.endpoint().toString(), "ACS_ACCESS_KEY", sim.accessKey(),
                "ACS_SECRET_KEY", sim.secretKey()).run("node-redeploy", "610474", "--previous");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("acs: error: --previous: node 610474").contains(home.resolve("journal.jsonl").toString());
        assertThat(posts()).isEmpty();
    }
}
