package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.sim.CommandFault;
import acs.sim.NetworkFault;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import acs.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fleet table as a person reads it, and the JSON rows a script reads: why a node was skipped,
 * failed or is unknown, what became of its rollback, whether an earlier attempt made its change;
 * in the plain table in few words, in wide whole. In-process, against the simulator.
 */
@Timeout(120)
class FleetTableTest {
    static final String URL = "http://repo.example.com/app-2.0.war";
    /** The fields scripts have read since fleets had rows: kept, never renamed. */
    static final List<String> KEPT = List.of("node", "commandId", "status", "result", "seconds", "outcome", "batch", "polls",
            "rollbackCommandId", "error", "earlierAttempt");
    Simulator sim;

    @BeforeEach void start() {
        sim = Simulator.start(SimConfig.defaults().withExtraNodes(10).withCommandDuration(Duration.ofMillis(200)));
    }

    @AfterEach void stop() {
        Terminal.use(null);
        sim.close();
    }

    CliHarness.Result acs(String... args) {
        return CliHarness.runAgainst(sim, args);
    }

    /** The plain or wide table as cells by header, one map per row (columns are separated by at least three spaces). */
    static List<Map<String, String>> table(String out) {
        String[] lines = out.split("\n");
        List<Integer> starts = new ArrayList<>();
        Matcher m = Pattern.compile("(?<=^|\\s{3})\\S").matcher(lines[0]);
        while (m.find()) starts.add(m.start());
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : Arrays.copyOfRange(lines, 1, lines.length)) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < starts.size(); i++) {
                int from = starts.get(i), to = i + 1 < starts.size() ? starts.get(i + 1) : Integer.MAX_VALUE;
                String header = lines[0].substring(from, Math.min(lines[0].length(), to)).trim();
                row.merge(header, from >= line.length() ? "" : line.substring(from, Math.min(line.length(), to)).trim(), (a, b) -> a + "|" + b);
            }
            rows.add(row);
        }
        return rows;
    }

    static Map<String, String> rowOf(List<Map<String, String>> rows, long node) {
        return rows.stream().filter(r -> r.get("NODE").equals(Long.toString(node))).findFirst().orElseThrow();
    }

    @Test
    void skippedRowsSayTheyWereNotStartedAfterTooManyFailuresAndTheJsonKeepsItsFields() throws Exception {
        sim.faults().onNode(700002, CommandFault.RESULT_FAILED);
        String[] deploy = {"node-deploy", "700001", "700002", "700003", "700004", "--url", URL, "--batch", "2"};
        CliHarness.Result t = acs(concat(deploy, "-o", "table"));
        assertThat(t.exit()).as(t.toString()).isEqualTo(6);
        List<Map<String, String>> rows = table(t.out());
        assertThat(rowOf(rows, 700003).get("OUTCOME")).isEqualTo("SKIPPED");
        assertThat(rowOf(rows, 700003).get("REASON")).isEqualTo("not started: more than 0 failures");
        assertThat(rowOf(rows, 700004).get("REASON")).isEqualTo("not started: more than 0 failures");
        assertThat(rowOf(rows, 700002).get("REASON")).startsWith("command failed: status DONE, result");
        assertThat(rowOf(rows, 700001).get("REASON")).isEmpty();

        sim.faults().clear();
        sim.faults().onNode(700001, CommandFault.RESULT_FAILED);
        CliHarness.Result j = acs(concat(deploy, "-o", "json"));
        assertThat(j.exit()).as(j.toString()).isEqualTo(6);
        JsonNode json = Json.MAPPER.readTree(j.out());
        for (JsonNode row : json) assertThat(row.properties()).extracting(Map.Entry::getKey).containsAll(KEPT);
        assertThat(json.get(2).path("outcome").asText()).isEqualTo("SKIPPED");
        assertThat(json.get(2).path("reason").asText()).isEqualTo("MAX_FAILURES");
        assertThat(json.get(2).path("reasonDetail").asText()).isEqualTo("more than 0 failures");
        assertThat(json.get(0).path("reason").asText()).isEqualTo("COMMAND_FAILED");
        assertThat(json.get(0).path("error").asText()).as("the whole error, as before")
                .startsWith("command " + json.get(0).path("commandId").asText() + " (").contains("failed: status DONE");
        assertThat(json.get(1).path("reason").asText()).isEqualTo("NONE");
        assertThat(json.get(1).path("rollback").asText()).isEqualTo("NONE");
    }

    @Test
    void aFailedRollbackSaysWhyInThePlainTableAndWideShowsEveryErrorWholeOnATerminal() throws Exception {
        assertThat(acs("node-deploy", "700001", "700002", "--url", URL).exit()).isZero(); // version 1 on both
        sim.faults().onNode(700002, CommandFault.PUBLISH_FAILED); // stays on the node: the rollback fails too
        String[] deploy = {"node-deploy", "700001", "700002", "--url", URL, "--rollback-version", "1", "--max-failures", "1"};
        CliHarness.Result t = acs(concat(deploy, "-o", "table"));
        assertThat(t.exit()).as(t.toString()).isEqualTo(6);
        Map<String, String> failed = rowOf(table(t.out()), 700002);
        assertThat(failed.get("ROLLBACK")).as("why, without -o wide: the rollback's failing step").startsWith("failed: publish failed");
        assertThat(failed.get("REASON")).startsWith("command failed: status PUBLISH_FAILED");

        CliHarness.Result j = acs(concat(deploy, "-o", "json"));
        JsonNode row = Json.MAPPER.readTree(j.out()).get(1);
        assertThat(row.path("rollback").asText()).isEqualTo("FAILED");
        assertThat(row.path("rollbackCommandId").asText()).isNotEmpty();
        assertThat(row.path("error").asText()).as("the error still ends with the rollback's note")
                .endsWith("; rollback failed: " + row.path("rollbackDetail").asText());

        Terminal.use(new Terminal() { // a person watches: a progress bar on stderr, nothing cut on stdout
            @Override public boolean interactive() { return true; }
            @Override public String readLine(String prompt) { return "y"; }
        });
        CliHarness.Result w = acs(concat(deploy, "-o", "wide"));
        assertThat(w.exit()).as(w.toString()).isEqualTo(6);
        assertThat(w.err()).as("it ran as on a terminal").contains("[");
        Map<String, String> wide = rowOf(table(w.out()), 700002);
        assertThat(wide.get("ERROR")).as("wide: the whole error, its rollback's note included")
                .startsWith("command " + wide.get("COMMAND_ID") + " (").endsWith("; rollback " + wide.get("ROLLBACK"))
                .doesNotContain("…").hasSizeGreaterThan(60);
        assertThat(wide.get("ROLLBACK")).startsWith("failed: ").doesNotEndWith("…");
        assertThat(wide.get("REASON")).startsWith("command failed: ").doesNotEndWith("…");
        assertThat(wide.get("ERROR")).as("the reason's words are the error's").contains(wide.get("REASON").substring("command failed: ".length()));
        assertThat(wide.get("ROLLBACK_ID")).isNotEmpty();
    }

    @Test
    void aNodeOfUnknownOutcomeSaysTheAnswerWasLostAndTheJsonSaysWhatToCheck() throws Exception {
        sim.faults().networkOnNode(700002, 1.0, NetworkFault.LOST_RESPONSE);
        CliHarness.Result t = acs("node-deploy", "700001", "700002", "--url", URL, "-o", "table");
        assertThat(t.exit()).as(t.toString()).isEqualTo(5);
        Map<String, String> lost = rowOf(table(t.out()), 700002);
        assertThat(lost.get("OUTCOME")).isEqualTo("UNKNOWN");
        assertThat(lost.get("REASON")).startsWith("answer lost: ");
        JsonNode row = Json.MAPPER.readTree(acs("node-deploy", "700002", "700003", "--url", URL, "-o", "json").out()).get(0);
        assertThat(row.path("reason").asText()).isEqualTo("ANSWER_LOST");
        assertThat(row.path("error").asText()).as("the whole text says what to check").isEqualTo(row.path("reasonDetail").asText())
                .contains("700002");
    }

    @Test
    void aResumedAttemptThatStopsReportsTheNodesItsEarlierAttemptMadeNotSkipped() throws Exception {
        // concurrency 2: 700001 fails late (its command takes 8s); meanwhile 700002–700005 go through the other slot, 700005 for 10s,
        // so when the run stops 700006 is never started (8s leaves room for three short commands on a loaded machine)
        sim.faults().onNode(700001, CommandFault.RESULT_FAILED).commandDuration(700001, Duration.ofSeconds(8));
        sim.faults().commandDuration(700005, Duration.ofSeconds(10));
        CliHarness.Result first = acs("node-deploy", "700001", "700002", "700003", "700004", "700005", "700006", "--url", URL,
                "--concurrency", "2", "--max-failures", "0", "-o", "json");
        assertThat(first.exit()).as(first.toString()).isEqualTo(6);
        List<String> outcomes = new ArrayList<>();
        for (JsonNode r : Json.MAPPER.readTree(first.out())) outcomes.add(r.path("outcome").asText());
        assertThat(outcomes).as(first.toString()).containsExactly("FAILED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SKIPPED");
        Matcher run = Pattern.compile("acs resume ([0-9a-f]{6})").matcher(first.err());
        assertThat(run.find()).as(first.err()).isTrue();

        // the resumed attempt follows 700001 again, sees it failed and stops: what of the others?
        CliHarness.Result again = acs("resume", run.group(1), "-o", "table");
        assertThat(again.exit()).as(again.toString()).isEqualTo(6);
        List<Map<String, String>> rows = table(again.out());
        for (long node = 700002; node <= 700005; node++) {
            Map<String, String> r = rowOf(rows, node);
            assertThat(r.get("OUTCOME")).as("%d: its real outcome, from the earlier attempt\n%s", node, again).isEqualTo("SUCCEEDED");
            assertThat(r.get("EARLIER")).as("%d", node).isEqualTo("yes");
            assertThat(r.get("COMMAND_ID")).as("%d", node).isNotEmpty();
        }
        assertThat(rowOf(rows, 700001).get("OUTCOME")).isEqualTo("FAILED");
        assertThat(rowOf(rows, 700001).get("EARLIER")).isEqualTo("yes");
        assertThat(rowOf(rows, 700006).get("OUTCOME")).isEqualTo("SKIPPED");
        assertThat(rowOf(rows, 700006).get("EARLIER")).isEmpty();
        assertThat(rowOf(rows, 700006).get("REASON")).isEqualTo("not started: more than 0 failures");
        assertThat(again.err()).contains("4 succeeded, 1 failed, 0 timed out, 1 skipped");
        assertThat(sim.accessLog()).filteredOn(e -> e.method().equals("POST")).as("nothing sent again").hasSize(5);
    }

    static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
