package acs;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * How to wait for a command (AWS SDK v2 waiter model): an overall timeout, and a delay
 * between polls drawn at random between {@code minDelay} and a cap that doubles each poll up
 * to {@code maxDelay}. {@code listener} sees each status change, new activity and new step.
 */
public record WaitOptions(Duration timeout, Duration minDelay, Duration maxDelay, Consumer<Progress> listener) {
    public static final WaitOptions DEFAULT = new WaitOptions(Duration.ofMinutes(10), Duration.ofMillis(250), Duration.ofSeconds(5), null);

    public WaitOptions {
        timeout = timeout == null ? DEFAULT.timeout : timeout;
        minDelay = minDelay == null ? Duration.ofMillis(250) : minDelay;
        maxDelay = maxDelay == null ? Duration.ofSeconds(5) : maxDelay;
        if (timeout.isNegative() || timeout.isZero()) throw new InvalidInputException("timeout", "must be positive, e.g. 10m");
        if (minDelay.isNegative() || maxDelay.compareTo(minDelay) < 0) {
            throw new InvalidInputException("maxDelay", "must not be less than minDelay (" + minDelay.toMillis() + " ms)");
        }
        listener = listener == null ? p -> { } : listener;
    }

    /** The poll backoff these options describe. */
    public Backoff backoff() { return new Backoff(minDelay, maxDelay); }

    public static WaitOptions timeout(Duration timeout) { return DEFAULT.withTimeout(timeout); }
    public WaitOptions withTimeout(Duration t) { return new WaitOptions(t, minDelay, maxDelay, listener); }
    public WaitOptions withDelays(Duration min, Duration max) { return new WaitOptions(timeout, min, max, listener); }
    public WaitOptions withListener(Consumer<Progress> l) { return new WaitOptions(timeout, minDelay, maxDelay, l); }
}
