package acs.fleet;

/**
 * The result of one item of a {@link Rollout}: the item, its outcome, the task's return value
 * (null unless SUCCEEDED), the error (null unless FAILED) and the 1-based batch it belonged to.
 */
public record RolloutResult<T, R>(T item, Outcome outcome, R value, Throwable error, int batch) {
    public RolloutResult {
        if (outcome == null) throw new IllegalArgumentException("outcome is required");
    }

    static <T, R> RolloutResult<T, R> skipped(T item, int batch) {
        return new RolloutResult<>(item, Outcome.SKIPPED, null, null, batch);
    }

    public boolean succeeded() { return outcome == Outcome.SUCCEEDED; }
    public boolean failed() { return outcome == Outcome.FAILED; }
    public boolean skipped() { return outcome == Outcome.SKIPPED; }
}
