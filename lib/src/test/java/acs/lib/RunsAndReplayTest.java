package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.ApiCall;
import acs.InvalidInputException;
import acs.UploadStart;
import acs.journal.Journal;
import acs.journal.JournalEntry;
import acs.journal.JournalEntry.State;
import acs.journal.Replay;
import acs.journal.Replay.Prior;
import acs.journal.RunProgress;
import acs.journal.RunRecord;
import acs.journal.Operator;
import acs.journal.Runs;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code acs resume} relies on, in process: run records kept beside the journal, a run's
 * progress counted from its entries, and the replay that never sends a change twice.
 */
class RunsAndReplayTest {
    @TempDir Path home;

    static final long ME = ProcessHandle.current().pid();

    static long deadPid() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor();
        return p.pid();
    }

    static RunRecord fleetRun(String id, String started, long pid, List<Long> nodes) {
        return new RunRecord(id, RunRecord.FLEET, started, "http://e", null, pid, RunRecord.RUNNING, 1, null,
                new RunRecord.Fleet("node-deploy", "deploy", "POST", Map.of("url", "http://r/a.war"),
                        nodes, 2, 0, 0, 1, null, 60_000), null, "tester", Operator.localHost(), null, null);
    }

    @Test
    void runsAreKeptPrivatelyBesideTheJournalAndFoundByAnyUniquePrefix() throws Exception {
        Journal journal = Journal.at(home.resolve("journal.jsonl"));
        Runs runs = Runs.of(journal);
        Path dir = home.resolve("runs");
        assertThat(runs.where()).isEqualTo(journal.where());
        assertThat(runs.list()).as("no folder yet").isEmpty();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 50; i++) ids.add(runs.newId());
        assertThat(ids).hasSize(50).allSatisfy(id -> assertThat(id).matches("[0-9a-f]{6}"));

        Operator me = Operator.current(Map.of("ACS_OPERATOR", "tester"));
        runs.start(fleetRun("abc123", "2026-12-01T10:00:00Z", ME, List.of(1L, 2L)), "http://e", List.of(1L, 2L), me, Duration.ZERO).close();
        runs.start(fleetRun("abd456", "2026-12-01T09:00:00Z", ME, List.of(3L)), "http://e", List.of(3L), me, Duration.ZERO).close();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("abc123.json")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        Files.writeString(dir.resolve("ffffff.json"), "{ torn");
        assertThat(runs.list()).extracting(RunRecord::id).as("oldest first, torn files skipped").containsExactly("abd456", "abc123");
        assertThat(runs.get("abc").id()).isEqualTo("abc123");
        assertThat(runs.get("abc123").fleet().nodes()).containsExactly(1L, 2L);
        assertThatThrownBy(() -> runs.get("ab")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'ab' matches [abd456, abc123]").hasMessageContaining("give more of the id");
        assertThatThrownBy(() -> runs.get("0")).isInstanceOf(InvalidInputException.class).hasMessageContaining("no run '0' in " + journal.where());
        assertThatThrownBy(() -> runs.start(fleetRun("../etc", "x", ME, List.of()), "http://e", List.of(), me, Duration.ZERO))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'../etc' is not a run id");
    }

    @Test
    void aRunSaysWhatItIsAndWhetherItWasInterrupted() throws Exception {
        RunRecord one = fleetRun("a1", "2026-12-01T10:00:00Z", ME, List.of(1L));
        assertThat(one.what()).isEqualTo("node-deploy on 1 node");
        assertThat(fleetRun("a2", null, ME, List.of(1L, 2L, 3L)).what()).isEqualTo("node-deploy on 3 nodes");
        RunRecord script = new RunRecord("b1", RunRecord.SCRIPT, null, null, null, ME, RunRecord.RUNNING, 1, null, null,
                new RunRecord.Script("/work/deploy.groovy", "00", null, null, false), null, null, null, null);
        assertThat(script.what()).isEqualTo("script deploy.groovy");
        assertThat(script.script().params()).isEmpty();
        assertThat(new RunRecord("c1", RunRecord.SCRIPT, null, null, null, ME, RunRecord.RUNNING, 1, null, null, null, null, null, null, null).what())
                .isEqualTo("script ?");

        assertThat(one.interrupted()).as("this process is alive").isFalse();
        long dead = deadPid();
        RunRecord killed = fleetRun("a3", null, dead, List.of(1L));
        assertThat(killed.interrupted()).isTrue();
        RunRecord.Summary allDone = new RunRecord.Summary(1, 1, 0, 0, 0);
        assertThat(killed.ended(allDone).interrupted()).as("a finished run is not interrupted").isFalse();
        assertThat(killed.ended(allDone).state()).isEqualTo(RunRecord.FINISHED);
        assertThat(killed.ended(allDone).ended()).isNotNull();
        assertThat(killed.ended(new RunRecord.Summary(3, 1, 0, 0, 2)).state()).as("nodes left: resumable").isEqualTo(RunRecord.INCOMPLETE);
        assertThat(killed.ended(new RunRecord.Summary(3, 2, 0, 1, 0)).resumable()).as("an unknown outcome: resumable").isTrue();
        RunRecord again = killed.attempt(Operator.current(), "/h");
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(again.pid()).isEqualTo(ME);
        assertThat(again.state()).isEqualTo(RunRecord.RUNNING);
        assertThat(again.ended()).isNull();
        assertThat(again.interrupted()).isFalse();
    }

    static ApiCall<?> deploy(long node, String url) {
        return ApiCall.uploadStart(node, UploadStart.of(url));
    }

    @Test
    void aReplayAnswersEachChangeFromItsHistoryAndNeverSendsOneTwice() {
        Journal j = Journal.at(home.resolve("journal.jsonl"));
        Journal.Origin run = new Journal.Origin(JournalEntry.Face.FLEET, "http://e", null, "r1", 0, "tester@ci", () -> null);
        Journal.Origin other = run.withRun("r2");
        JournalEntry accepted = j.accepted(j.begin(run, null, deploy(1, "http://r/a.war")), "c-1");
        j.append(j.begin(run, null, deploy(2, "http://r/a.war")).with(State.REJECTED, null, "1007"));
        JournalEntry lost = j.append(j.begin(run, null, deploy(3, "http://r/a.war")).with(State.UNKNOWN, Journal.UNKNOWN, "lost"));
        j.begin(run, null, deploy(4, "http://r/a.war")); // sending, its process gone or not
        j.accepted(j.begin(run, null, deploy(1, "http://r/a.war")), "c-5"); // the same change, a second time
        j.accepted(j.begin(other, null, deploy(6, "http://r/a.war")), "c-6");

        Replay r = Replay.of(j, "r1");
        assertThat(r.runId()).isEqualTo("r1");
        assertThat(r.size()).isEqualTo(5);
        Replay.Answer first = r.next(deploy(1, "http://r/a.war"));
        assertThat(first.prior()).isEqualTo(Prior.COMMAND);
        assertThat(first.entry().id()).isEqualTo(accepted.id());
        assertThat(r.next(deploy(1, "http://r/a.war")).entry().commandId()).as("the second occurrence").isEqualTo("c-5");
        assertThat(r.next(deploy(1, "http://r/a.war"))).isEqualTo(new Replay.Answer(Prior.NONE, null));
        assertThat(r.next(deploy(2, "http://r/a.war")).prior()).as("refused: nothing changed").isEqualTo(Prior.NONE);
        Replay.Answer unknown = r.next(deploy(3, "http://r/a.war"));
        assertThat(unknown.prior()).isEqualTo(Prior.UNKNOWN);
        assertThat(r.unknownOutcome(unknown)).as("what the user reads instead of a second send")
                .contains("run r1").contains("(entry " + lost.id() + ")").contains("acs node-get 3").contains("acs journal --resolve " + lost.id().substring(0, 8) + " --applied")
                .endsWith("; not sent again");
        assertThat(r.next(deploy(4, "http://r/a.war")).prior()).isEqualTo(Prior.UNKNOWN);
        assertThat(r.next(deploy(6, "http://r/a.war")).prior()).as("another run's change").isEqualTo(Prior.NONE);
        assertThat(r.next(deploy(4, "http://r/b.war")).prior()).as("another change to the same node").isEqualTo(Prior.NONE);
    }

    @Test
    void aResolvedUnknownIsSentAgainOnlyWhenTheCheckFoundItNotApplied() {
        Journal j = Journal.at(home.resolve("journal.jsonl"));
        Journal.Origin run = new Journal.Origin(JournalEntry.Face.FLEET, "http://e", null, "r1", 0, "tester@ci", () -> null);
        JournalEntry a = j.append(j.begin(run, null, deploy(1, "http://r/a.war")).with(State.UNKNOWN, Journal.UNKNOWN, "lost"));
        JournalEntry b = j.append(j.begin(run, null, deploy(2, "http://r/a.war")).with(State.UNKNOWN, Journal.UNKNOWN, "lost"));
        j.resolve(a.id(), JournalEntry.Resolution.APPLIED, "node-get shows the new package");
        j.resolve(b.id(), JournalEntry.Resolution.NOT_APPLIED, null);
        Replay r = Replay.of(j, "r1");
        assertThat(r.next(deploy(1, "http://r/a.war")).prior()).as("applied: done, not sent").isEqualTo(Prior.APPLIED);
        assertThat(r.next(deploy(2, "http://r/a.war")).prior()).as("not applied: sent").isEqualTo(Prior.NONE);
        RunProgress p = RunProgress.of(fleetRun("r1", null, ME, List.of(1L, 2L)), Replay.entries(j, "r1"));
        assertThat(p.done()).isEqualTo(1);
        assertThat(p.unknown()).isZero();
        assertThat(p.left()).as("found not applied: still to do").isEqualTo(1);
    }

    @Test
    void aChangeIsMatchedByItsParametersWhateverTheirOrder() {
        Journal j = Journal.at(home.resolve("journal.jsonl"));
        Journal.Origin run = new Journal.Origin(JournalEntry.Face.DSL, "http://e", null, "r1", 0, "tester@ci", () -> null);
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("url", "http://r/a.war");
        ab.put("comment", "x");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("comment", "x");
        ba.put("url", "http://r/a.war");
        var type = ApiCall.node(1).dataType();
        j.accepted(j.begin(run, null, new ApiCall<>("POST", "/api/v1/node/1/uploadStart", ab, type)), "c-1");
        assertThat(Replay.of(j, "r1").next(new ApiCall<>("POST", "/api/v1/node/1/uploadStart", ba, type)).prior()).isEqualTo(Prior.COMMAND);
    }

    @Test
    void aRunsProgressCountsEachNodeByItsLastEntry() throws Exception {
        Journal j = Journal.at(home.resolve("journal.jsonl"));
        Journal.Origin run = new Journal.Origin(JournalEntry.Face.FLEET, "http://e", null, "r1", 0, "tester@ci", () -> null);
        RunRecord record = fleetRun("r1", "2026-12-01T10:00:00Z", ME, List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L));
        JournalEntry first = j.accepted(j.begin(run, null, deploy(1, "http://r/a.war")), "c-1");
        j.append(first.with(State.FAILED, "c-1", "result 500")); // then tried again, and it worked
        j.append(j.accepted(j.begin(run, null, deploy(1, "http://r/a.war")), "c-1b").with(State.SUCCEEDED, "c-1b", null));
        j.append(j.begin(run, null, deploy(2, "http://r/a.war")).with(State.REJECTED, null, "1007"));
        j.append(j.begin(run, null, deploy(3, "http://r/a.war")).with(State.UNKNOWN, Journal.UNKNOWN, "lost"));
        j.append(j.begin(run, null, deploy(4, "http://r/a.war")).with(State.RESOLVED, Journal.UNKNOWN, "checked")); // by an older acs: still unknown
        j.accepted(j.begin(run, null, deploy(5, "http://r/a.war")), "c-5"); // still running
        j.begin(run, null, deploy(6, "http://r/a.war")); // sending, by this live process
        j.append(j.begin(run, null, ApiCall.stop(7, null)).with(State.SUCCEEDED, "c-7", null)); // a rollback: not the run's change
        j.append(j.begin(run.withRun("r2"), null, deploy(7, "http://r/a.war")).with(State.SUCCEEDED, "c-8", null));

        RunProgress p = RunProgress.of(record, j.entries());
        assertThat(p.nodes()).isEqualTo(7);
        assertThat(p.done()).isEqualTo(1);
        assertThat(p.failed()).isEqualTo(1);
        assertThat(p.unknown()).isEqualTo(2);
        assertThat(p.left()).as("5 running, 6 sending by a live process, 7 never done").isEqualTo(3);
        assertThat(p.state()).isEqualTo(RunRecord.RUNNING);

        RunRecord killed = fleetRun("r1", null, deadPid(), record.fleet().nodes());
        JournalEntry orphan = j.begin(run, null, deploy(6, "http://r/a.war"));
        JournalEntry orphanOfDeadProcess = new JournalEntry(orphan.id(), orphan.time(), orphan.updated(), orphan.endpoint(), null,
                orphan.operation(), orphan.method(), orphan.path(), 6L, null, orphan.params(), null, State.SENDING, null, killed.pid(),
                JournalEntry.Face.FLEET, null, "r1", 0, null, null);
        List<JournalEntry> withOrphan = new java.util.ArrayList<>(j.entries());
        withOrphan.add(orphanOfDeadProcess);
        RunProgress afterKill = RunProgress.of(killed, withOrphan);
        assertThat(afterKill.state()).isEqualTo("interrupted");
        assertThat(afterKill.unknown()).as("a sending line whose process died").isEqualTo(3);
        assertThat(afterKill.left()).isEqualTo(2);

        RunRecord script = new RunRecord("r1", RunRecord.SCRIPT, null, null, null, ME, RunRecord.RUNNING, 1, "x", null,
                new RunRecord.Script("/s.groovy", "00", Map.of(), List.of(), false), null, null, null, null);
        RunProgress byScript = RunProgress.of(script, j.entries());
        assertThat(byScript.nodes()).as("a script's nodes are the ones it touched").isEqualTo(7);
        assertThat(byScript.done()).as("the stop of node 7 counts for a script").isEqualTo(2);
        assertThat(byScript.state()).isEqualTo(RunRecord.RUNNING);
    }
}
