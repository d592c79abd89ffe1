package acs.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock the test moves ({@link SimConfig#withClock}), so a command's timeline is observed at
 * chosen moments instead of by polling while real time passes. It starts at the real time, so
 * the client's signed timestamps stay inside the simulator's window.
 */
final class ManualClock implements InstantSource {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

    @Override public Instant instant() {
        return now.get();
    }

    void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }
}
