package acs.fleet;

/**
 * A snapshot of a {@link FanOut} run, for a progress bar: counts so far, requests sent, the
 * current batch (1-based) of how many, and the node result that just ended (null for other
 * moments: a batch starting, a pause, the end).
 */
public record FleetProgress(int total, int started, int running, int succeeded, int failed, int timedOut,
                            int notStarted, long requests, int batch, int batches, double seconds, FleetResult finished) {
    /** Nodes that reached an end (succeeded, failed or timed out). */
    public int ended() {
        return succeeded + failed + timedOut;
    }
}
