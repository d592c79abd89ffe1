package acs.fleet;

import java.util.List;

/**
 * What a {@link Rollout} did: one result per item, in the items' order. The rollout
 * <em>failed</em> when more items failed than {@code maxFailures} allowed; it then stopped
 * issuing work and the items after the failing batch are SKIPPED.
 */
public record RolloutReport<T, R>(List<RolloutResult<T, R>> results, int maxFailures) {
    public RolloutReport {
        results = List.copyOf(results);
    }

    public List<RolloutResult<T, R>> succeeded() { return results.stream().filter(RolloutResult::succeeded).toList(); }
    public List<RolloutResult<T, R>> failed() { return results.stream().filter(RolloutResult::failed).toList(); }
    public List<RolloutResult<T, R>> skipped() { return results.stream().filter(RolloutResult::skipped).toList(); }

    /** More failures than allowed: the rollout failed (and stopped). */
    public boolean exceeded() {
        return failed().size() > maxFailures;
    }

    /** {@code 3 succeeded, 1 failed, 2 skipped}. */
    public String describe() {
        return succeeded().size() + " succeeded, " + failed().size() + " failed, " + skipped().size() + " skipped";
    }

    /** Throws {@link RolloutFailedException} when the rollout {@linkplain #exceeded() failed}; returns this otherwise. */
    public RolloutReport<T, R> throwIfExceeded() {
        if (exceeded()) throw new RolloutFailedException(this);
        return this;
    }
}
