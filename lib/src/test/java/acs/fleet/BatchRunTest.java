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

    /** Logs every callback; an item that never ended is reported as "-". */
    static final class Work implements BatchRun.Work<String, Report> {
        final List<String> log = new CopyOnWriteArrayList<>();

        @Override public void start(int index) { log.add("start " + index); }
        @Override public void batchStarted(int batch, int from, int to) { log.add("batch " + batch + ": " + from + ".." + to); }
        @Override public void pausing(int batch) { log.add("pause after " + batch); }
        @Override public void stopped(int batch, int from) { log.add("stopped after " + batch + ", not started from " + from); }
        @Override public void ended(int index, String result) { log.add("end " + index + " " + result); }

        @Override public Report finished(List<String> results, boolean cancelled) {
            log.add(cancelled ? "cancelled" : "finished");
            List<String> out = new ArrayList<>();
            for (String r : results) out.add(r == null ? "-" : r);
            return new Report(out, cancelled);
        }
    }

    final Work work = new Work();
    final BlockingQueue<Runnable> pauses = new LinkedBlockingQueue<>();
    final List<Duration> paused = new CopyOnWriteArrayList<>();

    BatchRun<String, Report> run(int size, int batchSize, int concurrency, int maxFailures, Duration pause) {
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
    }
}
