package acs;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a request again. Reads: on network failure, 5xx, codes 1001/1009 and bodies that
 * are not an envelope. POST/DELETE: only when the request provably never reached the server,
 * since a second deploy is worse than an unknown one. Delay: Retry-After when the server sent
 * one, else random between {@code baseDelay} and an exponentially growing cap.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(2));
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1) throw new InvalidInputException("maxAttempts", maxAttempts + " must be at least 1");
    }

    /** The delay before attempt number {@code attempt} (2 = first retry), or null not to retry. */
    public Duration delayBefore(int attempt, ApiCall<?> call, AcsException failure, Duration retryAfter) {
        if (attempt > maxAttempts || !retryable(call, failure)) return null;
        if (retryAfter != null) return retryAfter.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : retryAfter;
        long base = baseDelay.toMillis();
        long cap = Math.min(maxDelay.toMillis(), base << Math.min(20, attempt - 2));
        return Duration.ofMillis(cap <= base ? base : ThreadLocalRandom.current().nextLong(base, cap + 1));
    }

    /** Whether this failure of this call may be retried at all. */
    public static boolean retryable(ApiCall<?> call, AcsException failure) {
        if (failure instanceof TransportException t) return !call.mutating() || !t.maybeApplied();
        if (call.mutating()) return false;
        if (failure instanceof ApiException a) return a.isTransient();
        return failure instanceof BadResponseException;
    }
}
