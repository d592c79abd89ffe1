package acs.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import acs.ApiCall;
import acs.Command;
import acs.CommandStatus;
import acs.HistoryStart;
import acs.InvalidInputException;
import acs.sim.AccessLogEntry;
import acs.sim.CommandFault;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The fan-out's rules a user relies on, each checked against what the simulator saw (its access log,
 * its commands) rather than what the engine says of itself: the concurrency limit reached and never
 * passed, the request budget's in-flight cap and rate, the wait deadline beating a long backoff, every
 * way a rollback can end, and the events in the order a progress display needs them.
 * No upper bound on time: only "at least", which a slow machine cannot break.
 */
class FanOutRulesTest extends SimulatedFleet {
    FanOut engine() {
        return FanOut.of(client).withPollDelays(Duration.ofMillis(30), Duration.ofMillis(100));
    }

    @Test
    void theConcurrencyLimitIsReachedAndNeverPassedAsTheServerSawIt() {
        List<FleetEvent<Long>> events = new CopyOnWriteArrayList<>();
        FleetReport<Long, Void> r = engine().withConcurrency(3).withListener(events::add).run(nodes(9), FanOutRulesTest::deploy);
        assertThat(r.allSucceeded()).isTrue();
        assertThat(events).extracting(FleetEvent::running).as("3 at once, never 4").contains(3).allMatch(n -> n <= 3);

        // as the server saw it: a node is busy from its POST to the poll that saw its command end;
        // when a POST arrives, at most 2 other nodes are busy, and once exactly 2 are
        List<AccessLogEntry> log = sim.accessLog();
        List<Instant[]> busy = new ArrayList<>();
        for (FleetResult<Long, Void> x : r.results()) {
            Instant post = log.stream().filter(e -> e.path().equals("/api/v1/node/" + x.item() + "/uploadStart")).findFirst().orElseThrow().time();
            Instant lastPoll = log.stream().filter(e -> e.path().equals("/api/v1/command/" + x.commandId())).map(AccessLogEntry::time)
                    .max(Comparator.naturalOrder()).orElseThrow();
            busy.add(new Instant[] {post, lastPoll});
        }
        List<Long> othersBusy = new ArrayList<>();
        for (Instant[] b : busy) {
            othersBusy.add(busy.stream().filter(o -> o != b && !o[0].isAfter(b[0]) && o[1].isAfter(b[0])).count());
        }
        assertThat(othersBusy).allMatch(n -> n <= 2).contains(2L);
    }

    @Test
    void oneRequestInFlightMeansTheServerNeverServesTwoAtOnce() {
        sim.faults().latency(Duration.ofMillis(40));
        FleetReport<Long, Void> r = engine().withConcurrency(4).withRequestBudget(1, 0).run(nodes(4), FanOutRulesTest::deploy);
        assertThat(r.allSucceeded()).isTrue();
        List<AccessLogEntry> log = sim.accessLog().stream().sorted(Comparator.comparing(AccessLogEntry::time)).toList();
        assertThat(log).hasSize((int) r.requests());
        for (int i = 1; i < log.size(); i++) {
            Instant previousEnd = log.get(i - 1).time().plusMillis(log.get(i - 1).millis());
            // 5 ms for the two clocks of the log (arrival instant, duration from nanoTime)
            assertThat(log.get(i).time().plusMillis(5)).as("request %d arrives after request %d was served", i, i - 1)
                    .isAfterOrEqualTo(previousEnd);
        }
    }

    @Test
    void aRateOfTwentyPerSecondSpreadsThirtyStartsOverAtLeastHalfASecond() {
        // a full bucket of 20 goes at once, then one every 50 ms: the 30th leaves 10 × 50 ms after the first, so it
        // arrives at least that long after the run began (measured from before the run: the first burst's way to the
        // server, which opens the connections, cannot shorten it)
        Instant before = Instant.now();
        FleetReport<Long, Void> r = engine().withConcurrency(30).withWaitForCommands(false).withRequestBudget(30, 20)
                .run(nodes(30), FanOutRulesTest::deploy);
        assertThat(r.allSucceeded()).isTrue();
        assertThat(r.polls()).as("not waiting: no polls").isZero();
        assertThat(r.requests()).isEqualTo(30);
        List<Instant> arrivals = posts().stream().map(AccessLogEntry::time).sorted().toList();
        assertThat(arrivals).hasSize(30);
        assertThat(Duration.between(before, arrivals.get(29))).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }

    @Test
    void withoutWaitingANodeSucceedsWhenItsCommandIsAcceptedAndIsNeverPolled() {
        FleetReport<Long, Void> r = engine().withWaitForCommands(false).run(nodes(3), FanOutRulesTest::deploy);
        assertThat(r.results()).allSatisfy(x -> {
            assertThat(x.outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(x.commandId()).isNotEmpty();
            assertThat(x.polls()).isZero();
        });
        assertThat(sim.accessLog()).extracting(AccessLogEntry::method).containsOnly("POST").hasSize(3);
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void theWaitDeadlineBeatsAnHourOfBackoff() {
        // the first poll would come after an hour; the 400 ms deadline comes first, and the node times out then
        sim.faults().onNode(FIRST, CommandFault.NEVER_FINISHES);
        FleetReport<Long, Void> r = FanOut.of(client).withPollDelays(Duration.ofHours(1), Duration.ofHours(1))
                .withWaitTimeout(Duration.ofMillis(400)).run(nodes(1), FanOutRulesTest::deploy);
        FleetResult<Long, Void> x = r.results().get(0);
        assertThat(x.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(x.polls()).as("one poll, at the deadline").isEqualTo(1);
        assertThat(x.error()).isEqualTo("not finished within 400ms (the command may still be running)");
        assertThat(x.seconds()).isGreaterThanOrEqualTo(0.4);
        assertThat(r.polls()).isEqualTo(1);
        assertThat(r.requests()).isEqualTo(2);
    }

    @Test
    void aZeroWaitTimeoutPollsOnceThenTimesOutEachNodeAndCountsItAsAFailure() {
        sim.faults().onAllNodes(CommandFault.NEVER_FINISHES); // however late the poll comes, the command is still running
        FleetReport<Long, Void> r = engine().withWaitTimeout(Duration.ZERO).withConcurrency(1).withMaxFailures(1).run(nodes(4), FanOutRulesTest::deploy);
        assertThat(r.results()).extracting(FleetResult::outcome)
                .containsExactly(Outcome.TIMED_OUT, Outcome.TIMED_OUT, Outcome.SKIPPED, Outcome.SKIPPED);
        assertThat(r.results().subList(0, 2)).allSatisfy(x -> assertThat(x.polls()).isEqualTo(1));
        assertThat(posts()).hasSize(2);
        assertThat(r.exitCode()).as("a skipped node makes the run a failure").isEqualTo(6);
        assertThat(r.exceeded()).isTrue();
    }

    @Test
    void aRefusedStartCountsAgainstTheLimitAndAnOperationThatRefusesANodeSendsNothingForIt() {
        FleetReport<Long, Void> r = engine().withConcurrency(1).withMaxFailures(1).run(List.of(FIRST, 999_999_999L, FIRST + 1, FIRST + 2, FIRST + 3), id -> {
            if (id == FIRST + 1) throw new InvalidInputException("--url", "no package for node " + id);
            return deploy(id);
        });
        assertThat(r.results()).extracting(FleetResult::outcome)
                .containsExactly(Outcome.SUCCEEDED, Outcome.FAILED, Outcome.FAILED, Outcome.SKIPPED, Outcome.SKIPPED);
        assertThat(r.results().get(2).error()).isEqualTo("--url: no package for node " + (FIRST + 1));
        assertThat(posts()).extracting(AccessLogEntry::path).containsExactly("/api/v1/node/" + FIRST + "/uploadStart",
                "/api/v1/node/999999999/uploadStart");
    }

    /** Node FIRST deployed once (version 1 to go back to), then a deploy that fails and this rollback. */
    FleetResult<Long, Void> rollbackOf(FanOut engine, java.util.function.LongFunction<ApiCall<Command>> rollback) {
        assertThat(engine().run(nodes(1), FanOutRulesTest::deploy).allSucceeded()).isTrue();
        sim.clearAccessLog();
        sim.faults().onNode(FIRST, CommandFault.RESULT_FAILED);
        FleetReport<Long, Void> r = engine.withRollback(rollback).run(nodes(1), FanOutRulesTest::deploy);
        FleetResult<Long, Void> x = r.results().get(0);
        assertThat(x.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(x.result()).as("the failed command's result, not the rollback's").isEqualTo("500");
        assertThat(x.error()).as("the failure first, then what became of the rollback").startsWith("command " + x.commandId() + " (");
        return x;
    }

    static ApiCall<Command> back(long id) {
        return ApiCall.historyStart(id, HistoryStart.of("1"));
    }

    @Test
    void aRollbackThatFailsTooIsReportedAsAFailedRollback() {
        // the fault stays on the node: the rollback's command fails as well
        FleetResult<Long, Void> x = rollbackOf(engine(), FanOutRulesTest::back);
        assertThat(x.rollbackCommandId()).isNotEmpty();
        assertThat(x.rollback().state()).isEqualTo(FleetResult.Rollback.State.FAILED);
        assertThat(x.rollback().detail()).as("the rollback's failing step").contains("simulated fault");
        assertThat(x.errorWithRollback()).isEqualTo(x.error() + "; rollback failed: " + x.rollback().detail());
        assertThat(client.command(x.rollbackCommandId()).succeeded()).isFalse();
    }

    @Test
    void aRollbackThatCannotBeBuiltIsNotStartedAndSaysWhy() {
        FleetResult<Long, Void> x = rollbackOf(engine(), id -> { throw new InvalidInputException("--rollback-version", "none known"); });
        assertThat(x.rollbackCommandId()).isEmpty();
        assertThat(x.rollback()).isEqualTo(new FleetResult.Rollback(FleetResult.Rollback.State.NOT_STARTED, "", "--rollback-version: none known"));
        assertThat(x.errorWithRollback()).endsWith("; rollback not started: --rollback-version: none known");
        assertThat(posts()).hasSize(1);
    }

    @Test
    void aRollbackTheServerRefusesIsNotStarted() {
        FleetResult<Long, Void> x = rollbackOf(engine(), id -> ApiCall.historyStart(999_999_999L, HistoryStart.of("1")));
        assertThat(x.rollbackCommandId()).isEmpty();
        assertThat(x.rollback().state()).isEqualTo(FleetResult.Rollback.State.NOT_STARTED);
        assertThat(x.rollback().detail()).contains("1005");
    }

    @Test
    void withoutWaitingAnAcceptedCommandNeedsNoRollback() {
        sim.faults().onNode(FIRST, CommandFault.PUBLISH_FAILED);
        // without waiting the first command is accepted and counts as a success: no rollback is needed
        FleetReport<Long, Void> r = engine().withWaitForCommands(false).withRollback(FanOutRulesTest::back).run(nodes(1), FanOutRulesTest::deploy);
        assertThat(r.results().get(0).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.results().get(0).rollbackCommandId()).isEmpty();
        assertThat(posts()).hasSize(1);
    }

    @Test
    void aRollbackStillRunningAtACancelIsReportedStartedWithItsCommand() throws Exception {
        assertThat(engine().run(nodes(1), FanOutRulesTest::deploy).allSucceeded()).isTrue();
        sim.faults().onNode(FIRST, CommandFault.RESULT_FAILED);
        FanOut.Execution run = engine().withRollback(id -> {
            sim.faults().onNode(FIRST, CommandFault.NEVER_FINISHES);
            return back(id);
        }).start(nodes(1), FanOutRulesTest::deploy);
        Await.until(() -> sim.state().commandIds(FIRST).size() == 3 && sim.accessLog().stream()
                .anyMatch(e -> e.path().equals("/api/v1/command/" + sim.state().commandIds(FIRST).get(2))), run.report(), "the rollback polled");
        run.cancel();
        FleetResult<Long, Void> x = run.await().results().get(0);
        assertThat(x.outcome()).isEqualTo(Outcome.IN_FLIGHT);
        assertThat(x.rollback()).isEqualTo(new FleetResult.Rollback(FleetResult.Rollback.State.STARTED, sim.state().commandIds(FIRST).get(2), ""));
    }

    @Test
    void aRollbackThatNeverEndsIsCutAtTheWaitTimeout() {
        assertThat(engine().run(nodes(1), FanOutRulesTest::deploy).allSucceeded()).isTrue();
        sim.faults().onNode(FIRST, CommandFault.RESULT_FAILED);
        FleetReport<Long, Void> r = engine().withWaitTimeout(Duration.ofSeconds(1)).withRollback(id -> {
            sim.faults().onNode(FIRST, CommandFault.NEVER_FINISHES);
            return back(id);
        }).run(nodes(1), FanOutRulesTest::deploy);
        FleetResult<Long, Void> x = r.results().get(0);
        assertThat(x.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(x.rollbackCommandId()).isNotEmpty();
        assertThat(x.rollback()).isEqualTo(new FleetResult.Rollback(FleetResult.Rollback.State.FAILED, x.rollbackCommandId(), "not finished within 1s"));
        assertThat(x.status()).as("the status is the failed command's").isEqualTo(CommandStatus.DONE);
        assertThat(x.seconds()).as("the failed command, then the rollback's whole wait").isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void eventsComeInTheOrderAProgressDisplayNeeds() {
        sim.faults().onNode(FIRST + 1, CommandFault.RESULT_FAILED);
        List<FleetEvent<Long>> events = new CopyOnWriteArrayList<>();
        long t0 = System.nanoTime();
        FleetReport<Long, Void> r = engine().withBatchSize(2).withPause(Duration.ofMillis(100)).withListener(events::add)
                .run(nodes(4), FanOutRulesTest::deploy);
        double measured = (System.nanoTime() - t0) / 1e9;

        List<String> kinds = new ArrayList<>();
        for (FleetEvent<Long> e : events) {
            kinds.add(e.kind() + (e.kind() == FleetEvent.Kind.BATCH_STARTED ? " " + e.batch() + " " + e.items() : e.item() == null ? "" : " " + e.item()));
        }
        // batch 1's two nodes start and end (in some order), a pause, batch 2 likewise, then the end
        assertThat(kinds.get(0)).isEqualTo("BATCH_STARTED 1 [" + FIRST + ", " + (FIRST + 1) + "]");
        assertThat(kinds.subList(1, 5)).containsExactlyInAnyOrder("ITEM_STARTED " + FIRST, "ITEM_STARTED " + (FIRST + 1),
                "ITEM_SUCCEEDED " + FIRST, "ITEM_FAILED " + (FIRST + 1));
        assertThat(kinds.indexOf("ITEM_STARTED " + FIRST)).isLessThan(kinds.indexOf("ITEM_SUCCEEDED " + FIRST));
        assertThat(kinds.get(5)).isEqualTo("PAUSE");
        assertThat(events.get(5).pause()).isEqualTo(Duration.ofMillis(100));
        assertThat(events.get(5).batch()).isEqualTo(1);
        assertThat(kinds.get(6)).isEqualTo("BATCH_STARTED 2 [" + (FIRST + 2) + ", " + (FIRST + 3) + "]");
        assertThat(kinds.subList(7, 11)).containsExactlyInAnyOrder("ITEM_STARTED " + (FIRST + 2), "ITEM_STARTED " + (FIRST + 3),
                "ITEM_SUCCEEDED " + (FIRST + 2), "ITEM_SUCCEEDED " + (FIRST + 3));
        assertThat(kinds).hasSize(12).last().isEqualTo("FINISHED");

        FleetEvent<Long> failed = events.stream().filter(e -> e.kind() == FleetEvent.Kind.ITEM_FAILED).findFirst().orElseThrow();
        assertThat(failed.finished()).isEqualTo(r.results().get(1));
        FleetEvent<Long> last = events.get(events.size() - 1);
        assertThat(List.of(last.total(), last.started(), last.running(), last.succeeded(), last.failed(), last.timedOut()))
                .containsExactly(4, 4, 0, 3, 1, 0);
        assertThat(List.of(last.batch(), last.batches())).containsExactly(2, 2);
        assertThat(last.requests()).as("what the server saw").isEqualTo(sim.accessLog().size()).isEqualTo(r.requests());
        assertThat(events).extracting(FleetEvent::ended).isSorted();
        assertThat(events).extracting(FleetEvent::requests).isSorted();
        double command = COMMAND.toMillis() / 1000.0, atLeast = 2 * command + 0.1; // two batches of commands and the pause
        assertThat(last.seconds()).isBetween(atLeast, measured);
        assertThat(r.elapsed().toNanos() / 1e9).isBetween(atLeast, measured);
        assertThat(r.succeeded()).as("a command takes %s", COMMAND).allSatisfy(x -> assertThat(x.seconds()).isBetween(command, measured));
        assertThat(r.results().get(1).seconds()).as("the failed one, from its start to its end").isPositive().isLessThanOrEqualTo(measured);
    }

    @Test
    void aFleetStoppedByItsFailureLimitSaysWhichNodesItDidNotStart() {
        sim.faults().onNode(FIRST, CommandFault.RESULT_FAILED);
        List<FleetEvent<Long>> events = new CopyOnWriteArrayList<>();
        FleetReport<Long, Void> r = engine().withBatchSize(2).withMaxFailures(0).withListener(events::add).run(nodes(6), FanOutRulesTest::deploy);

        List<FleetEvent<Long>> stopped = events.stream().filter(e -> e.kind() == FleetEvent.Kind.STOPPED).toList();
        assertThat(stopped).as("one STOPPED event, as a Rollout sends").hasSize(1);
        assertThat(stopped.get(0).items()).as("the second and third batches were never started")
                .containsExactly(FIRST + 2, FIRST + 3, FIRST + 4, FIRST + 5);
        assertThat(posts()).as("the server saw only the first batch").hasSize(2);
        assertThat(events.get(events.size() - 1).kind()).isEqualTo(FleetEvent.Kind.FINISHED);
        assertThat(r.results()).hasSize(6);
    }
}
