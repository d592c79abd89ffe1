package acs.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The last 10,000 requests, kept so tests and reports can see what reached the server (and what
 * a fault did to it), and passed line by line to the configured sink. A sink that throws does
 * not break the server.
 */
final class AccessLog {
    private static final int MAX = 10_000;
    private final ArrayDeque<AccessLogEntry> entries = new ArrayDeque<>();
    private final Consumer<String> sink;

    AccessLog(Consumer<String> sink) {
        this.sink = sink;
    }

    void record(AccessLogEntry entry) {
        synchronized (entries) {
            if (entries.size() >= MAX) entries.removeFirst();
            entries.addLast(entry);
        }
        if (sink != null) {
            try {
                sink.accept(entry.toLine());
            } catch (RuntimeException ignored) {
                // a broken sink must not break the server
            }
        }
    }

    /** Oldest first. */
    List<AccessLogEntry> entries() {
        synchronized (entries) {
            return new ArrayList<>(entries);
        }
    }

    void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }
}
