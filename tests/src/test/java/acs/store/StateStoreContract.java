package acs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.ConflictException;
import acs.journal.EntryQuery;
import acs.journal.JournalEntry;
import acs.journal.JournalEntry.State;
import acs.journal.Operator;
import acs.journal.RunClaim;
import acs.journal.RunRecord;
import acs.journal.StateStore;
import acs.sim.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StateStore} promises, stated once: each store's test extends this with a few
 * lines that make a fresh state and open it as one more process would. Two handles on one state
 * stand for two processes (or two machines on one database).
 */
public abstract class StateStoreContract {
    protected static final String EP = "http://acs.example.test";
    private static final Operator ALICE = new Operator("alice@h1", "h1", 101);
    // one host: two processes on one machine share a file store as two machines share a database
    private static final Operator BOB = new Operator("bob@h1", "h1", 202);
    private static final Operator CAROL = new Operator("carol", "h1", 303);

    private final List<StateStore> opened = new ArrayList<>();

    /**
     * Whether the store tells processes apart by the OS (the file store: a run's lock dies with its
     * process, a lease ends when the journal says its node ended), so two stores in this one JVM
     * cannot stand for two processes: the tests of claims and leases that need that are then run
     * with real processes instead (LeasesTest, ExactlyOnceTest).
     */
    protected boolean processesAreReal() {
        return false;
    }

    private void needsSimulatedProcesses() {
        org.junit.jupiter.api.Assumptions.assumeFalse(processesAreReal(), "this store's claims and leases are tested with child processes");
    }

    /** Makes a new, empty state for the next test. */
    protected abstract void freshState();

    /**
     * Opens the current state as another process would, its claims lapsing after {@link #ttl()}
     * without a heartbeat.
     */
    protected abstract StateStore open();

    /** The heartbeat TTL the stores of {@link #open()} use: short, so a lapse is awaited in a test, yet long enough for a heartbeat on a loaded machine. */
    protected Duration ttl() {
        return Duration.ofSeconds(3);
    }

    @BeforeEach void fresh() {
        freshState();
    }

    @AfterEach void closeAll() {
        opened.forEach(StateStore::close);
    }

    private StateStore store() {
        StateStore s = open();
        opened.add(s);
        return s;
    }

    private static RunRecord record(String id, List<Long> nodes) {
        return RunRecord.start(id, RunRecord.FLEET, EP, null,
                new RunRecord.Fleet("node-deploy", "deploy", "POST", Map.of("url", "http://repo/app-1.war"), nodes, 4, 2, 0, 0, null, 60_000), null, ALICE, null);
    }

    private static JournalEntry entry(String id, String run, int attempt, long node, State state, String op, String commandId, Instant updated) {
        return new JournalEntry(id, updated, updated, EP, null, "node-deploy", "POST", "/node/uploadStart", node, null,
                Map.of("url", "http://repo/app-1.war"), commandId, state, null, 4242, JournalEntry.Face.FLEET, null, run, attempt, op, null);
    }

    private static JournalEntry entry(String id, RunClaim c, long node, State state) {
        return entry(id, c.runId(), c.token(), node, state, "alice@h1", null, Instant.now());
    }

    private RunClaim start(StateStore s, List<Long> nodes, Operator me) {
        String id = s.newRunId();
        return s.start(record(id, nodes), EP, nodes, me, Duration.ZERO);
    }

    private static List<String> ids(List<JournalEntry> es) {
        return es.stream().map(JournalEntry::id).toList();
    }

    // ---- the journal ----

    @Test void findFiltersByEachFieldOfTheQuery() {
        StateStore s = store();
        RunClaim r1 = start(s, List.of(1L, 2L), ALICE);
        Instant old = Instant.parse("2020-01-01T00:00:00Z"), now = Instant.now();
        s.append(List.of(
                entry("aaa1", r1.runId(), r1.token(), 1, State.SENDING, "alice@h1", null, now.minusSeconds(3)),
                entry("aaa2", r1.runId(), r1.token(), 2, State.SUCCEEDED, "alice@h1", "cmd-2", now.minusSeconds(2)),
                entry("bbb3", null, 0, 3, State.ACCEPTED, "bobby@h1", "cmd-3", now.minusSeconds(1)),
                entry("bbb4", null, 0, 4, State.FAILED, "bob@h1", "cmd-4", old)));

        assertThat(ids(s.find(EntryQuery.ALL))).containsExactly("aaa1", "aaa2", "bbb3", "bbb4");
        assertThat(ids(s.find(EntryQuery.pending()))).containsExactly("aaa1", "bbb3");
        assertThat(ids(s.find(EntryQuery.ofRun(r1.runId())))).containsExactly("aaa1", "aaa2");
        assertThat(ids(s.find(EntryQuery.ALL.withIdPrefix("bb")))).containsExactly("bbb3", "bbb4");
        assertThat(ids(s.find(EntryQuery.ALL.withCommandId("cmd-3")))).containsExactly("bbb3");
        assertThat(ids(s.find(EntryQuery.ALL.withNodes(Set.of(2L, 4L))))).containsExactly("aaa2", "bbb4");
        assertThat(ids(s.find(EntryQuery.ALL.withSince(Instant.parse("2021-01-01T00:00:00Z"))))).containsExactly("aaa1", "aaa2", "bbb3");
        assertThat(ids(s.find(EntryQuery.ALL.withOperator("bob")))).as("bob is bob@h1, not bobby").containsExactly("bbb4");
        assertThat(ids(s.find(EntryQuery.ALL.withOperator("bobby@h1")))).containsExactly("bbb3");
        assertThat(ids(s.find(EntryQuery.ALL.withEndpoint("http://elsewhere")))).isEmpty();
        assertThat(ids(s.find(EntryQuery.ALL.withLimit(2)))).as("the two updated last, in the journal's order").containsExactly("aaa2", "bbb3");
        assertThat(ids(s.find(EntryQuery.pending().withRun(r1.runId()).withNodes(Set.of(1L, 2L))))).containsExactly("aaa1");
    }

    @Test void theLatestStateOfAnEntryWinsAndKeepsItsPlace() {
        StateStore s = store();
        RunClaim c = start(s, List.of(1L, 2L), ALICE);
        JournalEntry first = entry("e1", c, 1, State.SENDING);
        s.append(List.of(first, entry("e2", c, 2, State.SENDING)));
        s.append(List.of(first.with(State.ACCEPTED, "cmd-1", null)));
        s.append(List.of(first.with(State.ACCEPTED, "cmd-1", null), first.with(State.SUCCEEDED, "cmd-1", null)));

        List<JournalEntry> all = open().find(EntryQuery.ALL);
        assertThat(ids(all)).containsExactly("e1", "e2");
        assertThat(all.get(0).state()).isEqualTo(State.SUCCEEDED);
        assertThat(all.get(0).commandId()).isEqualTo("cmd-1");
        assertThat(all.get(0).attempt()).isEqualTo(c.token());
        assertThat(all.get(0).operator()).isEqualTo("alice@h1");
        assertThat(all.get(0).params()).containsEntry("url", "http://repo/app-1.war");
        assertThat(ids(s.find(EntryQuery.pending()))).containsExactly("e2");
    }

    @Test void forEachStreamsWhatFindReturnsAndAnotherProcessSeesEveryAppend() {
        StateStore writer = store();
        RunClaim c = start(writer, List.of(1L, 2L, 3L), ALICE);
        for (long n = 1; n <= 3; n++) writer.append(List.of(entry("id" + n, c, n, State.ACCEPTED)));
        StateStore reader = store();
        List<JournalEntry> streamed = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        reader.forEach(EntryQuery.ofRun(c.runId()), streamed::add, problems::add);
        assertThat(ids(streamed)).containsExactly("id1", "id2", "id3");
        assertThat(problems).isEmpty();
        assertThat(ids(reader.find(EntryQuery.ofRun(c.runId())))).isEqualTo(ids(streamed));
    }

    // ---- runs ----

    @Test void aStartedRunIsListedAndItsSavedRecordIsWhatOthersRead() {
        StateStore s = store();
        RunClaim c = start(s, List.of(1L, 2L), ALICE);
        StateStore other = store();
        assertThat(other.runs()).extracting(RunRecord::id).containsExactly(c.runId());
        assertThat(other.run(c.runId())).get().extracting(RunRecord::attempts, RunRecord::what).containsExactly(1, "node-deploy on 2 nodes");
        c.save(c.record().ended(null));
        assertThat(other.run(c.runId())).get().extracting(RunRecord::state).isEqualTo(RunRecord.FINISHED);
        assertThat(other.run("ffffff9")).isEmpty();
        assertThat(other.newRunId()).isNotEqualTo(c.runId()).matches("[0-9a-f]+");
    }

    // ---- leases ----

    @Test void aRunLeasesAllItsNodesOrNoneAndIsToldWhoHoldsThem() {
        StateStore a = store(), b = store();
        RunClaim held = start(a, List.of(1L, 2L, 3L), ALICE);
        String bRun = b.newRunId();
        assertThatThrownBy(() -> b.start(record(bRun, List.of(4L, 3L)), EP, List.of(4L, 3L), BOB, Duration.ZERO))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("node 3").hasMessageContaining(held.runId()).hasMessageContaining("alice@h1")
                .hasMessageContaining("node-deploy on 3 nodes");
        assertThat(a.leases()).extracting(StateStore.Lease::node).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(a.leases()).allSatisfy(l -> assertThat(l.run()).isEqualTo(held.runId()));
        assertThat(b.run(bRun)).as("a refused run leaves no record").isEmpty();
        RunClaim other = b.start(record(bRun, List.of(4L)), EP, List.of(4L), BOB, Duration.ZERO);
        assertThat(other.token()).isEqualTo(1);
    }

    @Test void waitForLeaseWaitsUntilTheHolderReleasesTheNode() throws Exception {
        needsSimulatedProcesses();
        StateStore a = store(), b = store();
        RunClaim holder = start(a, List.of(5L, 6L), ALICE);
        String bRun = b.newRunId();
        CompletableFuture<RunClaim> waiting = CompletableFuture.supplyAsync(
                () -> b.start(record(bRun, List.of(5L)), EP, List.of(5L), BOB, Duration.ofSeconds(60)));
        assertThat(b.run(bRun)).as("no record while it waits").isEmpty();
        holder.release(EP, 5);
        RunClaim got = waiting.get(30, TimeUnit.SECONDS);
        assertThat(got.runId()).isEqualTo(bRun);
        assertThat(a.leases()).filteredOn(l -> l.node() == 5).extracting(StateStore.Lease::run).containsExactly(bRun);
        assertThat(a.leases()).filteredOn(l -> l.node() == 6).extracting(StateStore.Lease::run).containsExactly(holder.runId());
    }

    @Test void aSingleChangeIsRefusedANodeAnotherRunLeasesAndItsHoldRefusesRuns() throws Exception {
        needsSimulatedProcesses();
        StateStore a = store(), b = store();
        RunClaim run = start(a, List.of(7L), ALICE);
        assertThatThrownBy(() -> b.holdNode(EP, 7, BOB, "node-stop 7")).isInstanceOf(ConflictException.class)
                .hasMessageContaining(run.runId()).hasMessageContaining("alice@h1");
        a.holdNode(EP, 7, ALICE, "a change of the run's own script").close();
        AutoCloseable hold = b.holdNode(EP, 8, BOB, "node-stop 8");
        assertThatThrownBy(() -> start(a, List.of(8L), ALICE)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("bob@h1").hasMessageContaining("node-stop 8");
        hold.close();
        assertThat(start(a, List.of(8L), ALICE).token()).isEqualTo(1);
    }

    // ---- claims and fencing ----

    @Test void resumeIsRefusedWhileTheRunIsClaimedAndTakesItOverAfterClose() {
        StateStore a = store(), b = store();
        RunClaim first = start(a, List.of(1L, 2L), ALICE);
        assertThatThrownBy(() -> b.resume(first.runId(), BOB, false, Duration.ZERO)).isInstanceOf(ConflictException.class)
                .hasMessageContaining(first.runId()).hasMessageContaining("alice@h1");
        first.close();
        RunClaim second = b.resume(first.runId(), BOB, false, Duration.ZERO);
        assertThat(second.token()).isEqualTo(2);
        assertThat(second.record().attempts()).isEqualTo(2);
        assertThat(a.leases()).as("the leases went with the run to its second attempt")
                .extracting(StateStore.Lease::node, StateStore.Lease::run).contains(org.assertj.core.groups.Tuple.tuple(1L, first.runId()));
        assertThatThrownBy(() -> a.resume(first.runId(), ALICE, false, Duration.ZERO)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("bob@h1");
    }

    @Test void ofTwoResumesAtTheSameMomentExactlyOneProceeds() throws Exception {
        StateStore a = store(), b = store(), c = store();
        RunClaim first = start(a, List.of(1L, 2L), ALICE);
        first.close();
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        List<CompletableFuture<Object>> resumes = List.of(b, c).stream().map(s -> CompletableFuture.supplyAsync(() -> {
            try {
                together.await();
                return (Object) s.resume(first.runId(), s == b ? BOB : CAROL, false, Duration.ZERO);
            } catch (ConflictException refused) {
                return refused;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })).toList();
        List<Object> outcomes = new ArrayList<>();
        for (CompletableFuture<Object> f : resumes) outcomes.add(f.get(30, TimeUnit.SECONDS));
        assertThat(outcomes).filteredOn(o -> o instanceof RunClaim).singleElement()
                .satisfies(o -> assertThat(((RunClaim) o).token()).isEqualTo(2));
        ConflictException refused = (ConflictException) outcomes.stream().filter(o -> o instanceof ConflictException).findFirst().orElseThrow();
        RunClaim winner = (RunClaim) outcomes.stream().filter(o -> o instanceof RunClaim).findFirst().orElseThrow();
        assertThat(refused).hasMessageContaining(first.runId()).hasMessageContaining(winner == outcomes.get(0) ? "bob@h1" : "carol");
    }

    @Test void aClaimWhoseProcessDiedIsResumedOnceItsHeartbeatLapsed() {
        needsSimulatedProcesses();
        StateStore killed = open();
        RunClaim first = start(killed, List.of(1L), ALICE);
        killed.close(); // the process is gone: no heartbeat, no close of its claim
        StateStore b = store();
        RunClaim second = Await.value(ttl().multipliedBy(10), "the dead claim to lapse", () -> {
            try {
                return b.resume(first.runId(), BOB, false, Duration.ZERO);
            } catch (ConflictException stillAlive) {
                return null;
            }
        }, c -> c != null);
        assertThat(second.token()).isEqualTo(2);
    }

    @Test void aProcessThatLostItsClaimBeginsNoNewChangeAndSavesNoRecord() {
        needsSimulatedProcesses();
        StateStore a = store(), b = store();
        RunClaim stale = start(a, List.of(1L, 2L), ALICE);
        a.append(List.of(entry("before", stale, 1, State.SUCCEEDED)));
        b.forceRelease(stale.runId(), CAROL, true);
        RunClaim fresh = b.resume(stale.runId(), BOB, false, Duration.ZERO);

        assertThatThrownBy(() -> a.append(List.of(entry("late", stale, 2, State.SENDING), entry("before", stale, 1, State.FAILED))))
                .isInstanceOf(ConflictException.class).hasMessageContaining(stale.runId());
        assertThatThrownBy(() -> stale.save(stale.record().ended(null))).isInstanceOf(ConflictException.class);
        assertThatThrownBy(stale::check).isInstanceOf(ConflictException.class);
        assertThat(ids(b.find(EntryQuery.ofRun(stale.runId())).stream().filter(e -> !"lease-release".equals(e.operation())).toList()))
                .as("nothing of the refused batch was written").containsExactly("before");
        assertThat(b.find(EntryQuery.ALL.withIdPrefix("before")).get(0).state()).isEqualTo(State.SUCCEEDED);
        assertThat(b.run(stale.runId())).get().extracting(RunRecord::state).isEqualTo(RunRecord.RUNNING);

        b.append(List.of(entry("after", fresh, 2, State.SENDING)));
        fresh.check();
        assertThat(ids(b.find(EntryQuery.ALL.withIdPrefix("after")))).containsExactly("after");
    }

    @Test void anOlderAttemptBeginsNothingNewButWhatItSentAndAPersonsChecksAreRecorded() {
        StateStore a = store(), b = store();
        RunClaim first = start(a, List.of(1L, 2L, 3L), ALICE);
        JournalEntry unknown = entry("u1", first, 1, State.UNKNOWN), accepted = entry("u2", first, 2, State.ACCEPTED);
        a.append(List.of(unknown, accepted));
        first.close();
        b.resume(first.runId(), BOB, false, Duration.ZERO);

        a.append(List.of(accepted.with(State.SUCCEEDED, "cmd-2", null)));
        b.append(List.of(unknown.resolved(JournalEntry.Resolution.APPLIED, "deployed, seen by hand")));
        assertThatThrownBy(() -> a.append(List.of(entry("u3", first, 3, State.SENDING)))).isInstanceOf(ConflictException.class)
                .hasMessageContaining(first.runId());
        assertThat(b.find(EntryQuery.ofRun(first.runId()))).extracting(JournalEntry::id, JournalEntry::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("u1", State.RESOLVED), org.assertj.core.groups.Tuple.tuple("u2", State.SUCCEEDED));
    }

    @Test void aForcedReleaseIsRefusedWhileTheHolderLivesAndIsRecordedWithWhoForcedIt() {
        needsSimulatedProcesses();
        StateStore killed = open(), b = store();
        RunClaim run = start(killed, List.of(1L, 2L), ALICE);
        assertThatThrownBy(() -> b.forceRelease(run.runId(), CAROL, false)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("alice@h1");
        killed.close();
        Await.until(ttl().multipliedBy(10), "the dead run's heartbeat to lapse", () -> {
            try {
                b.forceRelease(run.runId(), CAROL, false);
                return true;
            } catch (ConflictException alive) {
                return false;
            }
        });
        assertThat(b.leases()).isEmpty();
        List<JournalEntry> history = b.find(EntryQuery.ALL.withOperator("carol"));
        assertThat(history).singleElement().satisfies(e -> {
            assertThat(e.operation()).isEqualTo("lease-release");
            assertThat(e.run()).isEqualTo(run.runId());
            assertThat(e.detail()).contains(run.runId());
        });
        assertThat(start(b, List.of(1L, 2L), BOB).token()).as("the nodes are free").isEqualTo(1);
        assertThat(b.run(run.runId())).as("the run stays resumable").get().extracting(RunRecord::state).isEqualTo(RunRecord.RUNNING);
    }

    @Test void anEndedRunGivesBackEveryLease() {
        StateStore a = store();
        RunClaim c = start(a, List.of(1L, 2L, 3L), ALICE);
        c.release(EP, 1);
        c.end(c.record().ended(null));
        assertThat(a.leases()).isEmpty();
        assertThat(a.run(c.runId())).get().extracting(RunRecord::state).isEqualTo(RunRecord.FINISHED);
        assertThat(start(store(), List.of(1L, 2L, 3L), BOB).token()).as("its nodes are free").isEqualTo(1);
    }
}
