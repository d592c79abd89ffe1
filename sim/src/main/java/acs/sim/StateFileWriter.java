package acs.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the state file up to date: written at start when it did not exist, after every change,
 * and at close. Changes that arrive while a write is under way share the next one (group
 * commit), so many clients do not queue behind one write each.
 */
final class StateFileWriter {
    private static final System.Logger LOG = System.getLogger("acs.sim");

    private final Store store;
    private final Path file;
    private final AtomicLong changes = new AtomicLong();
    private final Object lock = new Object();
    private long saved;
    private volatile boolean closed;

    StateFileWriter(Store store, Path file) {
        this.store = store;
        this.file = file;
    }

    /** The first write: a file that cannot be written is an error before anyone relies on it. */
    void create() {
        try {
            store.snapshot().write(file);
        } catch (IOException | RuntimeException e) {
            throw new SimStateException("cannot write the simulator state file " + file + ": " + e, e);
        }
    }

    /** After a change; a failed write is logged, as the next change or the close writes again. */
    void afterChange() {
        long mine = changes.incrementAndGet();
        synchronized (lock) {
            if (saved >= mine || closed) return;
            long upTo = changes.get();
            try {
                store.snapshot().write(file);
                saved = upTo;
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "simulator: cannot write the state file " + file + ": " + e.getMessage());
            }
        }
    }

    /** Later changes are left to {@link #close()}. */
    void closing() {
        closed = true;
    }

    /** The last write, once no request is in flight. */
    void close() {
        closed = true;
        synchronized (lock) {
            try {
                store.snapshot().write(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the simulator state file " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
