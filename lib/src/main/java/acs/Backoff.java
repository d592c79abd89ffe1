package acs;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The one backoff of the toolkit (AWS SDK v2 "full jitter" with a floor): the delay before
 * attempt or poll {@code n+1} is random in [min, min(max, min·2^n)]. Request retries, the
 * blocking waiter and the fleet engine's polls all draw from it, so they cannot drift apart.
 */
public record Backoff(Duration min, Duration max) {
    public Backoff {
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new InvalidInputException("delays", "need 0 <= min (" + min.toMillis() + " ms) <= max (" + max.toMillis() + " ms)");
        }
    }

    public Duration delay(int n) {
        return delay(n, ThreadLocalRandom.current());
    }

    public Duration delay(int n, RandomGenerator random) {
        long lo = min.toMillis();
        long cap = Math.min(max.toMillis(), lo << Math.min(Math.max(n, 0), 20));
        return Duration.ofMillis(cap <= lo ? lo : random.nextLong(lo, cap + 1));
    }
}
