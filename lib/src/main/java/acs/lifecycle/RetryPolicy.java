package acs.lifecycle;

import acs.AcsException;
import acs.ApiCall;
import acs.Backoff;
import acs.InvalidInputException;
import java.time.Duration;

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
        return new Backoff(baseDelay, maxDelay).delay(attempt - 2);
    }

    /** Whether this failure of this call may be retried at all. */
    public static boolean retryable(ApiCall<?> call, AcsException failure) {
        return call.mutating() ? Delivery.mayResend(failure) : PollRule.isTransient(failure);
    }
}
