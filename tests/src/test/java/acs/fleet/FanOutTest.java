package acs.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import acs.ApiCall;
import acs.Command;
import acs.CommandStatus;
import acs.HistoryStart;
import acs.sim.AccessLogEntry;
import acs.sim.CommandFault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The fan-out engine against the simulator on loopback. Functional only: no wall-clock assertions. */
class FanOutTest extends SimulatedFleet {
    FanOut engine() {
        return FanOut.of(client).withPollDelays(Duration.ofMillis(50), Duration.ofMillis(200));
    }

    @Test
    void deploysEveryNodeWithBoundedConcurrencyAndReportsOneResultPerNodeInOrder() {
        AtomicInteger maxRunning = new AtomicInteger();
        FleetReport<Long, Void> r = engine().withConcurrency(5)
                .withListener(p -> maxRunning.accumulateAndGet(p.running(), Math::max))
                .run(nodes(30), FanOutTest::deploy);

        assertThat(r.results()).extracting(FleetResult::item).containsExactlyElementsOf(nodes(30));
        assertThat(r.results()).allSatisfy(x -> {
            assertThat(x.outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(x.commandId()).isNotEmpty();
            assertThat(x.status()).isEqualTo(CommandStatus.DONE);
            assertThat(x.result()).isEqualTo("200");
            assertThat(x.polls()).isPositive();
        });
        assertThat(maxRunning.get()).isBetween(1, 5);
        assertThat(posts()).hasSize(30);
        assertThat(r.requests()).isEqualTo(30 + r.polls());
        assertThat(r.exitCode()).isZero();
        assertThat(r.describe()).startsWith("30 succeeded, 0 failed, 0 timed out, 0 skipped");
    }

    @Test
    void aBatchStartsOnlyAfterEveryCommandOfThePreviousBatchIsDone() {
        FleetReport<Long, Void> r = engine().withConcurrency(16).withBatchSize(4).withPause(Duration.ofMillis(50)).run(nodes(12), FanOutTest::deploy);
        assertThat(r.allSucceeded()).isTrue();
        assertThat(r.results()).extracting(FleetResult::batch).containsExactly(1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3);

        // In the access log (in arrival order): every request about batch b-1 (its POSTs and the
        // polls of its commands, the last of which saw DONE) comes before the first POST of batch b.
        List<AccessLogEntry> log = sim.accessLog();
        for (int b = 2; b <= 3; b++) {
            int bb = b;
            List<String> previous = new ArrayList<>();
            for (FleetResult<Long, Void> x : r.results()) {
                if (x.batch() == bb - 1) {
                    previous.add("/api/v1/node/" + x.item() + "/uploadStart");
                    previous.add("/api/v1/command/" + x.commandId());
                }
            }
            int lastOfPrevious = -1, firstOfThis = Integer.MAX_VALUE;
            for (int i = 0; i < log.size(); i++) {
                String path = log.get(i).path();
                if (previous.contains(path)) lastOfPrevious = i;
                for (FleetResult<Long, Void> x : r.results()) {
                    if (x.batch() == bb && path.equals("/api/v1/node/" + x.item() + "/uploadStart")) firstOfThis = Math.min(firstOfThis, i);
                }
            }
            assertThat(lastOfPrevious).as("batch %d", b).isLessThan(firstOfThis);
        }
        // and the server agrees: each command of batch b was created after batch b-1's commands ended
        for (FleetResult<Long, Void> x : r.results()) {
            if (x.batch() == 1) continue;
            Command c = client.command(x.commandId());
            for (FleetResult<Long, Void> y : r.results()) {
                if (y.batch() == x.batch() - 1) assertThat(c.createTime()).isAfterOrEqualTo(client.command(y.commandId()).endTime());
            }
        }
    }

    @Test
    void moreFailuresThanAllowedStopNewWorkAndSkipTheRest() {
        sim.faults().onNode(FIRST + 1, CommandFault.RESULT_FAILED);
        FleetReport<Long, Void> r = engine().withBatchSize(3).withMaxFailures(0).run(nodes(9), FanOutTest::deploy);

        assertThat(r.results()).extracting(FleetResult::outcome).containsExactly(
                Outcome.SUCCEEDED, Outcome.FAILED, Outcome.SUCCEEDED,
                Outcome.SKIPPED, Outcome.SKIPPED, Outcome.SKIPPED, Outcome.SKIPPED, Outcome.SKIPPED, Outcome.SKIPPED);
        assertThat(r.results().get(1).result()).isEqualTo("500");
        assertThat(r.results().get(1).error()).isNotEmpty();
        assertThat(posts()).hasSize(3);
        assertThat(r.exitCode()).isEqualTo(6);
    }

    @Test
    void failuresWithinTheLimitAreToleratedAndTheRunGoesOn() {
        sim.faults().onNode(FIRST, CommandFault.RESULT_FAILED).onNode(FIRST + 4, CommandFault.PUBLISH_FAILED);
        FleetReport<Long, Void> r = engine().withBatchSize(3).withMaxFailures(2).run(nodes(9), FanOutTest::deploy);
        assertThat(r.count(Outcome.FAILED)).isEqualTo(2);
        assertThat(r.count(Outcome.SUCCEEDED)).isEqualTo(7);
        assertThat(posts()).hasSize(9);
        assertThat(r.exitCode()).isEqualTo(6);
    }

    @Test
    void aNodeWhoseCommandFailedGetsTheRollbackVersion() {
        assertThat(engine().run(nodes(3), FanOutTest::deploy).allSucceeded()).isTrue(); // version 1 everywhere
        sim.faults().onNode(FIRST + 2, CommandFault.RESULT_FAILED);
        FleetReport<Long, Void> r = engine().withRollback(id -> {
            sim.faults().clear(); // the fault stays with the failed command; the rollback itself works
            return ApiCall.historyStart(id, HistoryStart.of("1"));
        }).run(nodes(3), FanOutTest::deploy);

        FleetResult<Long, Void> failed = r.results().get(2);
        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.rollbackCommandId()).isNotEmpty();
        assertThat(failed.rollback().state()).isEqualTo(FleetResult.Rollback.State.SUCCEEDED);
        assertThat(failed.reason().kind()).isEqualTo(FleetResult.Reason.Kind.COMMAND_FAILED);
        assertThat(failed.errorWithRollback()).endsWith("; rolled back");
        assertThat(r.describe()).contains("2 succeeded, 1 failed").contains("rollbacks: 1 started, 1 succeeded, 0 failed");
        assertThat(client.command(failed.rollbackCommandId()).succeeded()).isTrue();
        assertThat(posts()).extracting(AccessLogEntry::path).containsOnlyOnce("/api/v1/node/" + (FIRST + 2) + "/historyStart");
        assertThat(r.results().subList(0, 2)).allSatisfy(x -> assertThat(x.rollbackCommandId()).isEmpty());
    }

    @Test
    void aCommandThatNeverEndsTimesOutWithExit7() {
        sim.faults().onNode(FIRST + 1, CommandFault.NEVER_FINISHES);
        FleetReport<Long, Void> r = engine().withWaitTimeout(Duration.ofMillis(800)).run(nodes(3), FanOutTest::deploy);
        assertThat(r.results()).extracting(FleetResult::outcome).containsExactly(Outcome.SUCCEEDED, Outcome.TIMED_OUT, Outcome.SUCCEEDED);
        assertThat(r.results().get(1).status()).isEqualTo(CommandStatus.RUNNING);
        assertThat(r.exitCode()).isEqualTo(7);
    }

    @Test
    void cancelStopsIssuingWorkAndReportsWhatIsInFlight() throws Exception {
        sim.faults().onAllNodes(CommandFault.NEVER_FINISHES);
        CompletableFuture<Void> fourRunning = new CompletableFuture<>();
        FanOut.Execution run = engine().withConcurrency(4).withListener(p -> {
            if (p.started() == 4) fourRunning.complete(null);
        }).start(nodes(10), FanOutTest::deploy);
        Await.before(fourRunning, run.report(), "4 nodes started");
        Await.until(() -> sim.accessLog().stream().filter(e -> e.path().startsWith("/api/v1/command/")).count() >= 4, run.report(),
                "4 commands polled");
        run.cancel();
        FleetReport<Long, Void> r = run.await();

        assertThat(r.cancelled()).isTrue();
        assertThat(r.results().subList(0, 4)).allSatisfy(x -> {
            assertThat(x.outcome()).isEqualTo(Outcome.IN_FLIGHT);
            assertThat(x.commandId()).isNotEmpty();
            assertThat(x.status()).isNotNull().matches(st -> !st.isTerminal());
        });
        assertThat(r.results().subList(4, 10)).allSatisfy(x -> assertThat(x.outcome()).isEqualTo(Outcome.CANCELLED));
        assertThat(r.results()).extracting(x -> x.reason().describe())
                .containsExactly("running when cancelled", "running when cancelled", "running when cancelled", "running when cancelled",
                        "not started: cancelled", "not started: cancelled", "not started: cancelled", "not started: cancelled",
                        "not started: cancelled", "not started: cancelled");
        assertThat(r.exitCode()).isEqualTo(130);
        assertThat(r.describe()).contains("4 in flight", "6 not started");
        int posts = posts().size();
        // Nothing new after the cancel: an absence cannot be awaited, so give a stray request time to land
        // (a poll would come within the 200 ms of the longest poll delay).
        Thread.sleep(250);
        assertThat(posts()).hasSize(posts).hasSize(4);
    }

    @Test
    void cancelDuringAPauseEndsTheRunWithoutWaitingForThePause() throws Exception {
        CompletableFuture<Void> firstBatchEnded = new CompletableFuture<>();
        FanOut.Execution run = engine().withBatchSize(1).withPause(Duration.ofHours(1)).withListener(p -> {
            if (p.finished() != null) firstBatchEnded.complete(null);
        }).start(nodes(3), FanOutTest::deploy);
        Await.before(firstBatchEnded, run.report(), "the first batch ended");
        run.cancel();
        FleetReport<Long, Void> r = run.await();

        assertThat(r.cancelled()).isTrue();
        assertThat(r.results()).extracting(FleetResult::outcome).containsExactly(Outcome.SUCCEEDED, Outcome.CANCELLED, Outcome.CANCELLED);
        assertThat(posts()).hasSize(1);
    }

    @Test
    void interruptingTheCallingThreadCancelsTheRun() throws Exception {
        sim.faults().onAllNodes(CommandFault.NEVER_FINISHES);
        // the caller's thread: its report, or what it threw (so that a failure ends the test instead of hanging it)
        CompletableFuture<FleetReport<Long, Void>> report = new CompletableFuture<>();
        AtomicReference<Boolean> interruptKept = new AtomicReference<>();
        CompletableFuture<Void> started = new CompletableFuture<>();
        AtomicInteger accepted = new AtomicInteger();
        Thread t = new Thread(() -> {
            try {
                // two commands accepted (started() counts nodes begun, whose request may not have left yet)
                FleetReport<Long, Void> r = engine().withConcurrency(2).withListener((FleetEvent<Long> p) -> {
                    if (p.kind() == FleetEvent.Kind.ITEM_STARTED && accepted.incrementAndGet() == 2) started.complete(null);
                }).run(nodes(5), FanOutTest::deploy);
                interruptKept.set(Thread.currentThread().isInterrupted());
                report.complete(r);
            } catch (Throwable x) {
                report.completeExceptionally(x);
            }
        });
        t.start();
        Await.before(started, report, "2 commands accepted");
        t.interrupt();
        FleetReport<Long, Void> r = report.get();
        assertThat(r.cancelled()).isTrue();
        assertThat(r.count(Outcome.IN_FLIGHT)).isEqualTo(2);
        assertThat(r.count(Outcome.CANCELLED)).isEqualTo(3);
        assertThat(interruptKept.get()).isTrue();
    }

    @Test
    void aCancelBetweenASlotAndItsRequestEndsTheRunWithoutAJournal() throws Exception {
        // the cancel is queued on the loop before the first request's way out: the run must end, not wait for that request
        CompletableFuture<FanOut.Execution> execution = new CompletableFuture<>();
        FanOut.Execution run = engine().withListener((FleetEvent<Long> p) -> {
            if (p.kind() == FleetEvent.Kind.BATCH_STARTED) execution.join().cancel();
        }).start(nodes(3), FanOutTest::deploy);
        execution.complete(run);
        FleetReport<Long, Void> r = run.report().get(30, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(r.cancelled()).isTrue();
        assertThat(r.count(Outcome.CANCELLED)).isEqualTo(3);
        assertThat(posts()).isEmpty();
    }

    @Test
    void aRefusedStartFailsThatNodeOnly() {
        FleetReport<Long, Void> r = engine().run(List.of(FIRST, 999_999_999L, FIRST + 1), FanOutTest::deploy);
        assertThat(r.results()).extracting(FleetResult::outcome).containsExactly(Outcome.SUCCEEDED, Outcome.FAILED, Outcome.SUCCEEDED);
        assertThat(r.results().get(1).error()).contains("1005");
        assertThat(r.results().get(1).commandId()).isEmpty();
    }

    @Test
    void theRequestBudgetCapsRequestsPerSecondWithoutChangingTheOutcome() {
        FleetReport<Long, Void> r = engine().withConcurrency(10).withRequestBudget(2, 50).run(nodes(10), FanOutTest::deploy);
        assertThat(r.allSucceeded()).isTrue();
        assertThat(r.requests()).isEqualTo(10 + r.polls());
    }
}
