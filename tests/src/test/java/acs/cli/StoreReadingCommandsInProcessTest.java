package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.journal.JournalEntry;
import acs.journal.JournalEntry.State;
import acs.journal.Operator;
import acs.journal.RunClaim;
import acs.journal.RunRecord;
import acs.journal.StateStore;
import acs.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code acs journal}, {@code acs history}, {@code acs run-status} and {@code acs lease}, run in
 * this JVM (the twins of the child JVM tests {@link JournalCommandTest} and {@link StoreCommandsTest})
 * on a journal of this test's own: the system property {@code acs.journal} points at a file in a
 * temporary folder for the test, and is put back after it.
 */
class StoreReadingCommandsInProcessTest {
    private static final String EP = "http://acs.example.test";
    private static final Operator ALICE = new Operator("alice@h1", "h1", 101);

    /** The parameters sent, each name=value, one space between them (in the order the journal keeps them). */
    private static final String BOTH_PARAMS = ".*(url=http://repo/b.war version=5.2|version=5.2 url=http://repo/b.war).*";

    @RegisterExtension final OwnJournal own = new OwnJournal();

    private static JournalEntry change(long node, String url, String operator, String run, Instant when, State state) {
        return new JournalEntry(UUID.randomUUID().toString(), when, when, EP, null, "node-deploy", "POST", "/api/v1/node/" + node + "/uploadStart",
                node, null, Map.of("url", url), "cmd-" + node + "-" + url.hashCode(), state, null, 1, JournalEntry.Face.CLI, null, run, run == null ? 0 : 1,
                operator, null);
    }

    private void fourChanges() {
        Instant now = Instant.now();
        own.journal().store().append(List.of(
                change(610474, "http://repo/old.war", "carol@h3", null, now.minus(30, ChronoUnit.DAYS), State.SUCCEEDED),
                change(610474, "http://repo/a.war", "alice@h1", "run-a", now.minus(2, ChronoUnit.HOURS), State.SUCCEEDED),
                change(610247, "http://repo/b.war", "bob@h2", null, now.minus(1, ChronoUnit.HOURS), State.SUCCEEDED),
                change(610474, "http://repo/c.war", "bob@h2", null, now.minus(1, ChronoUnit.MINUTES), State.SUCCEEDED)));
    }

    private static List<String> urls(CliHarness.Result r) throws Exception {
        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> out = new ArrayList<>();
        for (JsonNode e : Json.MAPPER.readTree(r.out())) {
            out.add(e.has("params") ? e.path("params").path("url").asText() : e.path("what").asText().replace("url=", ""));
        }
        return out;
    }

    private static String tail(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private static List<String> wars(CliHarness.Result r) throws Exception {
        return urls(r).stream().map(StoreReadingCommandsInProcessTest::tail).toList();
    }

    @Test void journalAndHistoryTakeTheSameFiltersAndListTheNewestLast() throws Exception {
        fourChanges();
        for (String cmd : List.of("journal", "history")) {
            assertThat(wars(CliHarness.run(cmd))).as(cmd + ": every change, oldest first").containsExactly("old.war", "a.war", "b.war", "c.war");
            assertThat(wars(CliHarness.run(cmd, "--limit", "2"))).as(cmd + " --limit 2: the newest two, oldest first").containsExactly("b.war", "c.war");
            assertThat(wars(CliHarness.run(cmd, "--limit", "1"))).as(cmd + " --limit 1 is allowed").containsExactly("c.war");
            assertThat(wars(CliHarness.run(cmd, "--node", "610474"))).as(cmd).containsExactly("old.war", "a.war", "c.war");
            assertThat(wars(CliHarness.run(cmd, "--node", "610474,610247", "--since", "7d"))).as(cmd).containsExactly("a.war", "b.war", "c.war");
            assertThat(wars(CliHarness.run(cmd, "--since", "90m"))).as(cmd).containsExactly("b.war", "c.war");
            assertThat(wars(CliHarness.run(cmd, "--user", "bob"))).as(cmd).containsExactly("b.war", "c.war");
            assertThat(wars(CliHarness.run(cmd, "--run", "run-a"))).as(cmd).containsExactly("a.war");
            for (String bad : List.of("0", "-1")) {
                CliHarness.Result zero = CliHarness.run(cmd, "--limit", bad);
                assertThat(zero.exit()).as(zero.toString()).isEqualTo(2);
                assertThat(zero.err()).contains("--limit").contains(bad + " must be at least 1");
                assertThat(zero.out()).isEmpty();
            }
            CliHarness.Result since = CliHarness.run(cmd, "--since", "soon");
            assertThat(since.exit()).as(since.toString()).isEqualTo(2);
            assertThat(since.err()).contains("--since");
        }
    }

    @Test void theJournalTableSaysWhatWasSentWhereAndByWhomToTheSecond() throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("url", "http://repo/b.war");
        params.put("version", "5.2");
        Instant fraction = Instant.parse("2026-03-04T05:06:07.123456789Z");
        own.journal().store().append(List.of(
                new JournalEntry("e-node", fraction, fraction, EP, "prod", "node-deploy", "POST", "/node", 610247L, null, params, "cmd-1",
                        State.SUCCEEDED, "took 3 s", 1, JournalEntry.Face.CLI, null, "run-t", 1, "bob@h2", null),
                new JournalEntry("e-cont", Instant.parse("2026-03-04T05:06:08Z"), Instant.parse("2026-03-04T05:06:08Z"), EP, null, "container-stop",
                        "POST", "/c", null, 77L, Map.of(), null, State.UNKNOWN, null, 1, JournalEntry.Face.CLI, null, null, 0, "carol@h3", null),
                new JournalEntry("e-none", Instant.parse("2026-03-04T05:06:09Z"), Instant.parse("2026-03-04T05:06:09Z"), EP, null, "lease-release",
                        "-", null, null, null, Map.of(), null, State.SUCCEEDED, null, 1, JournalEntry.Face.CLI, null, null, 0, "dan@h4", null)));

        CliHarness.Result t = CliHarness.run("journal", "-o", "table");
        assertThat(t.exit()).as(t.toString()).isZero();
        String[] lines = t.out().split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0].split("\\s+")).containsExactly("ENTRY", "TIME", "OPERATION", "TARGET", "WHAT", "STATE", "COMMAND_ID", "USER", "ENDPOINT");
        assertThat(lines[1]).contains("e-node").contains("2026-03-04T05:06:07Z").doesNotContain(".123")
                .contains("node 610247").matches(BOTH_PARAMS).contains("succeeded").contains("cmd-1").contains("bob@h2").contains(EP)
                .doesNotContain("run-t").doesNotContain("prod");
        assertThat(lines[2]).contains("e-cont").contains("2026-03-04T05:06:08Z").contains("container 77").contains("unknown").contains("carol@h3");
        assertThat(lines[3]).contains("e-none").contains("lease-release").doesNotContain("node ").doesNotContain("container ");
        assertThat(lines[3].split("\\s+")).as("no target, no parameters, no command id").containsExactly("e-none", "2026-03-04T05:06:09Z",
                "lease-release", "succeeded", "dan@h4", EP);

        CliHarness.Result wide = CliHarness.run("journal", "-o", "wide", "--limit", "3");
        assertThat(wide.out().split("\n")[0]).matches(".*ENDPOINT\\s+RUN\\s+PROFILE\\s+DETAIL");
        assertThat(wide.out().split("\n")[1]).contains("run-t").contains("prod").endsWith("took 3 s");

        CliHarness.Result history = CliHarness.run("history", "-o", "table");
        assertThat(history.exit()).as(history.toString()).isZero();
        String[] h = history.out().split("\n");
        assertThat(h[0].split("\\s+")).containsExactly("TIME", "WHO", "OPERATION", "TARGET", "WHAT", "STATE", "RUN");
        assertThat(h[1]).contains("bob@h2").contains("node 610247").matches(BOTH_PARAMS).contains("run-t");
        assertThat(h[2]).contains("carol@h3").contains("container 77").contains("unknown");
        JsonNode json = Json.MAPPER.readTree(CliHarness.run("history").out());
        assertThat(json.get(0).path("node").asLong()).isEqualTo(610247L);
        assertThat(json.get(0).has("container")).isFalse();
        assertThat(json.get(0).path("detail").asText()).isEqualTo("took 3 s");
        assertThat(json.get(0).path("commandId").asText()).isEqualTo("cmd-1");
        assertThat(json.get(0).path("attempt").asInt()).isEqualTo(1);
        assertThat(json.get(0).path("id").asText()).isEqualTo("e-node");
        assertThat(json.get(1).path("container").asLong()).isEqualTo(77L);
        assertThat(json.get(1).has("node")).isFalse();
        assertThat(json.get(2).path("target").asText()).isEmpty();
        CliHarness.Result hw = CliHarness.run("history", "-o", "wide");
        assertThat(hw.out().split("\n")[0]).contains("COMMAND_ID").contains("ENDPOINT").contains("DETAIL").endsWith("ENTRY");
    }

    @Test void pendingListsOnlyWhatIsStillOpenAndResolveRecordsWhatTheCheckFound() throws Exception {
        fourChanges();
        Instant now = Instant.now();
        own.journal().store().append(List.of(change(42, "http://repo/u.war", "bob@h2", null, now, State.UNKNOWN),
                change(43, "http://repo/v.war", "bob@h2", null, now, State.UNKNOWN)));
        JsonNode pending = Json.MAPPER.readTree(CliHarness.run("journal", "--pending").out());
        assertThat(pending).extracting(e -> e.path("node").asLong()).containsExactly(42L, 43L);
        String id = pending.get(0).path("id").asText();

        CliHarness.Result neither = CliHarness.run("journal", "--resolve", id);
        assertThat(neither.exit()).isEqualTo(2);
        assertThat(neither.err()).contains("--resolve").contains("--applied").contains("--not-applied");
        CliHarness.Result both = CliHarness.run("journal", "--resolve", id, "--applied", "--not-applied");
        assertThat(both.exit()).isEqualTo(2);
        CliHarness.Result none = CliHarness.run("journal", "--resolve", "no-such-entry", "--applied");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("no pending entry no-such-entry in ").contains(own.dir().toString());
        for (String[] args : new String[][] {{"journal", "--note", "x"}, {"journal", "--applied"}, {"journal", "--not-applied"}}) {
            CliHarness.Result r = CliHarness.run(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).contains(args[1]).contains("only makes sense with --resolve");
            assertThat(r.out()).isEmpty();
        }

        CliHarness.Result applied = CliHarness.run("journal", "--resolve", id, "--applied", "--note", "checked the version page");
        assertThat(applied.exit()).as(applied.toString()).isZero();
        assertThat(applied.err()).contains("entry " + id + " resolved as applied: a resumed run will not send it again");
        String other = pending.get(1).path("id").asText();
        CliHarness.Result notApplied = CliHarness.run("journal", "--resolve", other.substring(0, 8), "--not-applied");
        assertThat(notApplied.exit()).as(notApplied.toString()).isZero();
        assertThat(notApplied.err()).contains("resolved as not applied: a resumed run will send it");

        assertThat(Json.MAPPER.readTree(CliHarness.run("journal", "--pending").out())).isEmpty();
        JsonNode all = Json.MAPPER.readTree(CliHarness.run("journal", "--node", "42").out());
        assertThat(all).singleElement().satisfies(e -> {
            assertThat(e.path("state").asText()).isEqualTo("resolved");
            assertThat(e.path("detail").asText()).contains("applied").contains("checked the version page");
        });
    }

    private RunRecord record(String id, List<Long> nodes) {
        return RunRecord.start(id, RunRecord.Kind.FLEET, EP, null,
                new RunRecord.Fleet("node-deploy", "deploy", "POST", Map.of("url", "http://repo/app-5.2.war"), nodes, 4, 2, 0, 0, null, 60_000), null, ALICE, null);
    }

    private static JournalEntry ofRun(RunClaim c, long node, State s) {
        Instant now = Instant.now();
        return new JournalEntry(UUID.randomUUID().toString(), now, now, EP, null, "node-deploy", "POST", "/node/uploadStart", node, null,
                Map.of("url", "http://repo/a.war"), "cmd-" + node, s, null, 1, JournalEntry.Face.FLEET, null, c.runId(), c.token(), "alice@h1", null);
    }

    @Test void runsListEachRunsCountsAndCannotBeCombinedWithFilters() throws Exception {
        StateStore s = own.journal().store();
        RunClaim ended = s.start(record(s.newRunId(), List.of(1L, 2L, 3L)), EP, List.of(1L, 2L, 3L), ALICE, Duration.ZERO);
        s.append(List.of(ofRun(ended, 1, State.SUCCEEDED), ofRun(ended, 2, State.FAILED), ofRun(ended, 3, State.UNKNOWN)));
        ended.end(ended.record().ended(null));

        RunClaim running = s.start(record(s.newRunId(), List.of(4L, 5L)), EP, List.of(4L, 5L), ALICE, Duration.ZERO);
        s.append(List.of(ofRun(running, 4, State.SUCCEEDED)));
        try {
            CliHarness.Result r = CliHarness.run("journal", "--runs");
            assertThat(r.exit()).as(r.toString()).isZero();
            JsonNode runs = Json.MAPPER.readTree(r.out());
            assertThat(runs).hasSize(2);
            JsonNode first = runs.get(0).path("run").asText().equals(ended.runId()) ? runs.get(0) : runs.get(1);
            JsonNode second = first == runs.get(0) ? runs.get(1) : runs.get(0);
            assertThat(first.path("nodes").asInt()).isEqualTo(3);
            assertThat(List.of(first.path("done").asInt(), first.path("failed").asInt(), first.path("unknown").asInt(), first.path("left").asInt()))
                    .containsExactly(1, 1, 1, 0);
            assertThat(first.path("operator").asText()).isEqualTo("alice@h1");
            assertThat(first.path("endpoint").asText()).isEqualTo(EP);
            assertThat(first.path("what").asText()).contains("node-deploy");
            assertThat(first.has("script")).isFalse();
            assertThat(second.path("run").asText()).isEqualTo(running.runId());
            assertThat(second.path("state").asText()).isEqualTo("running");
            assertThat(List.of(second.path("done").asInt(), second.path("left").asInt())).containsExactly(1, 1);

            CliHarness.Result table = CliHarness.run("journal", "--runs", "-o", "table");
            assertThat(table.out().split("\n")[0].split("\\s+")).containsExactly("RUN", "STARTED", "WHAT", "STATE", "DONE", "FAILED", "UNKNOWN", "LEFT");
            assertThat(table.out()).contains(running.runId()).contains(ended.runId());

            for (String[] f : new String[][] {{"--pending"}, {"--node", "1"}, {"--since", "1h"}, {"--user", "bob"}, {"--run", "x"}, {"--limit", "3"}}) {
                List<String> args = new ArrayList<>(List.of("journal", "--runs"));
                args.addAll(List.of(f));
                CliHarness.Result refused = CliHarness.run(args.toArray(String[]::new));
                assertThat(refused.exit()).as(String.join(" ", args)).isEqualTo(2);
                assertThat(refused.err()).contains("--runs").contains("cannot be combined");
            }
        } finally {
            running.end(running.record().ended(null));
        }
        // once both ended, each keeps the counts it ended with
        JsonNode after = Json.MAPPER.readTree(CliHarness.run("journal", "--runs").out());
        assertThat(after).allSatisfy(run -> assertThat(run.path("state").asText()).isNotEqualTo("running"));
        assertThat(after).anySatisfy(run -> assertThat(run.path("done").asInt()).isEqualTo(1));
    }

    @Test void oneRunningRunIsCountedFromItsOwnEntries() throws Exception {
        StateStore s = own.journal().store();
        RunClaim running = s.start(record(s.newRunId(), List.of(4L, 5L, 6L)), EP, List.of(4L, 5L, 6L), ALICE, Duration.ZERO);
        try {
            s.append(List.of(ofRun(running, 4, State.SUCCEEDED), ofRun(running, 5, State.FAILED)));
            JsonNode runs = Json.MAPPER.readTree(CliHarness.run("journal", "--runs").out());
            assertThat(runs).singleElement().satisfies(r -> {
                assertThat(r.path("done").asInt()).isEqualTo(1);
                assertThat(r.path("failed").asInt()).isEqualTo(1);
                assertThat(r.path("left").asInt()).isEqualTo(1);
            });
        } finally {
            running.end(running.record().ended(null));
        }
    }

    @Test void runStatusFindsARunByAUniquePrefixAndWatchSaysHowItEnded() throws Exception {
        StateStore s = own.journal().store();
        RunClaim c = s.start(record(s.newRunId(), List.of(1L, 2L, 3L)), EP, List.of(1L, 2L, 3L), ALICE, Duration.ZERO);
        s.append(List.of(ofRun(c, 1, State.SUCCEEDED)));
        RunClaim other = s.start(record(s.newRunId(), List.of(11L, 12L, 13L, 14L)), EP, List.of(11L, 12L, 13L, 14L), ALICE, Duration.ZERO);
        other.end(other.record().ended(null));
        RunClaim another = s.start(record(s.newRunId(), List.of(21L, 22L, 23L, 24L)), EP, List.of(21L, 22L, 23L, 24L), ALICE, Duration.ZERO);

        CliHarness.Result now = CliHarness.run("run-status", c.runId());
        assertThat(now.exit()).as(now.toString()).isZero();
        JsonNode st = Json.MAPPER.readTree(now.out());
        assertThat(st.path("run").asText()).isEqualTo(c.runId());
        assertThat(st.path("state").asText()).isEqualTo("running");
        assertThat(st.path("done").asInt()).isEqualTo(1);
        assertThat(st.path("left").asInt()).isEqualTo(2);
        assertThat(st.path("heldBy").asText()).isEqualTo("alice@h1");
        assertThat(st.path("leases").asInt()).as("the nodes still to change, not another run's").isEqualTo(2);
        another.end(another.record().ended(null));
        assertThat(now.err()).as("without --watch: no progress line").isEmpty();

        CliHarness.Result table = CliHarness.run("run-status", c.runId(), "-o", "table");
        assertThat(table.out().split("\n")[0].split("\\s+")).containsExactly("RUN", "WHAT", "STATE", "DONE", "FAILED", "UNKNOWN", "LEFT", "HELD_BY");

        CliHarness.Result none = CliHarness.run("run-status", "fff00");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("no run 'fff00' in").contains("acs journal --runs");
        CliHarness.Result badInterval = CliHarness.run("run-status", c.runId(), "--interval", "0s");
        assertThat(badInterval.exit()).isEqualTo(2);
        assertThat(badInterval.err()).contains("--interval");

        c.close(); // its process is "gone": the leases stay, none alive
        JsonNode interrupted = Json.MAPPER.readTree(CliHarness.run("run-status", c.runId()).out());
        assertThat(interrupted.path("state").asText()).isEqualTo("interrupted");
        assertThat(interrupted.path("heldBy").asText()).isEmpty();
        CliHarness.Result watchedGone = CliHarness.run("run-status", c.runId(), "--watch", "--interval", "10ms");
        assertThat(watchedGone.exit()).as("an interrupted run: " + watchedGone).isEqualTo(6);
        assertThat(watchedGone.err()).contains("acs: run " + c.runId() + " node-deploy on 3 nodes: interrupted, 1 done, 0 failed, 0 unknown, 2 left\n")
                .doesNotContain("(");
    }

    @Test void watchFollowsARunToItsEndAndItsExitSaysHowItEnded() throws Exception {
        StateStore s = own.journal().store();
        RunClaim ok = s.start(record(s.newRunId(), List.of(1L)), EP, List.of(1L), ALICE, Duration.ZERO);
        s.append(List.of(ofRun(ok, 1, State.SUCCEEDED)));
        ok.end(ok.record().ended(null));
        CliHarness.Result allDone = CliHarness.run("run-status", ok.runId(), "--watch");
        assertThat(allDone.exit()).as(allDone.toString()).isZero();
        assertThat(allDone.err()).contains("finished, 1 done, 0 failed, 0 unknown, 0 left");
        assertThat(Json.MAPPER.readTree(allDone.out()).path("state").asText()).isEqualTo("finished");

        RunClaim unknown = s.start(record(s.newRunId(), List.of(1L, 2L)), EP, List.of(1L, 2L), ALICE, Duration.ZERO);
        s.append(List.of(ofRun(unknown, 1, State.UNKNOWN), ofRun(unknown, 2, State.FAILED)));
        unknown.end(unknown.record().ended(null));
        assertThat(CliHarness.run("run-status", unknown.runId(), "--watch").exit()).as("some unknown").isEqualTo(5);
        assertThat(CliHarness.run("run-status", unknown.runId()).exit()).as("without --watch: 0").isZero();

        RunClaim failed = s.start(record(s.newRunId(), List.of(1L, 2L)), EP, List.of(1L, 2L), ALICE, Duration.ZERO);
        s.append(List.of(ofRun(failed, 1, State.SUCCEEDED), ofRun(failed, 2, State.FAILED)));
        failed.end(failed.record().ended(null));
        assertThat(CliHarness.run("run-status", failed.runId(), "--watch").exit()).as("some failed").isEqualTo(6);

        // the watch of a running run prints a line at each change (never the same twice), until it ends
        RunClaim live = s.start(record(s.newRunId(), List.of(1L, 2L)), EP, List.of(1L, 2L), ALICE, Duration.ZERO);
        var watch = java.util.concurrent.CompletableFuture.supplyAsync(() -> CliHarness.run("run-status", live.runId(), "--watch", "--interval", "20ms"));
        s.append(List.of(ofRun(live, 1, State.SUCCEEDED)));
        s.append(List.of(ofRun(live, 2, State.SUCCEEDED)));
        live.end(live.record().ended(null));
        CliHarness.Result watched = watch.get();
        assertThat(watched.exit()).as(watched.toString()).isZero();
        List<String> lines = watched.err().lines().toList();
        assertThat(lines).last().asString().contains("finished, 2 done");
        assertThat(lines).doesNotHaveDuplicates().allMatch(l -> l.startsWith("acs: run " + live.runId()));
    }

    @Test void aPrefixOfSeveralRunsIsRefusedNamingThem() throws Exception {
        StateStore s = own.journal().store();
        List<String> ids = new ArrayList<>();
        for (String id : List.of("ab12e0", "ab34e0")) {
            RunClaim c = s.start(record(id, List.of(9L)), EP, List.of(9L), ALICE, Duration.ZERO);
            c.end(c.record().ended(null));
            ids.add(id);
        }
        CliHarness.Result r = CliHarness.run("run-status", "ab");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("'ab' matches").contains("ab12e0").contains("ab34e0").contains("give more of the id");
        assertThat(Json.MAPPER.readTree(CliHarness.run("run-status", "ab3").out()).path("run").asText()).isEqualTo("ab34e0");
    }

    @Test void aGoneRunsLeasesAreListedAndReleasedOnlyWithForceAndConfirmation() throws Exception {
        StateStore s = own.journal().store();
        CliHarness.Result empty = CliHarness.run("lease", "list");
        assertThat(empty.exit()).as(empty.toString()).isZero();
        assertThat(Json.MAPPER.readTree(empty.out())).isEmpty();

        RunClaim one = s.start(record(s.newRunId(), List.of(8L)), EP, List.of(8L), ALICE, Duration.ZERO);
        RunClaim run = s.start(record(s.newRunId(), List.of(5L, 6L)), EP, List.of(5L, 6L), ALICE, Duration.ZERO);
        String id = run.runId();
        try {
            JsonNode listed = Json.MAPPER.readTree(CliHarness.run("lease", "list").out());
            assertThat(listed).hasSize(2);
            assertThat(listed).anySatisfy(l -> {
                assertThat(l.path("run").asText()).isEqualTo(id);
                assertThat(l.path("operator").asText()).isEqualTo("alice@h1");
                assertThat(l.path("endpoint").asText()).isEqualTo(EP);
                assertThat(l.path("what").asText()).contains("node-deploy");
                assertThat(l.path("since").asText()).isNotEmpty();
                assertThat(l.path("alive").asBoolean()).isTrue();
                assertThat(l.path("nodes")).extracting(JsonNode::asLong).containsExactly(5L, 6L);
            });
            CliHarness.Result table = CliHarness.run("lease", "list", "-o", "table");
            assertThat(table.out().split("\n")[0].split("\\s+")).containsExactly("RUN", "HELD_BY", "WHAT", "NODES", "SINCE", "ALIVE");
            assertThat(table.out().lines().filter(l -> l.startsWith(id)).findFirst().orElseThrow()).as("NODES, then SINCE").matches(".*\\s2\\s+\\d{4}-\\d\\d-\\d\\dT.*");

            CliHarness.Result noForce = CliHarness.run("lease", "release", id);
            assertThat(noForce.exit()).isEqualTo(2);
            assertThat(noForce.err()).contains("--force").contains("acs resume " + id);
            CliHarness.Result unconfirmed = CliHarness.run("lease", "release", id, "--force");
            assertThat(unconfirmed.exit()).isEqualTo(2);
            assertThat(unconfirmed.err()).contains("without --yes").contains("release run " + id + "'s claim and its 2 node leases (alice@h1, ")
                    .contains("its heartbeat is fresh").contains("standard input is not a terminal");
            CliHarness.Result alive = CliHarness.run("lease", "release", id, "--force", "--yes");
            assertThat(alive.exit()).as("its holder is alive: " + alive).isEqualTo(8);

            run.close();
            CliHarness.Result lapsed = CliHarness.run("lease", "release", id, "--force");
            assertThat(lapsed.err()).contains("its heartbeat lapsed");
            CliHarness.Result released = CliHarness.run("lease", "release", id, "--force", "--yes");
            assertThat(released.exit()).as(released.toString()).isZero();
            assertThat(released.err()).contains("released run " + id + ": 2 node leases and its claim, recorded as ")
                    .contains("acs history --run " + id).contains("'acs resume " + id + "' can still finish it");
            assertThat(Json.MAPPER.readTree(CliHarness.run("lease", "list").out())).singleElement()
                    .satisfies(l -> assertThat(l.path("run").asText()).isEqualTo(one.runId()));
            JsonNode history = Json.MAPPER.readTree(CliHarness.run("history", "--run", id).out());
            assertThat(history).singleElement().satisfies(e -> assertThat(e.path("operation").asText()).isEqualTo("lease-release"));

            CliHarness.Result single = CliHarness.run("lease", "release", one.runId(), "--force", "--yes", "--even-if-alive");
            assertThat(single.exit()).as("--even-if-alive: " + single).isZero();
            assertThat(single.err()).contains(": 1 node lease and its claim");
            CliHarness.Result nothingHeld = CliHarness.run("lease", "release", one.runId(), "--force");
            assertThat(nothingHeld.err()).contains("its 0 node leases in ").doesNotContain("heartbeat");
        } finally {
            run.close();
            one.close();
        }
        CliHarness.Result usage = CliHarness.run("lease");
        assertThat(usage.err()).contains("list").contains("release");
        assertThat(Files.exists(own.file())).isTrue();
    }

    @Test void singleChangesHoldingANodeAreListedOneByOne() throws Exception {
        StateStore s = own.journal().store();
        try (AutoCloseable a = s.holdNode(EP, 31L, ALICE, "node-stop"); AutoCloseable b = s.holdNode(EP, 32L, ALICE, "node-start")) {
            JsonNode listed = Json.MAPPER.readTree(CliHarness.run("lease", "list").out());
            assertThat(listed).hasSize(2).allSatisfy(l -> {
                assertThat(l.path("run").isNull()).isTrue();
                assertThat(l.path("operator").asText()).isEqualTo("alice@h1");
                assertThat(l.path("nodes")).hasSize(1);
            });
            assertThat(listed).extracting(l -> l.path("what").asText()).containsExactlyInAnyOrder("node-stop", "node-start");
        }
        assertThat(Json.MAPPER.readTree(CliHarness.run("lease", "list").out())).isEmpty();
    }

    @Test void aLineThatCannotBeReadIsAWarningAndTheRestIsListed() throws Exception {
        fourChanges();
        Files.writeString(own.file(), "{not a journal line\n", java.nio.file.StandardOpenOption.APPEND);
        for (String cmd : List.of("journal", "history")) {
            CliHarness.Result r = CliHarness.run(cmd);
            assertThat(wars(r)).as(cmd).containsExactly("old.war", "a.war", "b.war", "c.war");
            assertThat(r.err()).as(cmd).startsWith("acs: warning: ");
        }
    }
}
