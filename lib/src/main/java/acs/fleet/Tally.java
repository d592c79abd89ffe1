package acs.fleet;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The counts of one run and its listener: both engines tell their listener through it, so a
 * fan-out's progress bar and a rollout's log read the same {@link FleetEvent}. Loop thread only.
 */
final class Tally<T> {
    private final Consumer<? super FleetEvent<T>> listener;
    private final int total;
    private final long t0 = System.nanoTime();
    private int succeeded, failed, timedOut;

    Tally(Consumer<? super FleetEvent<T>> listener, int total) {
        this.listener = listener;
        this.total = total;
    }

    /** Counts an item's end. */
    void ended(FleetResult<T, ?> r) {
        switch (r.outcome()) {
            case SUCCEEDED -> succeeded++;
            case TIMED_OUT -> timedOut++;
            default -> failed++;
        }
    }

    long nanos() {
        return System.nanoTime() - t0;
    }

    void emit(FleetEvent.Kind kind, BatchRun<?, ?> engine, List<T> items, FleetResult<T, ?> finished, Duration pause, long requests) {
        try {
            listener.accept(new FleetEvent<>(kind, engine.batch(), engine.batches(), items, finished, pause, total, engine.started(),
                    engine.running(), succeeded, failed, timedOut, requests, nanos() / 1e9));
        } catch (RuntimeException ignored) {
            // progress reporting must not change the outcome
        }
    }
}
