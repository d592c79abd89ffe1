package acs.fleet;

import acs.AcsException;
import acs.InvalidInputException;
import acs.Waiter;
import acs.internal.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a blocking task over items in batches: the items of a batch in parallel (at most
 * {@code parallelism} at once), the batches one after another with a pause between them.
 * The DSL's {@code rollout} runs its closures (node handles) with it. Batches, failures, the
 * pause and events are decided by the batch engine ({@code BatchRun}) that {@link FanOut}
 * runs on too; this class only runs each task on a worker and hands its end back to it.
 * <pre>{@code
 * RolloutReport<Long, Command> r = Rollout.of(List.of(610474L, 610247L, 700001L))
 *         .batchSize(2).pause(Duration.ofSeconds(30)).maxFailures(0)
 *         .onFailure((id, error) -> acs.historyStart(id, HistoryStart.of("41")))
 *         .listener(e -> System.err.println(e.describe()))
 *         .apply(id -> acs.waitFor(acs.uploadStart(id, UploadStart.of(url))));
 * r.throwIfExceeded();
 * }</pre>
 *
 * <p><b>Failures.</b> A task that throws (anything, including an {@link AssertionError}) makes
 * its item FAILED; the failure handler then runs for it, on the same thread, before the item
 * counts as done. An exception from the handler is added to the item's error as suppressed.
 * Up to {@code maxFailures} failures are tolerated. One more, and the rollout stops issuing
 * work: items of the current batch not yet started and every later batch are SKIPPED (tasks
 * already running are not interrupted, and finish). The report tells; {@link
 * RolloutReport#throwIfExceeded()} turns it into a {@link RolloutFailedException}.
 *
 * <p><b>Threads.</b> Tasks run on a pool of {@code parallelism} daemon threads made for one
 * {@code run}; the calling thread waits. Every event comes from the engine's one loop thread, so
 * listener calls are serialized and a listener need not be thread-safe. The pause goes through a
 * {@link Waiter.Sleeper} (which tests replace) on a worker, never on the loop. Interrupting the
 * calling thread ends the rollout at once, during a pause too: {@code AcsException("rollout
 * interrupted")}, running tasks interrupted, the interrupt flag kept.
 *
 * <p>Immutable: each {@code withX}-style method returns a new rollout.
 */
public final class Rollout<T> {
    private final List<T> items;
    private final int batchSize;
    private final Duration pause;
    private final int maxFailures;
    private final int parallelism;
    private final BiConsumer<? super T, ? super Throwable> onFailure;
    private final Consumer<? super RolloutEvent<T>> listener;
    private final Waiter.Sleeper sleeper;

    private Rollout(List<T> items, int batchSize, Duration pause, int maxFailures, int parallelism,
                    BiConsumer<? super T, ? super Throwable> onFailure, Consumer<? super RolloutEvent<T>> listener,
                    Waiter.Sleeper sleeper) {
        if (batchSize < 1) throw new InvalidInputException("batch", batchSize + " is not a batch size; expected at least 1");
        if (maxFailures < 0) throw new InvalidInputException("maxFailures", maxFailures + " is negative; expected 0 or more");
        if (parallelism < 0) throw new InvalidInputException("parallelism", parallelism + " is negative; expected at least 1 (0 = the batch size)");
        Objects.requireNonNull(pause, "pause");
        if (pause.isNegative()) throw new InvalidInputException("pause", "must not be negative");
        this.items = items;
        this.batchSize = batchSize;
        this.pause = pause;
        this.maxFailures = maxFailures;
        this.parallelism = parallelism;
        this.onFailure = onFailure;
        this.listener = listener;
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** A rollout of these items (in this order): batches of 1, no pause, no failure tolerated. */
    public static <T> Rollout<T> of(Collection<? extends T> items) {
        return new Rollout<>(Collections.unmodifiableList(new ArrayList<>(items)), 1, Duration.ZERO, 0, 0,
                (item, error) -> { }, e -> { }, d -> Thread.sleep(d.toMillis()));
    }

    /** Items per batch (at least 1). */
    public Rollout<T> batchSize(int n) {
        return new Rollout<>(items, n, pause, maxFailures, parallelism, onFailure, listener, sleeper);
    }

    /** Wait between two batches (not before the first, not after the last). */
    public Rollout<T> pause(Duration d) {
        return new Rollout<>(items, batchSize, d, maxFailures, parallelism, onFailure, listener, sleeper);
    }

    /** Failures tolerated; one more stops the rollout. */
    public Rollout<T> maxFailures(int n) {
        return new Rollout<>(items, batchSize, pause, n, parallelism, onFailure, listener, sleeper);
    }

    /** Tasks at once within a batch; 0 (the default) means the batch size. */
    public Rollout<T> parallelism(int n) {
        return new Rollout<>(items, batchSize, pause, maxFailures, n, onFailure, listener, sleeper);
    }

    /** Runs for each failed item, right after its failure (e.g. a rollback). */
    public Rollout<T> onFailure(BiConsumer<? super T, ? super Throwable> handler) {
        return new Rollout<>(items, batchSize, pause, maxFailures, parallelism, Objects.requireNonNull(handler, "handler"), listener, sleeper);
    }

    /** Receives progress events (serialized; an exception from the listener is ignored). */
    public Rollout<T> listener(Consumer<? super RolloutEvent<T>> l) {
        return new Rollout<>(items, batchSize, pause, maxFailures, parallelism, onFailure, Objects.requireNonNull(l, "listener"), sleeper);
    }

    /** How the pause is waited (a seam for tests and for rehearsals, which skip it). */
    public Rollout<T> sleeper(Waiter.Sleeper s) {
        return new Rollout<>(items, batchSize, pause, maxFailures, parallelism, onFailure, listener, s);
    }

    public List<T> items() { return items; }
    public int batchSize() { return batchSize; }
    public Duration pause() { return pause; }
    public int maxFailures() { return maxFailures; }

    /** Tasks at once within a batch. */
    public int parallelism() {
        return parallelism == 0 ? batchSize : Math.min(parallelism, batchSize);
    }

    /** The items cut into batches, in order. */
    public List<List<T>> batches() {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i += batchSize) out.add(items.subList(i, Math.min(items.size(), i + batchSize)));
        return out;
    }

    /** Runs a task that returns nothing. */
    public RolloutReport<T, Void> run(Consumer<? super T> task) {
        Objects.requireNonNull(task, "task");
        return apply(item -> {
            task.accept(item);
            return null;
        });
    }

    /** Runs a task whose return value is kept in each item's result. */
    public <R> RolloutReport<T, R> apply(Function<? super T, ? extends R> task) {
        return new Run<R>(Objects.requireNonNull(task, "task")).await();
    }

    /**
     * One run: blocking tasks on a pool of worker threads, as the per-item work of the batch engine,
     * which decides (on its loop thread) what starts when and emits every event.
     */
    private final class Run<R> implements BatchRun.Work<RolloutResult<T, R>, RolloutReport<T, R>> {
        private final Function<? super T, ? extends R> task;
        private final ExecutorService workers;
        private final BatchRun<RolloutResult<T, R>, RolloutReport<T, R>> engine;
        private final int batches;

        Run(Function<? super T, ? extends R> task) {
            this.task = task;
            AtomicInteger threadNo = new AtomicInteger();
            this.workers = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism(), items.size())), r -> {
                Thread t = new Thread(r, "acs-rollout-" + threadNo.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            this.engine = new BatchRun<>("acs-rollout", items.size(), batchSize, parallelism(), maxFailures, pause, this::sleep, this);
            this.batches = engine.batches();
        }

        RolloutReport<T, R> await() {
            engine.begin();
            try {
                return engine.report().get();
            } catch (InterruptedException e) {
                engine.cancel();
            } catch (ExecutionException e) {
                // an interrupted sleeper ends the rollout as an interrupt would; anything else goes on as it is
                if (!(e.getCause() instanceof InterruptedException)) throw rethrow(e.getCause());
            } finally {
                workers.shutdown();
            }
            workers.shutdownNow(); // the tasks still running are interrupted, as the calling thread was
            Thread.currentThread().interrupt();
            throw new AcsException("rollout interrupted");
        }

        private static RuntimeException rethrow(Throwable e) {
            if (e instanceof RuntimeException r) return r;
            if (e instanceof Error err) throw err;
            return new IllegalStateException("rollout engine failed", e);
        }

        /** The pause blocks a worker, not the loop: a cancel is answered while the sleeper sleeps. */
        private void sleep(Duration d, Runnable next) {
            try {
                workers.execute(() -> {
                    try {
                        sleeper.sleep(d);
                    } catch (InterruptedException | RuntimeException | Error e) {
                        engine.abort(e);
                        return;
                    }
                    next.run();
                });
            } catch (RejectedExecutionException ignored) {
                // the caller gave up (interrupted): nothing is waiting for the pause
            }
        }

        @Override public void start(int index) {
            T item = items.get(index);
            int batch = engine.batchOf(index);
            emit(new RolloutEvent<>(RolloutEvent.Kind.ITEM_STARTED, batch, batches, List.of(item), null, null));
            try {
                workers.execute(() -> runTask(index, item, batch));
            } catch (RejectedExecutionException ignored) {
                // the caller gave up (interrupted): the run is being cancelled
            }
        }

        /** On a worker: the task, then on failure the handler, before the item counts as done. */
        private void runTask(int index, T item, int batch) {
            R value;
            try {
                value = task.apply(item);
            } catch (Throwable error) {
                engine.execute(engine::failure); // counted at once: nothing new starts while the handler runs
                try {
                    onFailure.accept(item, error);
                } catch (Throwable handlerError) {
                    if (handlerError != error) error.addSuppressed(handlerError);
                }
                engine.execute(() -> engine.end(index, new RolloutResult<>(item, Outcome.FAILED, null, error, batch)));
                return;
            }
            engine.execute(() -> engine.end(index, new RolloutResult<>(item, Outcome.SUCCEEDED, value, null, batch)));
        }

        @Override public void batchStarted(int batch, int from, int to) {
            emit(new RolloutEvent<>(RolloutEvent.Kind.BATCH_STARTED, batch, batches, items.subList(from, to), null, null));
        }

        @Override public void pausing(int batch) {
            emit(new RolloutEvent<>(RolloutEvent.Kind.PAUSE, batch, batches, List.of(), null, pause));
        }

        @Override public void stopped(int batch, int from) {
            emit(new RolloutEvent<>(RolloutEvent.Kind.STOPPED, batch, batches, items.subList(from, items.size()), null, null));
        }

        @Override public void ended(int index, RolloutResult<T, R> r) {
            RolloutEvent.Kind kind = r.failed() ? RolloutEvent.Kind.ITEM_FAILED : RolloutEvent.Kind.ITEM_SUCCEEDED;
            emit(new RolloutEvent<>(kind, r.batch(), batches, List.of(r.item()), r.error(), null));
        }

        @Override public RolloutReport<T, R> finished(List<RolloutResult<T, R>> results, boolean cancelled) {
            List<RolloutResult<T, R>> out = new ArrayList<>(results.size());
            for (int i = 0; i < results.size(); i++) {
                out.add(results.get(i) != null ? results.get(i) : RolloutResult.skipped(items.get(i), engine.batchOf(i)));
            }
            if (!cancelled) emit(new RolloutEvent<>(RolloutEvent.Kind.FINISHED, 0, batches, List.of(), null, null));
            return new RolloutReport<>(out, maxFailures);
        }

        /** On the loop thread only, so listener calls are serialized. */
        private void emit(RolloutEvent<T> event) {
            try {
                listener.accept(event);
            } catch (RuntimeException ignored) {
                // progress reporting must not change the outcome
            }
        }
    }

    @Override public String toString() {
        return "Rollout[" + items.size() + " items, batch " + batchSize + ", pause " + Durations.format(pause)
                + ", maxFailures " + maxFailures + ", parallelism " + parallelism() + "]";
    }
}
