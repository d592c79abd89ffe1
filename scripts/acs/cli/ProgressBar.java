package acs.cli;

import acs.fleet.FleetEvent;
import java.io.PrintWriter;
import java.util.function.LongSupplier;

/** A one-line progress bar on stderr, redrawn at most 10 times a second; for terminals only. */
final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final String label;
    private final LongSupplier nanos;
    private long lastDraw;
    private boolean drawn;

    ProgressBar(PrintWriter err, String label) {
        this(err, label, System::nanoTime);
    }

    /** With the clock it throttles by (a test's own). */
    ProgressBar(PrintWriter err, String label, LongSupplier nanos) {
        this.err = err;
        this.label = label;
        this.nanos = nanos;
    }

    /** Only when a person watches: not when stdin or stdout is redirected. */
    static boolean wanted() {
        return Terminal.current().interactive();
    }

    synchronized void update(FleetEvent<Long> p) {
        long now = nanos.getAsLong();
        boolean last = p.ended() + p.notStarted() >= p.total() && p.running() == 0;
        if (!last && drawn && now - lastDraw < 100_000_000L) return;
        lastDraw = now;
        int filled = p.total() == 0 ? WIDTH : (int) ((long) WIDTH * p.ended() / p.total());
        StringBuilder sb = new StringBuilder("\r").append(label).append(" [")
                .append("#".repeat(filled)).append(" ".repeat(WIDTH - filled)).append("] ")
                .append(p.ended()).append('/').append(p.total())
                .append("  running ").append(p.running())
                .append("  ok ").append(p.succeeded())
                .append("  failed ").append(p.failed());
        if (p.timedOut() > 0) sb.append("  timed out ").append(p.timedOut());
        if (p.batches() > 1) sb.append("  batch ").append(p.batch()).append('/').append(p.batches());
        sb.append(String.format("  %.1fs", p.seconds())).append("\033[K");
        err.print(sb);
        err.flush();
        drawn = true;
    }

    /** Ends the bar's line so what follows starts on a fresh one. */
    synchronized void close() {
        if (drawn) {
            err.println();
            err.flush();
        }
    }
}
