package acs.sim;

import acs.ConfigException;
import acs.auth.Secret;
import acs.config.EmbeddedService;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The simulator as the library's stand-in when nothing is configured ({@code AcsClient.create()},
 * the CLI, the DSL, the shell): seeded with the demo data and persisted in the toolkit's home
 * ({@code sim-state.json}), so {@code node-deploy} in one process and {@code command-wait} in the
 * next behave as on a real service. A file lock keeps two processes from editing that state at once.
 */
public final class EmbeddedSimulator implements EmbeddedService {
    /** Long enough to watch a command's progress, short enough for a demo. */
    public static final Duration COMMAND_DURATION = Duration.ofSeconds(3);
    public static final String STATE_FILE = "sim-state.json", LOCK_FILE = "sim.lock";

    public EmbeddedSimulator() {
        // ServiceLoader needs it
    }

    /** The state file in this home. */
    public static Path stateFile(Path home) {
        return home.resolve(STATE_FILE);
    }

    @Override public String describe(Path home) {
        return "the embedded simulator, state in " + stateFile(home);
    }

    /**
     * Starts it, or shares the one this process already runs for that home (a JShell user who
     * creates a second client): it stops when the last client using it is closed.
     */
    @Override public Running start(Path home, Consumer<String> notices) {
        Path key = home.toAbsolutePath().normalize();
        synchronized (RUNNING) {
            Shared shared = RUNNING.get(key);
            if (shared == null) {
                FileLock lock = lock(home, notices);
                try {
                    Simulator sim = startDaemon(SimConfig.defaults().withStateFile(stateFile(home)).withCommandDuration(COMMAND_DURATION));
                    shared = new Shared(key, sim, lock);
                } catch (RuntimeException e) {
                    release(lock);
                    throw e;
                }
                RUNNING.put(key, shared);
            }
            shared.users++;
            return new Handle(shared);
        }
    }

    private static final Map<Path, Shared> RUNNING = new HashMap<>();

    /**
     * Starts the simulator from a daemon thread: the JDK server's dispatcher thread inherits it,
     * so a JShell session or a script's main that never closes its client still lets the JVM exit.
     */
    static Simulator startDaemon(SimConfig config) {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(Simulator.start(config));
            } catch (RuntimeException | Error e) {
                result.set(e);
            }
        }, "acs-embedded-sim-start");
        t.setDaemon(true);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the embedded simulator", e);
        }
        Object r = result.get();
        if (r instanceof RuntimeException e) throw e;
        if (r instanceof Error e) throw e;
        return (Simulator) r;
    }

    /**
     * Runs this with the embedded state locked (waiting, with a notice, for another process that
     * holds it): e.g. {@code acs sim --reset-embedded}.
     */
    public static void withStateLocked(Path home, Consumer<String> notices, Runnable action) {
        FileLock lock = lock(home, notices);
        try {
            action.run();
        } finally {
            release(lock);
        }
    }

    private static FileLock lock(Path home, Consumer<String> notices) {
        Path file = home.resolve(LOCK_FILE);
        try {
            Files.createDirectories(home);
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                FileLock lock = ch.tryLock();
                if (lock == null) {
                    notices.accept("acs: waiting for another acs process using the embedded simulator...");
                    lock = ch.lock();
                }
                return lock;
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (IOException e) {
            throw new ConfigException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    private static void release(FileLock lock) {
        try {
            lock.channel().close();
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
    }

    /** One simulator of this process for a home, with the lock on its state and a count of the clients using it. */
    private static final class Shared {
        final Path home;
        final Simulator sim;
        final FileLock lock;
        final Thread hook;
        int users;
        boolean stopped;

        Shared(Path home, Simulator sim, FileLock lock) {
            this.home = home;
            this.sim = sim;
            this.lock = lock;
            // a process that exits without closing its clients still saves the state
            this.hook = new Thread(this::stop, "acs-embedded-sim-close");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        void release() {
            synchronized (RUNNING) {
                if (--users > 0) return;
                RUNNING.remove(home);
            }
            stop();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyExiting) {
                // the hook is running or has run
            }
        }

        private void stop() {
            synchronized (this) {
                if (stopped) return;
                stopped = true;
            }
            try {
                sim.close();
            } finally {
                EmbeddedSimulator.release(lock);
            }
        }
    }

    /** One client's use of the shared simulator; closing it twice counts once. */
    private static final class Handle implements Running {
        private final Shared shared;
        private final AtomicBoolean closed = new AtomicBoolean();

        Handle(Shared shared) {
            this.shared = shared;
        }

        @Override public URI endpoint() { return shared.sim.endpoint(); }
        @Override public String accessKey() { return shared.sim.accessKey(); }
        @Override public Secret secretKey() { return Secret.of(shared.sim.secretKey()); }

        @Override public void close() {
            if (closed.compareAndSet(false, true)) shared.release();
        }
    }
}
