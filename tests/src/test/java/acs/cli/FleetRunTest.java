package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.sim.CommandFault;
import acs.sim.NetworkFault;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import acs.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A fleet command as its user sees it, in process against the simulator: the settings it refuses
 * before sending anything, what a dry run says, the lines on stderr while it runs and after, and a
 * resume (dry or real) that keeps the run's own settings.
 */
@Timeout(120)
class FleetRunTest {
    static final String URL = "http://repo.example.com/app-2.0.war";
    Simulator sim;

    @BeforeEach void start() {
        sim = Simulator.start(SimConfig.defaults().withExtraNodes(12).withCommandDuration(Duration.ofMillis(100)));
    }

    @AfterEach void stop() {
        Terminal.use(null);
        sim.close();
    }

    CliHarness.Result acs(String... args) {
        return CliHarness.runAgainst(sim, args);
    }

    long posts() {
        return sim.accessLog().stream().filter(e -> e.method().equals("POST")).count();
    }

    static String runId(CliHarness.Result r) {
        Matcher m = Pattern.compile("acs: run ([0-9a-f]{6}) \\(resume with: acs resume \\1\\)").matcher(r.err());
        assertThat(m.find()).as(r.toString()).isTrue();
        return m.group(1);
    }

    static void refused(CliHarness.Result r, String message) {
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).as(r.toString()).isEqualTo("acs: error: " + message + "\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void settingsThatCannotWorkAreRefusedBeforeAnythingIsSent() {
        refused(acs("node-deploy", "700001", "700002", "--url", URL, "--pause", "1s"), "--pause: only makes sense with --batch");
        refused(acs("node-deploy", "700001", "700002", "--url", URL, "--batch", "0"), "--batch: 0 must be at least 1");
        refused(acs("node-deploy", "700001", "700002", "--url", URL, "--connections", "0"), "--connections: 0 must be at least 1");
        refused(acs("node-deploy", "700001", "700002", "--url", URL, "--rollback-version", "v2"), "--rollback-version: 'v2' is not a package version: "
                + "give 1, 2, 3, ... (in the order of a node's successful deploys) or 'previous' (each node's version before this run, from the journal)");
        assertThat(posts()).isZero();
    }

    @Test
    void aSelectionThatMatchesNothingNamesEverySelectorGiven() {
        refused(acs("node-deploy", "--service", "1", "--status", "RUNNING", "--name", "^zz", "--url", URL),
                "selection: no node matches --service 1, --status RUNNING, --name ^zz; nothing was sent");
        refused(acs("node-deploy", "--status", "DELETING", "--url", URL), "selection: no node matches --status DELETING; nothing was sent");
        refused(acs("node-deploy", "--name", "^zz", "--url", URL), "selection: no node matches --name ^zz; nothing was sent");
        refused(acs("node-deploy", "--all", "799999", "--service", "3", "--url", URL), "selection: no node matches ids [799999], --service 3; nothing was sent");
        refused(acs("node-deploy", "--all", "799999", "--status", "STOPPED", "--name", "x", "--url", URL),
                "selection: no node matches ids [799999], --status STOPPED, --name x; nothing was sent");
        assertThat(posts()).isZero();
    }

    @Test
    void aDryRunPrintsEveryRequestAndSaysWhichNodesDoNotExist() {
        CliHarness.Result one = acs("node-deploy", "700001", "--url", URL, "--concurrency", "1", "--dry-run");
        assertThat(one.exit()).as(one.toString()).isZero();
        assertThat(one.err()).isEqualTo("acs: dry run: nothing was sent; 1 request would be:\n");
        assertThat(one.out()).startsWith("POST " + sim.endpoint().toString().replaceAll("/$", "") + "/api/v1/node/700001/uploadStart\n");

        CliHarness.Result all = acs("node-deploy", "--all", "700003", "700001", "700002", "--url", URL, "--dry-run");
        assertThat(all.exit()).as(all.toString()).isZero();
        assertThat(all.err()).isEqualTo("acs: dry run: nothing was sent; 3 requests would be:\n");
        assertThat(Pattern.compile("(?m)^POST \\S+/api/v1/node/(\\d+)/uploadStart$").matcher(all.out()).results().map(m -> m.group(1)))
                .as("--all with ids: those ids, each request once").containsExactlyInAnyOrder("700001", "700002", "700003");

        CliHarness.Result oneMissing = acs("node-deploy", "700001", "799999", "--url", URL, "--dry-run");
        assertThat(oneMissing.exit()).as(oneMissing.toString()).isEqualTo(6);
        assertThat(oneMissing.err()).isEqualTo("acs: dry run: nothing was sent; 2 requests would be:\n"
                + "acs: dry run: 1 of 2 nodes does not exist (read by GET /api/v1/node); the real run fails it with code 1005: [799999]\n");
        assertThat(oneMissing.out()).contains("/api/v1/node/700001/uploadStart").contains("/api/v1/node/799999/uploadStart");

        CliHarness.Result twoMissing = acs("node-deploy", "700001", "799998", "799999", "--url", URL, "--dry-run");
        assertThat(twoMissing.exit()).as(twoMissing.toString()).isEqualTo(6);
        assertThat(twoMissing.err()).endsWith("acs: dry run: 2 of 3 nodes do not exist (read by GET /api/v1/node); the real run fails them with code 1005: [799998, 799999]\n");

        CliHarness.Result filtered = acs("node-deploy", "--all", "--name", "线", "--url", URL, "--dry-run");
        assertThat(filtered.exit()).as("a filtered selection has only nodes that exist\n" + filtered).isZero();
        assertThat(posts()).isZero();
    }

    @Test
    void aRunSaysHowItRunsAndItsSummaryAndTheRunRecordsItsCounts() throws Exception {
        sim.faults().onNode(700002, CommandFault.RESULT_FAILED);
        CliHarness.Result r = acs("node-deploy", "700001", "700002", "700003", "--url", URL, "--concurrency", "3", "--connections", "4", "--batch", "1", "--max-failures", "5");
        assertThat(r.exit()).as(r.toString()).isEqualTo(6);
        String id = runId(r);
        assertThat(r.err()).as(r.toString()).startsWith("acs: run " + id + " (resume with: acs resume " + id + ")\n"
                + "acs: deploy to 3 nodes (concurrency all, 4 connections, batches of 1)\n"
                + "acs: deploy to 3 nodes: 2 succeeded, 1 failed, 0 timed out, 0 skipped in ");
        assertThat(r.err()).as("no progress bar off a terminal").doesNotContain("\r").doesNotContain("[#");
        assertThat(r.err().lines()).as("nothing is left: no resume asked for").hasSize(3);
        JsonNode status = Json.MAPPER.readTree(CliHarness.run("run-status", id, "-o", "json").out());
        assertThat(status.path("state").asText()).as(status.toString()).isEqualTo("finished");
        assertThat(status.path("done").asInt()).as(status.toString()).isEqualTo(2);
        assertThat(status.path("failed").asInt()).isEqualTo(1);
        assertThat(status.path("unknown").asInt()).isZero();
        assertThat(status.path("left").asInt()).isZero();

        CliHarness.Result two = acs("node-deploy", "700004", "700005", "700006", "--url", URL, "--concurrency", "2");
        assertThat(two.exit()).as(two.toString()).isZero();
        assertThat(two.err()).contains("acs: deploy to 3 nodes (concurrency 2, 128 connections)\n");
        CliHarness.Result single = acs("node-start", "700004", "700005", "--connections", "1");
        assertThat(single.exit()).as("one connection is enough\n" + single).isZero();
        assertThat(single.err()).contains("acs: start 2 nodes (concurrency all, 1 connections)\n");
    }

    @Test
    void aRunWithNodesLeftSaysSoAndItsDryResumeCountsWhatItWouldDo() throws Exception {
        sim.faults().onNode(700002, CommandFault.RESULT_FAILED);
        sim.faults().networkOnNode(700003, 1.0, NetworkFault.LOST_RESPONSE);
        CliHarness.Result r = acs("node-deploy", "700001", "700002", "700003", "700004", "700005", "--url", URL,
                "--concurrency", "1", "--max-failures", "1", "--connections", "3");
        assertThat(r.exit()).as(r.toString()).isEqualTo(5);
        String id = runId(r);
        assertThat(r.err()).as(r.toString()).endsWith("acs: run " + id + ": 2 node(s) left without an end, 1 of unknown outcome "
                + "(check, then 'acs journal --resolve ENTRY --applied|--not-applied'); finish it with: acs resume " + id + "\n");
        JsonNode status = Json.MAPPER.readTree(CliHarness.run("run-status", id, "-o", "json").out());
        assertThat(status.path("state").asText()).as(status.toString()).isEqualTo("incomplete");
        assertThat(status.path("done").asInt()).as(status.toString()).isEqualTo(1);
        assertThat(status.path("failed").asInt()).isEqualTo(1);
        assertThat(status.path("unknown").asInt()).isEqualTo(1);
        assertThat(status.path("left").asInt()).isEqualTo(2);
        long sent = posts();

        String base = sim.endpoint().toString().replaceAll("/$", "");
        CliHarness.Result dry = acs("resume", id, "--dry-run");
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.err()).isEqualTo("acs: dry run of resuming run " + id + " (node-deploy on 5 nodes): nothing is sent\n");
        assertThat(dry.out()).isEqualTo("run " + id + " (node-deploy on 5 nodes), 5 nodes:\n"
                + "  answered from the journal: 2  (commands earlier attempts made: followed, not sent again)\n"
                + "  outcome unknown: 1  (never sent again; what to check: acs journal --run " + id + " --pending)\n"
                + "  to send: 2  (the first: POST " + base + "/api/v1/node/700004/uploadStart)\n"
                + "each node: acs resume " + id + " --dry-run -v\n");

        CliHarness.Result each = acs("resume", id, "--dry-run", "-v");
        assertThat(each.exit()).as(each.toString()).isZero();
        assertThat(each.out()).containsPattern("  to send: 2  \\(the first: POST \\S+/api/v1/node/700004/uploadStart\\)\n\nnode 700001: answered from the journal: command \\S+ \\(succeeded\\), followed, not sent again\n")
                .containsPattern("node 700002: answered from the journal: command \\S+ \\(failed\\), followed, not sent again\n")
                .containsPattern("node 700003: outcome unknown \\(entry \\S+\\), not sent again: ")
                .contains("node 700004: would be sent:\nPOST " + base + "/api/v1/node/700004/uploadStart\n")
                .contains("node 700005: would be sent:\nPOST " + base + "/api/v1/node/700005/uploadStart\n")
                .doesNotContain("each node: acs resume");

        Matcher entry = Pattern.compile("node 700003: outcome unknown \\(entry (\\S+)\\)").matcher(each.out());
        assertThat(entry.find()).isTrue();
        CliHarness.Result resolved = CliHarness.run("journal", "--resolve", entry.group(1), "--applied");
        assertThat(resolved.exit()).as(resolved.toString()).isZero();
        CliHarness.Result after = acs("resume", id, "--dry-run");
        assertThat(after.out()).as(after.toString()).contains("  answered from the journal: 3 (1 found applied by hand)  (commands earlier attempts made: followed, not sent again)\n")
                .doesNotContain("outcome unknown");
        assertThat(acs("resume", id, "--dry-run", "-v").out()).containsPattern("node 700003: answered from the journal: found applied by hand \\(entry \\S+\\), not sent again\n");
        assertThat(posts()).as("a dry resume sends nothing").isEqualTo(sent);

        sim.faults().clear();
        CliHarness.Result again = acs("resume", id);
        assertThat(again.exit()).as(again.toString()).isEqualTo(6);
        assertThat(again.err()).as("the run's own settings: concurrency 1, 3 connections").startsWith("acs: run " + id + " (resume with: acs resume " + id + "); attempt 2, ")
                .contains(" change(s) of earlier attempts in the journal\nacs: deploy to 5 nodes (concurrency 1, 3 connections)\n")
                .contains("acs: deploy to 5 nodes: 4 succeeded, 1 failed, 0 timed out, 0 skipped");
        assertThat(posts()).as("only 700004 and 700005 sent").isEqualTo(sent + 2);
    }

    @Test
    void aNodeThatTimesOutIsLeftForAResumeWhichRefusesParametersWhoseSecretsWereNotKept() {
        sim.faults().commandDuration(700002, Duration.ofSeconds(30));
        CliHarness.Result r = acs("node-deploy", "700001", "700002", "--url", "http://deployer:s3cret@repo.example.com/app-2.0.war", "--wait-timeout", "1s");
        assertThat(r.exit()).as(r.toString()).isEqualTo(7);
        String id = runId(r);
        assertThat(r.err()).as(r.toString()).endsWith("acs: run " + id + ": 1 node(s) left without an end; finish it with: acs resume " + id + "\n");
        long sent = posts();
        CliHarness.Result again = acs("resume", id);
        refused(again, "RUN: run " + id + " changed nodes with parameters that held secrets, which were not kept [url]; nothing was sent: "
                + "run the command again for the nodes 'acs journal --runs' shows as left");
        assertThat(posts()).isEqualTo(sent);
    }

    @Test
    void rollbackToPreviousSaysWhereThreeNodesVersionsCameFromAndCountsTheOthers() {
        String v1 = "http://repo.example.com/app-1.0.war";
        String[] five = {"node-deploy", "700001", "700002", "700003", "700004", "700005", "--url", v1};
        assertThat(acs(five).exit()).isZero();
        five[7] = URL;
        String[] back = FleetTableTest.concat(five, "--rollback-version", "previous");
        CliHarness.Result r = acs(back);
        assertThat(r.exit()).as(r.toString()).isZero();
        java.util.List<String> said = r.err().lines().filter(l -> l.startsWith("acs: --rollback-version previous: ")).toList();
        assertThat(said).as(r.toString()).hasSize(4);
        for (int i = 0; i < 3; i++) assertThat(said.get(i)).startsWith("acs: --rollback-version previous: node 70000" + (i + 1) + " runs version 1 since the deploy of " + v1);
        assertThat(said.get(3)).isEqualTo("acs: --rollback-version previous: the other 2 nodes likewise");
    }

    @Test
    void rollbackToPreviousOfNodesNeverSeenDeployedNamesTheFirstAndCountsTheOthers() {
        assertThat(acs("node-deploy", "700001", "--url", URL, "--wait").exit()).isZero();
        long sent = posts();
        CliHarness.Result one = acs("node-deploy", "700001", "700002", "--url", URL, "--rollback-version", "previous");
        assertThat(one.exit()).as(one.toString()).isEqualTo(2);
        assertThat(one.err()).startsWith("acs: error: --rollback-version previous: node 700002: the journal (").doesNotContain("more of the");
        CliHarness.Result three = acs("node-deploy", "700002", "700003", "700004", "--url", URL, "--rollback-version", "previous");
        assertThat(three.exit()).as(three.toString()).isEqualTo(2);
        assertThat(three.err()).startsWith("acs: error: --rollback-version previous: node 700002: the journal (")
                .endsWith(" (and 2 more of the 3 nodes); nothing was sent\n");
        assertThat(posts()).isEqualTo(sent);
    }

    @Test
    void tenNodesRunWithoutAQuestionElevenNeedAConfirmation() {
        String[] ten = {"node-start", "700001", "700002", "700003", "700004", "700005", "700006", "700007", "700008", "700009", "700010"};
        CliHarness.Result r = acs(ten);
        assertThat(r.exit()).as(r.toString()).isZero();
        String[] eleven = java.util.Arrays.copyOf(ten, 12);
        eleven[11] = "700011";
        CliHarness.Result refused = acs(eleven);
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains("refusing to start 11 nodes on ");
    }

    @Test
    void onATerminalAProgressBarIsDrawnAndEndsItsLineBeforeTheSummary() {
        Terminal.use(new Terminal() {
            @Override public boolean interactive() { return true; }
            @Override public String readLine(String prompt) { return "n"; }
        });
        CliHarness.Result r = acs("node-deploy", "700001", "700002", "--url", URL);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).as(r.toString()).contains("\rdeploy to [").contains("] 2/2  running 0  ok 2  failed 0  ")
                .contains("\033[K\nacs: deploy to 2 nodes: 2 succeeded");
    }
}
