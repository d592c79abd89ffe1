package acs.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.AcsException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A rollout as its caller meets it: the counts a progress display reads from each event, a pause that
 * cannot be waited ending the rollout with that error, and the worker threads it made gone when it returns.
 */
class RolloutProgressTest {
    @Test
    void eachEventCarriesTheCountsSoFarAndTheLastOneTheTotals() {
        List<FleetEvent<Integer>> events = new CopyOnWriteArrayList<>();
        FleetReport<Integer, Integer> r = Rollout.of(List.of(1, 2, 3, 4, 5)).withBatchSize(2).withMaxFailures(1).withListener(events::add)
                .apply(i -> {
                    if (i == 2) throw new IllegalStateException("bad " + i);
                    return i * 10;
                });
        assertThat(r.results()).extracting(FleetResult::outcome)
                .containsExactly(Outcome.SUCCEEDED, Outcome.FAILED, Outcome.SUCCEEDED, Outcome.SUCCEEDED, Outcome.SUCCEEDED);
        assertThat(r.results()).extracting(FleetResult::value).containsExactly(10, null, 30, 40, 50);

        // one batch at a time: every item event of batch 1 comes before batch 2 starts, so the counts are exact there
        int batch2 = indexOf(events, FleetEvent.Kind.BATCH_STARTED, 2);
        FleetEvent<Integer> atBatch2 = events.get(batch2);
        assertThat(List.of(atBatch2.total(), atBatch2.started(), atBatch2.running(), atBatch2.succeeded(), atBatch2.failed(), atBatch2.timedOut()))
                .containsExactly(5, 2, 0, 1, 1, 0);
        assertThat(atBatch2.ended()).isEqualTo(2);
        assertThat(atBatch2.notStarted()).isEqualTo(3);
        assertThat(atBatch2.batches()).isEqualTo(3);

        FleetEvent<Integer> last = events.get(events.size() - 1);
        assertThat(last.kind()).isEqualTo(FleetEvent.Kind.FINISHED);
        assertThat(List.of(last.started(), last.running(), last.succeeded(), last.failed(), last.batch())).containsExactly(5, 0, 4, 1, 3);
        assertThat(last.requests()).as("a rollout's tasks send, not the rollout").isZero();
        assertThat(events).extracting(FleetEvent::ended).isSorted();
        FleetEvent<Integer> failed = events.stream().filter(e -> e.kind() == FleetEvent.Kind.ITEM_FAILED).findFirst().orElseThrow();
        assertThat(failed.item()).isEqualTo(2);
        assertThat(failed.cause()).hasMessage("bad 2");
        assertThat(failed.failed()).isEqualTo(1);
    }

    @Test
    void aPauseThatCannotBeWaitedEndsTheRolloutWithWhatWentWrong() {
        Rollout<Integer> r = Rollout.of(List.of(1, 2)).withPause(Duration.ofSeconds(30));
        assertThatThrownBy(() -> r.withSleeper(d -> { throw new InterruptedException("woken"); }).run(i -> { }))
                .isInstanceOf(AcsException.class).hasMessage("rollout interrupted");
        assertThat(Thread.interrupted()).as("an interrupted pause is an interrupt: the flag is set for the caller").isTrue();
        assertThatThrownBy(() -> r.withSleeper(d -> { throw new IllegalStateException("no clock"); }).run(i -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessage("no clock");
        assertThatThrownBy(() -> r.withSleeper(d -> { throw new AssertionError("rehearsal"); }).run(i -> { }))
                .isInstanceOf(AssertionError.class).hasMessage("rehearsal");
    }

    @Test
    void theDefaultPauseIsWaitedInRealTime() {
        // the last task of batch 1 ends, the pause, then the task of batch 2 starts: at least the pause apart
        long[] ended = new long[1], started = new long[1];
        Rollout.of(List.of(1, 2)).withPause(Duration.ofMillis(50)).run(i -> {
            if (i == 1) ended[0] = System.nanoTime();
            else started[0] = System.nanoTime();
        });
        assertThat(Duration.ofNanos(started[0] - ended[0])).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }

    @Test
    void tasksRunOnDaemonWorkersThatAreGoneWhenTheRolloutReturns() throws Exception {
        Set<Thread> workers = ConcurrentHashMap.newKeySet();
        FleetReport<Integer, Void> r = Rollout.of(List.of(1, 2, 3, 4)).withBatchSize(2).run(i -> workers.add(Thread.currentThread()));
        assertThat(r.allSucceeded()).isTrue();
        assertThat(workers).isNotEmpty().allMatch(Thread::isDaemon, "a daemon: a forgotten rollout never keeps the JVM alive");
        for (Thread t : workers) t.join(20_000);
        assertThat(workers).noneMatch(Thread::isAlive);
    }

    static int indexOf(List<FleetEvent<Integer>> events, FleetEvent.Kind kind, int batch) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).kind() == kind && events.get(i).batch() == batch) return i;
        }
        throw new AssertionError("no " + kind + " of batch " + batch + " in " + events);
    }
}
