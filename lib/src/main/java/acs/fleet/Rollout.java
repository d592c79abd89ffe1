package acs.fleet;

import acs.AcsException;
import acs.Durations;
import acs.InvalidInputException;
import acs.lifecycle.Waiter;
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
 * FleetReport<Long, Command> r = Rollout.of(List.of(610474L, 610247L, 700001L))
 *         .withBatchSize(2).withPause(Duration.ofSeconds(30)).withMaxFailures(0)
 *         .withOnFailure((id, error) -> acs.historyStart(id, HistoryStart.of("41")))
 *         .withListener(e -> System.err.println(e.describe()))
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
 * FleetReport#throwIfExceeded()} turns it into a {@link RolloutFailedException}.
 *
 * <p><b>Threads.</b> Tasks run on a pool of {@code parallelism} daemon threads made for one
 * {@code run}; the calling thread waits. Every event comes from the engine's one loop thread, so
 * listener calls are serialized and a listener need not be thread-safe. The pause goes through a
 * {@link Waiter.Sleeper} (which tests replace) on a worker, never on the loop. Interrupting the
 * calling thread ends the rollout at once, during a pause too: {@code AcsException("rollout
 * interrupted")}, running tasks interrupted, the interrupt flag kept.
 *
 * <p>An immutable value: each {@code withX} returns a new rollout.
 */
public record Rollout<T>(List<T> items, int batchSize, Duration pause, int maxFailures, int parallelism,
                         BiConsumer<? super T, ? super Throwable> onFailure, Consumer<? super FleetEvent<T>> listener,
                         Waiter.Sleeper sleeper) {
    public Rollout {
        Objects.requireNonNull(items, "items");
        if (batchSize < 1) throw new InvalidInputException("batch", batchSize + " is not a batch size; expected at least 1");
        if (maxFailures < 0) throw new InvalidInputException("maxFailures", maxFailures + " is negative; expected 0 or more");
        if (parallelism < 0) throw new InvalidInputException("parallelism", parallelism + " is negative; expected at least 1 (0 = the batch size)");
        Objects.requireNonNull(pause, "pause");
        if (pause.isNegative()) throw new InvalidInputException("pause", "must not be negative");
        Objects.requireNonNull(onFailure, "handler");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(sleeper, "sleeper");
    }

    /** A rollout of these items (in this order): batches of 1, no pause, no failure tolerated. */
    public static <T> Rollout<T> of(Collection<? extends T> items) {
        return new Rollout<>(Collections.unmodifiableList(new ArrayList<>(items)), 1, Duration.ZERO, 0, 0,
                (item, error) -> { }, e -> { }, d -> Thread.sleep(d.toMillis()));
    }

    /** Items per batch (at least 1). */
    public Rollout<T> withBatchSize(int n) {
        return new Rollout<>(items, n, pause, maxFailures, parallelism, onFailure, listener, sleeper);
    }

    /** Wait between two batches (not before the first, not after the last). */
    public Rollout<T> withPause(Duration d) {
        return new Rollout<>(items, batchSize, d, maxFailures, parallelism, onFailure, listener, sleeper);
    }

    /** Failures tolerated; one more stops the rollout. */
    public Rollout<T> withMaxFailures(int n) {
        return new Rollout<>(items, batchSize, pause, n, parallelism, onFailure, listener, sleeper);
    }

    /** Tasks at once within a batch; 0 (the default) means the batch size. */
    public Rollout<T> withParallelism(int n) {
        return new Rollout<>(items, batchSize, pause, maxFailures, n, onFailure, listener, sleeper);
    }

    /** Runs for each failed item, right after its failure (e.g. a rollback). */
    public Rollout<T> withOnFailure(BiConsumer<? super T, ? super Throwable> handler) {
        return new Rollout<>(items, batchSize, pause, maxFailures, parallelism, handler, listener, sleeper);
    }

    /** Receives progress events (serialized; an exception from the listener is ignored). */
    public Rollout<T> withListener(Consumer<? super FleetEvent<T>> l) {
        return new Rollout<>(items, batchSize, pause, maxFailures, parallelism, onFailure, l, sleeper);
    }

    /** How the pause is waited (a seam for tests and for rehearsals, which skip it). */
    public Rollout<T> withSleeper(Waiter.Sleeper s) {
        return new Rollout<>(items, batchSize, pause, maxFailures, parallelism, onFailure, listener, s);
    }

    /** Tasks at once within a batch (the setting, 0, means the batch size). */
    @Override public int parallelism() {
        return parallelism == 0 ? batchSize : Math.min(parallelism, batchSize);
    }

    /** The items cut into batches, in order. */
    public List<List<T>> batches() {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i += batchSize) out.add(items.subList(i, Math.min(items.size(), i + batchSize)));
        return out;
    }

    /** Runs a task that returns nothing. */
    public FleetReport<T, Void> run(Consumer<? super T> task) {
        Objects.requireNonNull(task, "task");
        return apply(item -> {
            task.accept(item);
            return null;
        });
    }

    /** Runs a task whose return value is kept in each item's result. */
    public <R> FleetReport<T, R> apply(Function<? super T, ? extends R> task) {
        return new Run<R>(Objects.requireNonNull(task, "task")).await();
    }

    /**
     * One run: blocking tasks on a pool of worker threads, as the per-item work of the batch engine,
     * which decides (on its loop thread) what starts when and emits every event.
     */
    private final class Run<R> implements BatchRun.Work<FleetResult<T, R>, FleetReport<T, R>> {
        private final Function<? super T, ? extends R> task;
        private final ExecutorService workers;
        private final BatchRun<FleetResult<T, R>, FleetReport<T, R>> engine;
        private final Tally<T> tally = new Tally<>(listener, items.size());

        Run(Function<? super T, ? extends R> task) {
            this.task = task;
            AtomicInteger threadNo = new AtomicInteger();
            this.workers = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism(), items.size())), r -> {
                Thread t = new Thread(r, "acs-rollout-" + threadNo.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            this.engine = new BatchRun<>("acs-rollout", items.size(), batchSize, parallelism(), maxFailures, pause, this::sleep, this);
        }

        FleetReport<T, R> await() {
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
            emit(FleetEvent.Kind.ITEM_STARTED, List.of(item), null);
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
                Outcome o = error instanceof acs.OutcomeUnknownException ? Outcome.UNKNOWN : Outcome.FAILED;
                engine.execute(() -> engine.end(index, FleetResult.ofTask(item, o, null, error, batch)));
                return;
            }
            engine.execute(() -> engine.end(index, FleetResult.<T, R>ofTask(item, Outcome.SUCCEEDED, value, null, batch)));
        }

        @Override public void batchStarted(int batch, int from, int to) {
            emit(FleetEvent.Kind.BATCH_STARTED, items.subList(from, to), null);
        }

        @Override public void pausing(int batch) {
            tally.emit(FleetEvent.Kind.PAUSE, engine, List.of(), null, pause, 0);
        }

        @Override public void stopped(int batch, int from) {
            emit(FleetEvent.Kind.STOPPED, items.subList(from, items.size()), null);
        }

        @Override public void ended(int index, FleetResult<T, R> r) {
            tally.ended(r);
            emit(r.failed() ? FleetEvent.Kind.ITEM_FAILED : FleetEvent.Kind.ITEM_SUCCEEDED, List.of(r.item()), r);
        }

        @Override public FleetReport<T, R> finished(List<FleetResult<T, R>> results, boolean cancelled) {
            List<FleetResult<T, R>> out = new ArrayList<>(results.size());
            for (int i = 0; i < results.size(); i++) {
                out.add(results.get(i) != null ? results.get(i) : FleetResult.skippedTask(items.get(i), engine.batchOf(i), maxFailures));
            }
            if (!cancelled) emit(FleetEvent.Kind.FINISHED, List.of(), null);
            return new FleetReport<>(out, maxFailures, cancelled, null);
        }

        /** On the loop thread only, so listener calls are serialized. */
        private void emit(FleetEvent.Kind kind, List<T> of, FleetResult<T, R> finished) {
            tally.emit(kind, engine, of, finished, null, 0);
        }
    }

    @Override public String toString() {
        return "Rollout[" + items.size() + " items, batch " + batchSize + ", pause " + Durations.format(pause)
                + ", maxFailures " + maxFailures + ", parallelism " + parallelism() + "]";
    }
}
