package acs.fleet;

import acs.Durations;
import java.time.Duration;
import java.util.List;

/**
 * Something a run ({@link FanOut}'s or {@link Rollout}'s) did, for a listener, with a snapshot of
 * its counts for a progress bar. {@code batch} is the current batch (1-based) of {@code batches};
 * {@code items} holds the batch's items for {@link Kind#BATCH_STARTED}, the one item for item
 * events, the items not started for {@link Kind#STOPPED}, and is empty otherwise; {@code finished}
 * is the result of an item that just ended (ITEM_SUCCEEDED, ITEM_FAILED); {@code pause} is set for
 * {@link Kind#PAUSE}. {@code requests} counts what a fan-out sent (0 for a rollout, whose tasks send).
 */
public record FleetEvent<T>(Kind kind, int batch, int batches, List<T> items, FleetResult<T, ?> finished, Duration pause,
                            int total, int started, int running, int succeeded, int failed, int timedOut,
                            long requests, double seconds) {
    /**
     * ITEM_STARTED: a rollout's task began, or a fan-out's command was accepted; ITEM_FAILED: any end
     * but success (the result has the outcome); FINISHED: the run is over (a fan-out's cancelled run too).
     */
    public enum Kind { BATCH_STARTED, ITEM_STARTED, ITEM_SUCCEEDED, ITEM_FAILED, PAUSE, STOPPED, FINISHED }

    public FleetEvent {
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** Items that reached an end (succeeded, failed or timed out). */
    public int ended() {
        return succeeded + failed + timedOut;
    }

    public int notStarted() {
        return total - started;
    }

    /** The item of an item event (ITEM_STARTED, ITEM_SUCCEEDED, ITEM_FAILED). */
    public T item() {
        return items.isEmpty() ? null : items.get(0);
    }

    /** What a rollout's failed task threw (null otherwise: a fan-out's error is the result's text). */
    public Throwable cause() {
        return finished == null ? null : finished.cause();
    }

    /** One line for a person, e.g. {@code batch 2/3: 610474, 610247} or {@code 610474 failed: ...}. */
    public String describe() {
        return switch (kind) {
            case BATCH_STARTED -> "batch " + batch + "/" + batches + ": " + String.join(", ", items.stream().map(String::valueOf).toList());
            case ITEM_STARTED -> item() + " started";
            case ITEM_SUCCEEDED -> item() + " succeeded";
            case ITEM_FAILED -> item() + " failed: " + (finished == null ? "" : finished.errorWithRollback());
            case PAUSE -> "pause " + Durations.format(pause) + " before batch " + (batch + 1) + "/" + batches;
            case STOPPED -> "stopped: too many failures; not started: " + String.join(", ", items.stream().map(String::valueOf).toList());
            case FINISHED -> "finished";
        };
    }
}
