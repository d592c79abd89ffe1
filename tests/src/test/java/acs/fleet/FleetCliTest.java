package acs.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import acs.Node;
import acs.NodeStatus;
import acs.cli.CliHarness;
import acs.sim.AccessLogEntry;
import acs.sim.CommandFault;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import acs.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The node commands over several nodes, in-process, against the simulator (demo data + 30 generated nodes). */
@Timeout(120)
class FleetCliTest {
    static final String URL = "http://repo.example.com/app-2.0.war";
    Simulator sim;

    record Result(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return Json.MAPPER.readTree(out);
        }

        List<Long> nodes() throws Exception {
            List<Long> ids = new ArrayList<>();
            for (JsonNode row : json()) ids.add(row.get("node").asLong());
            return ids;
        }

        @Override public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    @BeforeEach
    void start() {
        sim = Simulator.start(SimConfig.defaults().withExtraNodes(30).withCommandDuration(Duration.ofMillis(200)));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    Result acs(String... args) {
        CliHarness.Result r = CliHarness.runAgainst(sim, args);
        return new Result(r.exit(), r.out(), r.err());
    }

    List<AccessLogEntry> posts() {
        return sim.accessLog().stream().filter(e -> !e.method().equals("GET")).toList();
    }

    List<Long> expected(java.util.function.Predicate<Node> p) {
        return sim.client().nodes().stream().filter(p).map(Node::id).toList();
    }

    @Test
    void severalIdsGiveOneRowPerNodeAndASummaryOnStderr() throws Exception {
        Result r = acs("node-deploy", "610474", "610247", "--url", URL);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.nodes()).containsExactly(610474L, 610247L);
        for (JsonNode row : r.json()) {
            assertThat(row.get("commandId").asText()).isNotEmpty();
            assertThat(row.get("status").asText()).isEqualTo("DONE");
            assertThat(row.get("result").asText()).isEqualTo("200");
            assertThat(row.get("outcome").asText()).isEqualTo("SUCCEEDED");
            assertThat(row.has("seconds")).isTrue();
        }
        assertThat(r.err()).contains("2 nodes: 2 succeeded, 0 failed, 0 timed out, 0 skipped");
        assertThat(posts()).hasSize(2);
    }

    @Test
    void tableAndYamlOutputHaveOneRowPerNode() {
        Result t = acs("node-start", "700001", "700002", "700003", "-o", "table");
        assertThat(t.exit()).as(t.toString()).isZero();
        assertThat(t.out().lines().toList()).hasSize(4);
        assertThat(t.out().lines().findFirst().orElseThrow()).contains("NODE", "COMMAND_ID", "STATUS", "RESULT", "SECONDS");
        Result y = acs("node-start", "700001", "700002", "-o", "yaml");
        assertThat(y.exit()).as(y.toString()).isZero();
        assertThat(y.out()).contains("- node: 700001", "- node: 700002");
    }

    @Test
    void selectorsCombineAsAnIntersection() throws Exception {
        Pattern online = Pattern.compile("^线上");
        Result byName = acs("node-stop", "--all", "--name", "^线上", "--yes");
        assertThat(byName.exit()).as(byName.toString()).isZero();
        List<Long> want = expected(n -> online.matcher(n.name()).find());
        assertThat(want).hasSizeGreaterThan(5);
        assertThat(byName.nodes()).containsExactlyElementsOf(want);
        assertThat(posts()).extracting(AccessLogEntry::path).allMatch(p -> p.endsWith("/stop")).hasSize(want.size());
    }

    @Test
    void serviceStatusAndIdsNarrowEachOther() throws Exception {
        List<Long> service = expected(n -> n.serviceId() == 20002);
        assertThat(service).hasSizeGreaterThan(2);
        Result stop = acs("node-stop", String.valueOf(service.get(0)), "--yes");
        assertThat(stop.exit()).as(stop.toString()).isZero();
        awaitIdle(service.get(0));

        // --service and --status: the RUNNING nodes of 20002 (all but the one just stopped)
        Result running = acs("node-redeploy", "--service", "20002", "--status", "RUNNING", "--package-version", "1", "--dry-run");
        assertThat(running.exit()).as(running.toString()).isZero();
        assertThat(running.out()).doesNotContain("/api/v1/node/" + service.get(0) + "/");
        assertThat(running.out()).contains("/api/v1/node/" + service.get(1) + "/historyStart");
        assertThat(running.err()).contains((service.size() - 1) + " requests would be");

        // ids intersected with --status: only the stopped one of the three
        Result start = acs("node-start", String.valueOf(service.get(0)), String.valueOf(service.get(1)), "700001", "--status", "STOPPED");
        assertThat(start.exit()).as(start.toString()).isZero();
        assertThat(start.nodes()).containsExactly(service.get(0));
    }

    @Test
    void aSelectionThatMatchesNothingIsAUsageErrorAndSendsNothing() {
        Result r = acs("node-deploy", "--all", "--name", "^nothing-is-called-this$", "--url", URL);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no node matches");
        Result none = acs("node-deploy", "--url", URL);
        assertThat(none.exit()).isEqualTo(2);
        assertThat(posts()).isEmpty();
    }

    @Test
    void batchesWithMaxFailuresStopAfterTheFailingBatchAndExit6() throws Exception {
        sim.faults().onNode(700002, CommandFault.RESULT_FAILED);
        Result r = acs("node-deploy", "700001", "700002", "700003", "700004", "700005", "700006",
                "--url", URL, "--batch", "2", "--pause", "10ms");
        assertThat(r.exit()).as(r.toString()).isEqualTo(6);
        List<String> outcomes = new ArrayList<>();
        for (JsonNode row : r.json()) outcomes.add(row.get("outcome").asText());
        assertThat(outcomes).containsExactly("SUCCEEDED", "FAILED", "SKIPPED", "SKIPPED", "SKIPPED", "SKIPPED");
        assertThat(posts()).hasSize(2);
    }

    @Test
    void rollbackVersionRedeploysFailedNodes() throws Exception {
        assertThat(acs("node-deploy", "700001", "700002", "--url", URL).exit()).isZero(); // version 1 on both
        sim.faults().onNode(700002, CommandFault.PUBLISH_FAILED);
        Result r = acs("node-deploy", "700001", "700002", "--url", URL, "--rollback-version", "1", "--max-failures", "1");
        assertThat(r.exit()).as(r.toString()).isEqualTo(6);
        JsonNode failed = r.json().get(1);
        assertThat(failed.get("outcome").asText()).isEqualTo("FAILED");
        assertThat(failed.get("rollbackCommandId").asText()).isNotEmpty();
        assertThat(posts()).extracting(AccessLogEntry::path).containsOnlyOnce("/api/v1/node/700002/historyStart");
        assertThat(posts()).extracting(AccessLogEntry::path).doesNotContain("/api/v1/node/700001/historyStart");
    }

    @Test
    void theTableSaysWhyANodeFailedAndWhatBecameOfItsRollback() throws Exception {
        assertThat(acs("node-deploy", "700001", "700002", "700003", "--url", URL).exit()).isZero(); // version 1 on all
        sim.faults().onNode(700002, CommandFault.PUBLISH_FAILED);
        Result r = acs("node-deploy", "700001", "700002", "700003", "--url", URL, "--rollback-version", "1", "-o", "table");
        assertThat(r.exit()).as(r.toString()).isEqualTo(6);
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).contains("ROLLBACK").contains("REASON");
        String failedRow = java.util.Arrays.stream(lines).filter(l -> l.startsWith("700002")).findFirst().orElseThrow();
        // the fault stays on the node, so the rollback fails too
        assertThat(failedRow.substring(lines[0].indexOf("ROLLBACK"), lines[0].indexOf("REASON")).trim()).startsWith("failed: ");
        String reason = failedRow.substring(lines[0].indexOf("REASON")).trim();
        assertThat(reason).as("a short reason, without the rollback notes").startsWith("command failed: status PUBLISH_FAILED")
                .doesNotContain("rollback").hasSizeLessThanOrEqualTo(60);
        String okRow = java.util.Arrays.stream(lines).filter(l -> l.startsWith("700001")).findFirst().orElseThrow();
        assertThat(okRow.length()).as("no rollback, no reason").isLessThanOrEqualTo(lines[0].indexOf("ROLLBACK"));
        assertThat(r.err()).contains("2 succeeded, 1 failed").contains("rollbacks: 1 started, 0 succeeded, 1 failed");
    }

    @Test
    void aTimedOutNodeGivesExit7() throws Exception {
        sim.faults().onNode(700003, CommandFault.NEVER_FINISHES);
        Result r = acs("node-start", "700001", "700003", "--wait-timeout", "1s");
        assertThat(r.exit()).as(r.toString()).isEqualTo(7);
        assertThat(r.json().get(1).get("outcome").asText()).isEqualTo("TIMED_OUT");
    }

    @Test
    void destructiveFleetCommandsRefuseWithoutYesOffATerminal() {
        Result r = acs("node-delete", "700001", "700002");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--yes", "2 nodes");
        assertThat(r.err()).as("the refusal names the endpoint and the nodes")
                .contains("on " + sim.endpoint() + " (from --endpoint): 700001, 700002");
        assertThat(posts()).isEmpty();
    }

    @Test
    void aSingleIdKeepsTheOneCommandOutput() throws Exception {
        Result r = acs("node-deploy", "610474", "--url", URL);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.json().has("commandId")).isTrue();
        assertThat(r.json().isObject()).isTrue();
    }

    private void awaitIdle(long node) throws InterruptedException {
        Await.until(() -> sim.client().node(node).status() == NodeStatus.STOPPED);
    }
}
