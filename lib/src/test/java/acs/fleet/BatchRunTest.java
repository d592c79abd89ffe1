package acs.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The batch engine on its own, the rules {@link FanOut} and {@link Rollout} share: the test plays
 * the per-item work, ends items when it chooses and reads what the engine started meanwhile.
 */
class BatchRunTest {
    record Report(List<String> results, boolean cancelled) {}

    /**
     * Logs every callback; an item that never ended is reported as "-". It also checks the engine's
     * promises as the callbacks come (items started in order, within their batch and the concurrency;
     * batches in order, never more than there are): a broken promise throws, which ends the run with
     * that error at once instead of leaving a test waiting on an engine that lost its way.
     */
    static final class Work implements BatchRun.Work<String, Report> {
        final List<String> log = new CopyOnWriteArrayList<>();
        int size, batchSize, concurrency;
        int started, ended, batch, batchFrom, batchTo, finished;
        volatile Thread loop;

        @Override public void start(int index) {
            loop = Thread.currentThread();
            check(index == started && index >= batchFrom && index < batchTo, "start " + index + " out of order or outside batch " + batch);
            check(started - ended < concurrency, "start " + index + " with " + (started - ended) + " running, concurrency " + concurrency);
            started++;
            log.add("start " + index);
        }

        @Override public void batchStarted(int batch, int from, int to) {
            int batches = batchSize == 0 ? 1 : (size + batchSize - 1) / batchSize;
            check(batch == this.batch + 1 && batch <= batches, "batch " + batch + " after batch " + this.batch + " of " + batches);
            check(from == started && to > from && to <= size && (batchSize == 0 || to - from <= batchSize), "batch " + batch + ": " + from + ".." + to);
            check(started == ended, "batch " + batch + " while " + (started - ended) + " items of batch " + this.batch + " run");
            this.batch = batch;
            batchFrom = from;
            batchTo = to;
            log.add("batch " + batch + ": " + from + ".." + to);
        }

        @Override public void pausing(int batch) {
            check(batch == this.batch && started == ended, "pause after batch " + batch + " (current " + this.batch + ")");
            log.add("pause after " + batch);
        }

        @Override public void stopped(int batch, int from) { log.add("stopped after " + batch + ", not started from " + from); }

        @Override public void ended(int index, String result) {
            check(index < started && ended < started, "end " + index + " of an item not running");
            ended++;
            log.add("end " + index + " " + result);
        }

        @Override public Report finished(List<String> results, boolean cancelled) {
            check(++finished == 1, "finished twice");
            log.add(cancelled ? "cancelled" : "finished");
            List<String> out = new ArrayList<>();
            for (String r : results) out.add(r == null ? "-" : r);
            return new Report(out, cancelled);
        }

        static void check(boolean promise, String broken) {
            if (!promise) throw new IllegalStateException("the engine broke a promise: " + broken);
        }
    }

    final Work work = new Work();
    final BlockingQueue<Runnable> pauses = new LinkedBlockingQueue<>();
    final List<Duration> paused = new CopyOnWriteArrayList<>();

    BatchRun<String, Report> run(int size, int batchSize, int concurrency, int maxFailures, Duration pause) {
        work.size = size;
        work.batchSize = batchSize;
        work.concurrency = concurrency;
        BatchRun<String, Report> r = new BatchRun<>("test-batch-run", size, batchSize, concurrency, maxFailures, pause,
                (d, next) -> { paused.add(d); pauses.add(next); }, work);
        r.begin();
        return r;
    }

    /** What the engine has done once everything handed to it so far ran (its loop is one thread, in order). */
    List<String> log(BatchRun<String, Report> run) throws Exception {
        CompletableFuture<Void> caughtUp = new CompletableFuture<>();
        run.execute(() -> caughtUp.complete(null));
        CompletableFuture.anyOf(caughtUp, run.report()).get(20, TimeUnit.SECONDS);
        return List.copyOf(work.log);
    }

    static void succeed(BatchRun<String, Report> run, int index) {
        run.execute(() -> run.end(index, "ok"));
    }

    static void fail(BatchRun<String, Report> run, int index) {
        run.execute(() -> {
            run.failure();
            run.end(index, "failed");
        });
    }

    static Report report(BatchRun<String, Report> run) throws Exception {
        return run.report().get(20, TimeUnit.SECONDS);
    }

    @Test
    void batchesRunInOrderAndOneStartsOnlyWhenEveryItemOfThePreviousEnded() throws Exception {
        BatchRun<String, Report> run = run(5, 2, 2, 0, Duration.ZERO);
        assertThat(log(run)).containsExactly("batch 1: 0..2", "start 0", "start 1");
        assertThat(run.batches()).isEqualTo(3);

        succeed(run, 1);
        assertThat(log(run)).endsWith("end 1 ok"); // item 0 still runs: batch 2 waits

        succeed(run, 0);
        assertThat(log(run)).endsWith("end 0 ok", "batch 2: 2..4", "start 2", "start 3");
        succeed(run, 2);
        succeed(run, 3);
        succeed(run, 4);
        assertThat(report(run)).isEqualTo(new Report(List.of("ok", "ok", "ok", "ok", "ok"), false));
        assertThat(work.log).containsSubsequence("end 3 ok", "batch 3: 4..5", "start 4", "end 4 ok", "finished");
        assertThat(paused).isEmpty();
    }

    @Test
    void concurrencyBoundsTheItemsStartedAndNotEnded() throws Exception {
        BatchRun<String, Report> run = run(3, 0, 1, Integer.MAX_VALUE, Duration.ZERO); // batch size 0: one batch of all
        assertThat(log(run)).containsExactly("batch 1: 0..3", "start 0");
        succeed(run, 0);
        assertThat(log(run)).endsWith("end 0 ok", "start 1");
        succeed(run, 1);
        succeed(run, 2);
        assertThat(report(run).results()).containsExactly("ok", "ok", "ok");
    }

    @Test
    void failuresUpToMaxFailuresAreToleratedOneMoreStopsTheLaterBatches() throws Exception {
        BatchRun<String, Report> run = run(6, 2, 2, 1, Duration.ZERO);
        fail(run, 0);
        succeed(run, 1);
        assertThat(log(run)).endsWith("batch 2: 2..4", "start 2", "start 3"); // one failure is allowed
        fail(run, 2);
        assertThat(log(run)).endsWith("end 2 failed"); // item 3, started, goes on to its end
        succeed(run, 3);
        Report r = report(run);
        assertThat(r.results()).containsExactly("failed", "ok", "failed", "ok", "-", "-"); // the work reports these as SKIPPED
        assertThat(r.cancelled()).isFalse();
        assertThat(work.log).endsWith("end 3 ok", "stopped after 2, not started from 4", "finished");
        assertThat(work.log).doesNotContain("start 4", "start 5");
    }

    @Test
    void aFailureCountedBeforeItsEndStartsNothingNewEvenInItsOwnBatch() throws Exception {
        BatchRun<String, Report> run = run(3, 0, 1, 0, Duration.ZERO);
        run.execute(run::failure); // e.g. while the item rolls back
        assertThat(log(run)).containsExactly("batch 1: 0..3", "start 0");
        succeed(run, 0);
        assertThat(report(run).results()).containsExactly("ok", "-", "-");
        assertThat(work.log).doesNotContain("start 1").endsWith("end 0 ok", "finished");
    }

    @Test
    void thePauseSitsBetweenTwoBatchesAndTheNextStartsOnlyAfterIt() throws Exception {
        BatchRun<String, Report> run = run(4, 2, 2, 0, Duration.ofSeconds(30));
        assertThat(log(run)).startsWith("batch 1: 0..2"); // no pause before the first batch
        succeed(run, 0);
        succeed(run, 1);
        Runnable next = pauses.poll(20, TimeUnit.SECONDS);
        assertThat(paused).containsExactly(Duration.ofSeconds(30));
        assertThat(log(run)).endsWith("end 1 ok", "pause after 1");

        next.run();
        assertThat(log(run)).endsWith("pause after 1", "batch 2: 2..4", "start 2", "start 3");
        succeed(run, 2);
        succeed(run, 3);
        assertThat(report(run).results()).containsOnly("ok");
        assertThat(paused).hasSize(1); // none after the last batch
    }

    @Test
    void noPauseAfterAStop() throws Exception {
        BatchRun<String, Report> run = run(4, 2, 2, 0, Duration.ofSeconds(30));
        fail(run, 0);
        succeed(run, 1);
        assertThat(report(run).results()).containsExactly("failed", "ok", "-", "-");
        assertThat(paused).isEmpty();
        assertThat(work.log).doesNotContain("pause after 1");
    }

    @Test
    void cancelEndsTheRunAtOnceAndLaterEndsAreDropped() throws Exception {
        BatchRun<String, Report> run = run(4, 2, 2, 0, Duration.ZERO);
        succeed(run, 0);
        run.cancel();
        Report r = report(run);
        assertThat(r).isEqualTo(new Report(List.of("ok", "-", "-", "-"), true)); // item 1 was still running: in flight
        assertThat(work.log).endsWith("end 0 ok", "cancelled").doesNotContain("stopped after 1, not started from 2");

        succeed(run, 1); // its answer comes late: nowhere to go
        run.cancel(); // idempotent
        assertThat(report(run)).isSameAs(r);
        assertThat(work.log).endsWith("cancelled");
    }

    @Test
    void cancelDuringThePauseStartsNoOtherBatch() throws Exception {
        BatchRun<String, Report> run = run(4, 2, 2, 0, Duration.ofSeconds(30));
        succeed(run, 0);
        succeed(run, 1);
        Runnable next = pauses.poll(20, TimeUnit.SECONDS);
        run.cancel();
        assertThat(report(run).results()).containsExactly("ok", "ok", "-", "-");
        next.run(); // the pause ends after the cancel
        assertThat(work.log).doesNotContain("batch 2: 2..4").endsWith("cancelled");
    }

    @Test
    void theLoopIsADaemonThreadThatEndsWithTheRunEvenInAnHoursPause() throws Exception {
        work.size = 2;
        work.batchSize = 1;
        work.concurrency = 1;
        BatchRun<String, Report> run = new BatchRun<>("test-batch-run", 2, 1, 1, 0, Duration.ofHours(1), null, work); // paused on the loop
        run.begin();
        succeed(run, 0);
        assertThat(log(run)).endsWith("end 0 ok", "pause after 1");
        Thread loop = work.loop;
        assertThat(loop.getName()).isEqualTo("test-batch-run");
        assertThat(loop.isDaemon()).as("an abandoned run never keeps the JVM alive").isTrue();
        run.cancel();
        assertThat(report(run).results()).containsExactly("ok", "-");
        loop.join(20_000);
        assertThat(loop.isAlive()).as("the hour scheduled on it is dropped with the run").isFalse();
    }

    @Test
    void anEmptyRunFinishesAtOnce() throws Exception {
        BatchRun<String, Report> run = run(0, 2, 2, 0, Duration.ofSeconds(30));
        assertThat(report(run)).isEqualTo(new Report(List.of(), false));
        assertThat(run.batches()).isZero();
        assertThat(work.log).containsExactly("finished");
    }

    @Test
    void aBookkeepingErrorEndsTheRunWithItInsteadOfHanging() throws Exception {
        BatchRun<String, Report> run = run(2, 1, 1, 0, Duration.ZERO);
        succeed(run, 1); // never started
        assertThat(run.report()).failsWithin(Duration.ofSeconds(20)).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(IllegalStateException.class).withMessageContaining("item 1 ends but is not running");
        work.loop.join(20_000);
        assertThat(work.loop.isAlive()).as("the crashed run's thread is gone").isFalse();
    }
}
