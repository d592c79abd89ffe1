package acs.fleet;

import acs.internal.Durations;
import java.time.Duration;
import java.util.List;

/**
 * Something a {@link Rollout} did, for a progress listener. {@code batch} is 1-based (0 for
 * {@link Kind#FINISHED}); {@code items} holds the batch's items for {@link Kind#BATCH_STARTED},
 * the one item for item events, the items not started for {@link Kind#STOPPED}, and is empty
 * otherwise; {@code error} is set for {@link Kind#ITEM_FAILED}; {@code pause} for {@link Kind#PAUSE}.
 */
public record RolloutEvent<T>(Kind kind, int batch, int batches, List<T> items, Throwable error, Duration pause) {
    public enum Kind { BATCH_STARTED, ITEM_STARTED, ITEM_SUCCEEDED, ITEM_FAILED, PAUSE, STOPPED, FINISHED }

    public RolloutEvent {
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** The item of an item event (ITEM_STARTED, ITEM_SUCCEEDED, ITEM_FAILED). */
    public T item() {
        return items.isEmpty() ? null : items.get(0);
    }

    /** One line for a person, e.g. {@code batch 2/3: 610474, 610247} or {@code 610474 failed: ...}. */
    public String describe() {
        return switch (kind) {
            case BATCH_STARTED -> "batch " + batch + "/" + batches + ": " + String.join(", ", items.stream().map(String::valueOf).toList());
            case ITEM_STARTED -> item() + " started";
            case ITEM_SUCCEEDED -> item() + " succeeded";
            case ITEM_FAILED -> item() + " failed: " + (error == null ? "" : error.getMessage());
            case PAUSE -> "pause " + Durations.format(pause) + " before batch " + (batch + 1) + "/" + batches;
            case STOPPED -> "stopped: too many failures; not started: " + String.join(", ", items.stream().map(String::valueOf).toList());
            case FINISHED -> "finished";
        };
    }
}
