package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.AcsException;
import acs.InvalidInputException;
import acs.fleet.Rollout;
import acs.fleet.RolloutFailedException;
import acs.fleet.Outcome;
import acs.fleet.FleetReport;
import acs.fleet.FleetResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The batch engine, with the pause replaced by a recording sleeper: no test waits for real time. */
class RolloutTest {
    final List<Duration> pauses = new CopyOnWriteArrayList<>();
    final List<String> log = new CopyOnWriteArrayList<>();

    Rollout<Integer> rollout(Integer... items) {
        return Rollout.of(List.of(items)).withSleeper(d -> { pauses.add(d); log.add("pause " + d.toSeconds()); });
    }

    static List<Outcome> outcomes(FleetReport<?, ?> r) {
        return r.results().stream().map(FleetResult::outcome).toList();
    }

    @Test
    void cutsItemsIntoBatchesInOrder() {
        assertThat(rollout(1, 2, 3, 4, 5).withBatchSize(2).batches()).containsExactly(List.of(1, 2), List.of(3, 4), List.of(5));
        assertThat(rollout().withBatchSize(3).batches()).isEmpty();
    }

    @Test
    void everyItemSucceedsAndResultsKeepTheItemsOrderAndValues() {
        FleetReport<Integer, Integer> r = rollout(1, 2, 3, 4, 5).withBatchSize(2).apply(i -> i * 10);
        assertThat(r.results()).extracting(FleetResult::item).containsExactly(1, 2, 3, 4, 5);
        assertThat(r.results()).extracting(FleetResult::value).containsExactly(10, 20, 30, 40, 50);
        assertThat(r.results()).extracting(FleetResult::batch).containsExactly(1, 1, 2, 2, 3);
        assertThat(r.exceeded()).isFalse();
        assertThat(r.describe()).isEqualTo("5 succeeded, 0 failed, 0 skipped");
        assertThat(r.throwIfExceeded()).isSameAs(r);
    }

    @Test
    void pausesBetweenBatchesOnlyThroughTheSleeper() {
        rollout(1, 2, 3, 4, 5).withBatchSize(2).withPause(Duration.ofSeconds(30)).run(i -> log.add("item " + i));
        assertThat(pauses).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(30));
        // a pause sits between two batches: never first, never last
        assertThat(log.get(0)).startsWith("item");
        assertThat(log.get(log.size() - 1)).startsWith("item");
        assertThat(log.indexOf("pause 30")).isBetween(2, 3);
    }

    @Test
    void noPauseWhenZeroOrSingleBatch() {
        rollout(1, 2, 3).withBatchSize(1).run(i -> { });
        rollout(1, 2).withBatchSize(5).withPause(Duration.ofMinutes(1)).run(i -> { });
        assertThat(pauses).isEmpty();
    }

    @Test
    void itemsOfABatchRunInParallel() {
        // Both tasks of the batch must be running at once to pass the barrier; sequential execution times out.
        CyclicBarrier together = new CyclicBarrier(2);
        FleetReport<Integer, Void> r = rollout(1, 2).withBatchSize(2).run(i -> await(together));
        assertThat(outcomes(r)).containsOnly(Outcome.SUCCEEDED);
    }

    @Test
    void batchesRunOneAfterAnother() {
        AtomicInteger running = new AtomicInteger();
        List<Integer> seenRunning = new CopyOnWriteArrayList<>();
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        CyclicBarrier pair = new CyclicBarrier(2);
        rollout(1, 2, 3, 4, 5, 6).withBatchSize(2).run(i -> {
            seenRunning.add(running.incrementAndGet());
            order.add(i);
            await(pair);
            running.decrementAndGet();
        });
        assertThat(seenRunning).allMatch(n -> n <= 2);
        // the first two started are batch 1's, then batch 2's, then batch 3's
        assertThat(order.subList(0, 2)).containsExactlyInAnyOrder(1, 2);
        assertThat(order.subList(2, 4)).containsExactlyInAnyOrder(3, 4);
        assertThat(order.subList(4, 6)).containsExactlyInAnyOrder(5, 6);
    }

    @Test
    void parallelismBoundsTasksAtOnceWithinABatch() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        CyclicBarrier pair = new CyclicBarrier(2);
        Rollout<Integer> r = rollout(1, 2, 3, 4).withBatchSize(4).withParallelism(2);
        assertThat(r.parallelism()).isEqualTo(2);
        r.run(i -> {
            max.accumulateAndGet(running.incrementAndGet(), Math::max);
            await(pair);
            running.decrementAndGet();
        });
        assertThat(max.get()).isEqualTo(2);
    }

    @Test
    void aFailureRunsTheHandlerStopsLaterBatchesAndSkipsThem() {
        List<String> handled = new CopyOnWriteArrayList<>();
        List<Integer> started = new CopyOnWriteArrayList<>();
        CyclicBarrier batch2 = new CyclicBarrier(2);
        FleetReport<Integer, Void> r = rollout(1, 2, 3, 4, 5, 6).withBatchSize(2).withPause(Duration.ofSeconds(30))
                .withOnFailure((i, e) -> handled.add(i + ": " + e.getMessage()))
                .run(i -> {
                    started.add(i);
                    if (i >= 3) await(batch2); // 3 and 4 both started before 3 fails
                    if (i == 3) throw new IllegalStateException("boom");
                });
        assertThat(handled).containsExactly("3: boom");
        assertThat(started).containsExactlyInAnyOrder(1, 2, 3, 4);
        assertThat(outcomes(r)).containsExactly(Outcome.SUCCEEDED, Outcome.SUCCEEDED,
                Outcome.FAILED, Outcome.SUCCEEDED, Outcome.SKIPPED, Outcome.SKIPPED);
        assertThat(r.failed().get(0).cause()).hasMessage("boom");
        assertThat(r.exceeded()).isTrue();
        assertThat(pauses).hasSize(1); // before batch 2 only: no pause before a batch that never starts
        assertThatThrownBy(r::throwIfExceeded).isInstanceOf(RolloutFailedException.class)
                .hasMessageContaining("1 failure (maxFailures 0)")
                .hasMessageContaining("3 succeeded, 1 failed, 2 skipped").hasMessageContaining("3: boom")
                .satisfies(e -> assertThat(((AcsException) e).exitCode()).isEqualTo(AcsException.EXIT_COMMAND_FAILED))
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void failuresUpToMaxFailuresAreTolerated() {
        FleetReport<Integer, Void> r = rollout(1, 2, 3, 4).withBatchSize(1).withMaxFailures(2).run(i -> {
            if (i % 2 == 1) throw new IllegalStateException("odd " + i);
        });
        assertThat(outcomes(r)).containsExactly(Outcome.FAILED, Outcome.SUCCEEDED,
                Outcome.FAILED, Outcome.SUCCEEDED);
        assertThat(r.exceeded()).isFalse();
    }

    @Test
    void oneFailureMoreThanAllowedStopsEvenInTheLastBatch() {
        FleetReport<Integer, Void> r = rollout(1, 2).withBatchSize(1).withMaxFailures(0).run(i -> {
            if (i == 2) throw new IllegalStateException("last");
        });
        assertThat(r.exceeded()).isTrue();
        assertThat(r.skipped()).isEmpty();
    }

    @Test
    void queuedItemsOfTheFailingBatchAreNotStarted() {
        // parallelism 1 within a batch of 3: after item 1 fails, items 2 and 3 are still queued
        List<Integer> started = new CopyOnWriteArrayList<>();
        FleetReport<Integer, Void> r = rollout(1, 2, 3).withBatchSize(3).withParallelism(1).run(i -> {
            started.add(i);
            throw new IllegalStateException("no");
        });
        assertThat(started).containsExactly(1);
        assertThat(outcomes(r)).containsExactly(Outcome.FAILED, Outcome.SKIPPED, Outcome.SKIPPED);
    }

    @Test
    void assertionErrorsCountAsFailuresAndHandlerErrorsAreSuppressed() {
        FleetReport<Integer, Void> r = rollout(1).withOnFailure((i, e) -> { throw new IllegalStateException("rollback failed"); })
                .run(i -> { throw new AssertionError("status is STOPPED"); });
        Throwable e = r.failed().get(0).cause();
        assertThat(e).isInstanceOf(AssertionError.class).hasMessage("status is STOPPED");
        assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("rollback failed");
    }

    @Test
    void listenerSeesBatchesItemsPausesAndTheStop() {
        List<String> events = new CopyOnWriteArrayList<>();
        rollout(1, 2, 3).withBatchSize(1).withPause(Duration.ofSeconds(5))
                .withListener(e -> events.add(e.kind() + " " + e.describe()))
                .run(i -> {
                    if (i == 2) throw new IllegalStateException("bad");
                });
        assertThat(events).containsExactly(
                "BATCH_STARTED batch 1/3: 1", "ITEM_STARTED 1 started", "ITEM_SUCCEEDED 1 succeeded",
                "PAUSE pause 5s before batch 2/3",
                "BATCH_STARTED batch 2/3: 2", "ITEM_STARTED 2 started", "ITEM_FAILED 2 failed: bad",
                "STOPPED stopped: too many failures; not started: 3",
                "FINISHED finished");
    }

    @Test
    void aThrowingListenerDoesNotChangeTheOutcome() {
        FleetReport<Integer, Void> r = rollout(1, 2).withListener(e -> { throw new IllegalStateException("listener"); }).run(i -> { });
        assertThat(outcomes(r)).containsOnly(Outcome.SUCCEEDED);
    }

    @Test
    void emptyRolloutIsAnEmptySuccess() {
        FleetReport<Integer, Void> r = rollout().withBatchSize(2).run(i -> { throw new AssertionError("never"); });
        assertThat(r.results()).isEmpty();
        assertThat(r.exceeded()).isFalse();
    }

    @Test
    void badSettingsAreRejectedAsInput() {
        assertThatThrownBy(() -> rollout(1).withBatchSize(0)).isInstanceOf(InvalidInputException.class).hasMessageStartingWith("batch:");
        assertThatThrownBy(() -> rollout(1).withMaxFailures(-1)).isInstanceOf(InvalidInputException.class).hasMessageStartingWith("maxFailures:");
        assertThatThrownBy(() -> rollout(1).withPause(Duration.ofSeconds(-1))).isInstanceOf(InvalidInputException.class).hasMessageStartingWith("pause:");
        assertThatThrownBy(() -> rollout(1).withParallelism(-2)).isInstanceOf(InvalidInputException.class).hasMessageStartingWith("parallelism:");
    }

    @Test
    void anInterruptedPauseEndsTheRollout() throws Exception {
        CountDownLatch pausing = new CountDownLatch(1);
        List<Throwable> thrown = new CopyOnWriteArrayList<>();
        Thread t = new Thread(() -> {
            try {
                Rollout.of(List.of(1, 2)).withPause(Duration.ofHours(1)).withSleeper(d -> {
                    pausing.countDown();
                    new CountDownLatch(1).await(); // blocks until interrupted
                }).run(i -> { });
            } catch (Throwable e) {
                thrown.add(e);
            }
        });
        t.start();
        assertThat(pausing.await(5, TimeUnit.SECONDS)).isTrue();
        t.interrupt();
        t.join(5000);
        assertThat(thrown).singleElement().isInstanceOf(AcsException.class).extracting(Throwable::getMessage).isEqualTo("rollout interrupted");
    }

    @Test
    void aBlockedTaskDoesNotDelayTheNextItemOfItsBatchBeyondParallelism() {
        // parallelism 2 in a batch of 3: item 1 blocks until item 3 has started, which it can once item 2 is done
        CountDownLatch thirdStarted = new CountDownLatch(1);
        FleetReport<Integer, Void> r = rollout(1, 2, 3).withBatchSize(3).withParallelism(2).run(i -> {
            if (i == 3) thirdStarted.countDown();
            if (i == 1) await(thirdStarted);
        });
        assertThat(outcomes(r)).containsOnly(Outcome.SUCCEEDED);
    }

    @Test
    void anInterruptDuringAPauseEndsTheRolloutEvenWhenTheSleeperIgnoresIt() throws Exception {
        CountDownLatch pausing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        CompletableFuture<Boolean> interruptKept = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                Rollout.of(List.of(1, 2)).withPause(Duration.ofHours(1)).withSleeper(d -> {
                    pausing.countDown();
                    while (true) {
                        try {
                            release.await();
                            return;
                        } catch (InterruptedException ignored) {
                            // a sleeper that does not answer interrupts
                        }
                    }
                }).run(i -> { });
                thrown.complete(null);
            } catch (Throwable e) {
                thrown.complete(e);
            }
            interruptKept.complete(Thread.currentThread().isInterrupted());
        });
        t.start();
        try {
            assertThat(pausing.await(20, TimeUnit.SECONDS)).isTrue();
            t.interrupt();
            assertThat(thrown.get(20, TimeUnit.SECONDS)).isInstanceOf(AcsException.class).hasMessage("rollout interrupted");
            assertThat(interruptKept.get(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            release.countDown();
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the other task of the batch never ran alongside", e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) throw new AssertionError("the other task of the batch never started");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
