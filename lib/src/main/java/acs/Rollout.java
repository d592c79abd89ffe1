package acs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a task over items in batches: the items of a batch in parallel (at most
 * {@code parallelism} at once), the batches one after another with a pause between them.
 * Generic over the item type, so the DSL's {@code rollout} (node handles) and a fleet engine
 * (anything) share it.
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
 * <p><b>Threads.</b> Tasks run on a pool of daemon threads made for one {@code run}; the
 * calling thread waits. Listener calls are serialized, so a listener need not be thread-safe.
 * The pause goes through a {@link Waiter.Sleeper}, which tests replace.
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
        Objects.requireNonNull(task, "task");
        List<List<T>> batches = batches();
        AtomicReferenceArray<RolloutResult<T, R>> results = new AtomicReferenceArray<>(items.size());
        AtomicInteger failures = new AtomicInteger();
        int threads = Math.max(1, Math.min(parallelism(), items.size()));
        AtomicInteger threadNo = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "acs-rollout-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            for (int b = 0; b < batches.size(); b++) {
                int batchNo = b + 1;
                if (failures.get() > maxFailures) {
                    List<T> rest = items.subList(b * batchSize, items.size());
                    for (int i = b * batchSize; i < items.size(); i++) results.set(i, RolloutResult.skipped(items.get(i), i / batchSize + 1));
                    emit(new RolloutEvent<>(RolloutEvent.Kind.STOPPED, b, batches.size(), rest, null, null));
                    break;
                }
                if (b > 0 && !pause.isZero()) {
                    emit(new RolloutEvent<>(RolloutEvent.Kind.PAUSE, b, batches.size(), List.of(), null, pause));
                    sleeper.sleep(pause);
                }
                List<T> batch = batches.get(b);
                emit(new RolloutEvent<>(RolloutEvent.Kind.BATCH_STARTED, batchNo, batches.size(), batch, null, null));
                List<Future<?>> running = new ArrayList<>(batch.size());
                for (int k = 0; k < batch.size(); k++) {
                    int index = b * batchSize + k;
                    running.add(pool.submit(() -> results.set(index, runOne(items.get(index), batchNo, batches.size(), task, failures))));
                }
                for (Future<?> f : running) f.get();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            throw new AcsException("rollout interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException("rollout task escaped its handler", e.getCause());
        } finally {
            pool.shutdown();
        }
        List<RolloutResult<T, R>> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) out.add(results.get(i));
        emit(new RolloutEvent<>(RolloutEvent.Kind.FINISHED, 0, batches.size(), List.of(), null, null));
        return new RolloutReport<>(out, maxFailures);
    }

    private <R> RolloutResult<T, R> runOne(T item, int batch, int batches, Function<? super T, ? extends R> task, AtomicInteger failures) {
        // Within a batch too: once too many failed, queued items are not started.
        if (failures.get() > maxFailures) return RolloutResult.skipped(item, batch);
        emit(new RolloutEvent<>(RolloutEvent.Kind.ITEM_STARTED, batch, batches, List.of(item), null, null));
        R value;
        try {
            value = task.apply(item);
        } catch (Throwable error) {
            failures.incrementAndGet();
            try {
                onFailure.accept(item, error);
            } catch (Throwable handlerError) {
                if (handlerError != error) error.addSuppressed(handlerError);
            }
            emit(new RolloutEvent<>(RolloutEvent.Kind.ITEM_FAILED, batch, batches, List.of(item), error, null));
            return new RolloutResult<>(item, RolloutOutcome.FAILED, null, error, batch);
        }
        emit(new RolloutEvent<>(RolloutEvent.Kind.ITEM_SUCCEEDED, batch, batches, List.of(item), null, null));
        return new RolloutResult<>(item, RolloutOutcome.SUCCEEDED, value, null, batch);
    }

    private void emit(RolloutEvent<T> event) {
        synchronized (listener) {
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
