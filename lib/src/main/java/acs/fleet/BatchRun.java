package acs.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The batch engine of {@link FanOut} and {@link Rollout}: one run of some per-item work over items
 * cut into batches. It alone decides what starts when, so the two agree by construction:
 * <ul>
 * <li>batches run one after another; a batch starts only when every item of the previous one has
 *     ended and the pause has passed (no pause before the first batch, nor after a stop);</li>
 * <li>at most {@code concurrency} items are started and not yet ended at once;</li>
 * <li>failures up to {@code maxFailures} are tolerated; one more and nothing new is started (items
 *     started go on to their end; the others stay unended, which the work reports as skipped);</li>
 * <li>{@link #cancel()} ends the run at once, items started or not.</li>
 * </ul>
 *
 * <p><b>One thread.</b> Every decision and every {@link Work} callback runs on one event-loop thread
 * per run, so the state needs no locks and the work's callbacks (progress listeners) are serialized.
 * The work must not block that thread: it starts an item asynchronously (an HTTP request, a task on
 * a worker pool) and hands the item's end back with {@link #execute} then {@link #end}. The same
 * goes for the pause: waited by a {@link Pauser} off the loop (a blocking sleeper) or, by default,
 * scheduled on it; either way the loop stays free to answer a cancel.
 *
 * @param <R> an item's result, given by the work when the item ends
 * @param <P> the report the work makes of the results when the run is over
 */
final class BatchRun<R, P> {
    /** The per-item work, and what it makes of the run's course. Every method is called on the loop thread. */
    interface Work<R, P> {
        /** Starts item {@code index} without blocking; it ends later (or at once) with {@link BatchRun#end}. */
        void start(int index);

        /** Batch {@code batch} (1-based), items {@code from} (inclusive) to {@code to}, is about to start. */
        default void batchStarted(int batch, int from, int to) { }

        /** Batch {@code batch} is over; the pause before the next one begins. */
        default void pausing(int batch) { }

        /** Too many failures after batch {@code batch}: the items from {@code from} on (later batches) never start. */
        default void stopped(int batch, int from) { }

        /** Item {@code index} ended with {@code result} (already counted: not running any more). */
        default void ended(int index, R result) { }

        /**
         * The run is over, finished or cancelled: the report of these results, in the items' order,
         * null for an item that did not end (never started, or started
         * and still going when the run was cancelled).
         */
        P finished(List<R> results, boolean cancelled);
    }

    /** Waits {@code pause} somewhere other than the loop thread, then calls {@code next} (from any thread). */
    interface Pauser {
        void pause(Duration pause, Runnable next);
    }

    private final int size;
    private final int batchSize;
    private final int concurrency;
    private final int maxFailures;
    private final Duration pause;
    private final Pauser pauser;
    private final Work<R, P> work;
    private final ScheduledThreadPoolExecutor loop;
    private final CompletableFuture<P> report = new CompletableFuture<>();
    private final Object[] results;
    private int cursor, batchEnd, batchNo, running, failures;
    private boolean stopped, cancelled, advancing;
    private volatile boolean done; // read off the loop by executeOr's callers' answers

    /**
     * A run over {@code size} items named by their index; {@code batchSize} 0 means one batch of all;
     * {@code pauser} null means the pause is scheduled on the loop.
     */
    BatchRun(String threadName, int size, int batchSize, int concurrency, int maxFailures, Duration pause, Pauser pauser, Work<R, P> work) {
        if (size < 0 || batchSize < 0 || concurrency < 1 || maxFailures < 0) {
            throw new IllegalArgumentException("size " + size + ", batch " + batchSize + ", concurrency " + concurrency + ", maxFailures " + maxFailures);
        }
        this.size = size;
        this.batchSize = batchSize;
        this.concurrency = concurrency;
        this.maxFailures = maxFailures;
        this.pause = Objects.requireNonNull(pause, "pause");
        this.pauser = pauser;
        this.work = Objects.requireNonNull(work, "work");
        this.results = new Object[size];
        loop = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        loop.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        loop.setRemoveOnCancelPolicy(true);
    }

    // ---- from any thread ----

    void begin() {
        execute(this::advance);
    }

    /** Ends the run now: the report is made of what has ended. Idempotent; a no-op once the run is over. */
    void cancel() {
        execute(() -> {
            cancelled = true;
            stopped = true;
            finish();
        });
    }

    /** Completes with the work's report, or exceptionally when the bookkeeping failed or the run was {@linkplain #abort aborted}. */
    CompletableFuture<P> report() {
        return report;
    }

    /** Runs {@code r} on the loop thread (dropped once the run is over: late answers have nowhere to go). */
    void execute(Runnable r) {
        try {
            loop.execute(() -> guarded(r));
        } catch (RejectedExecutionException ignored) {
            // the run is over
        }
    }

    /**
     * Runs {@code r} on the loop thread, or {@code orElse} when the run is over before {@code r}
     * could run (on the loop, or on the calling thread): exactly one of them runs.
     */
    void executeOr(Runnable r, Runnable orElse) {
        try {
            loop.execute(() -> {
                if (done) orElse.run();
                else guarded(r);
            });
        } catch (RejectedExecutionException over) {
            orElse.run();
        }
    }

    /** Runs {@code r} on the loop thread after {@code d}. */
    void schedule(Runnable r, Duration d) {
        try {
            loop.schedule(() -> guarded(r), Math.max(0, d.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException ignored) {
            // the run is over
        }
    }

    /** Ends the run with this error instead of a report (e.g. the pause could not be waited). */
    void abort(Throwable error) {
        execute(() -> crash(error));
    }

    // ---- on the loop thread ----

    /** Counts a failure of an item now, before it ends (e.g. while it rolls back): one more than allowed, and nothing new starts. */
    void failure() {
        if (++failures > maxFailures) stopped = true;
    }

    /** Item {@code index}, started, ends with this result. */
    void end(int index, R result) {
        if (index >= cursor || results[index] != null) throw new IllegalStateException("item " + index + " ends but is not running");
        results[index] = Objects.requireNonNull(result, "result");
        running--;
        work.ended(index, result);
        advance();
    }

    boolean done() { return done; }
    /** Items started so far. */
    int started() { return cursor; }
    /** Items started and not yet ended. */
    int running() { return running; }
    /** The current batch, 1-based; 0 before the first. */
    int batch() { return batchNo; }
    int batches() { return size == 0 ? 0 : batchSize > 0 ? (size + batchSize - 1) / batchSize : 1; }
    /** The batch (1-based) of item {@code index}. */
    int batchOf(int index) { return batchSize > 0 ? index / batchSize + 1 : 1; }

    /** Starts what may start; when the batch is over, pauses, starts the next or finishes. */
    private void advance() {
        if (advancing) return; // an item ended inside start(): the loop below sees it
        advancing = true;
        try {
            while (true) {
                while (!stopped && running < concurrency && cursor < batchEnd) {
                    running++;
                    work.start(cursor++);
                }
                if (running > 0) return;
                // the batch is over (or stopped and drained)
                if (stopped || cursor >= size) {
                    if (stopped && !cancelled && batchEnd < size) work.stopped(batchNo, batchEnd);
                    finish();
                    return;
                }
                if (batchNo > 0 && !pause.isZero()) {
                    work.pausing(batchNo);
                    if (pauser == null) schedule(this::afterPause, pause);
                    else pauser.pause(pause, () -> execute(this::afterPause));
                    return;
                }
                startBatch();
            }
        } finally {
            advancing = false;
        }
    }

    private void afterPause() {
        startBatch();
        advance();
    }

    private void startBatch() {
        batchNo++;
        batchEnd = batchSize > 0 ? Math.min(size, cursor + batchSize) : size;
        work.batchStarted(batchNo, cursor, batchEnd);
    }

    private void finish() {
        if (done) return;
        done = true;
        List<R> out = new ArrayList<>(size);
        for (Object o : results) out.add(cast(o));
        P r = work.finished(out, cancelled);
        loop.shutdown();
        report.complete(r);
    }

    @SuppressWarnings("unchecked")
    private R cast(Object o) {
        return (R) o; // only end() stores, an R
    }

    /** A bug in the bookkeeping must end the run with an error, not hang the caller. */
    private void guarded(Runnable r) {
        if (done) return;
        try {
            r.run();
        } catch (RuntimeException | Error e) {
            crash(e);
        }
    }

    private void crash(Throwable e) {
        done = true;
        loop.shutdown();
        report.completeExceptionally(e);
    }
}
