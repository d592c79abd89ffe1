package acs.journal;

import acs.ConfigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Short exclusive locks on files, between threads (one JVM may hold one lock on a file) and
 * processes (an OS file lock, released when its process dies). A wait says what it waits for
 * after a second and gives up, with exit 3, after {@code ACS_LOCK_TIMEOUT} (30 s by default).
 */
final class FileLocks {
    interface Body<T> {
        T run() throws IOException;
    }

    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private final Duration timeout;
    private final Consumer<String> notices;

    FileLocks(Duration timeout, Consumer<String> notices) {
        this.timeout = timeout;
        this.notices = notices;
    }

    <T> T locked(Path lockFile, String what, Body<T> body) {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath(), p -> new ReentrantLock());
        long start = System.nanoTime(), deadline = start + timeout.toNanos();
        boolean told = false;
        try {
            if (!local.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) throw gaveUp(what, "this process");
            try {
                Files.createDirectories(lockFile.getParent());
                try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    FileLock lock;
                    while ((lock = tryLock(ch)) == null) {
                        long now = System.nanoTime();
                        if (now > deadline) throw gaveUp(what, holder(ch));
                        if (!told && now - start > 1_000_000_000L) {
                            notices.accept("waiting for " + what + ", locked by " + holder(ch) + " (up to " + timeout.toSeconds() + " s)");
                            told = true;
                        }
                        Thread.sleep(20);
                    }
                    try (FileLock held = lock) {
                        ch.truncate(0).write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)), 0);
                        return body.run();
                    }
                }
            } finally {
                local.unlock();
            }
        } catch (IOException x) {
            throw new ConfigException("cannot use " + what + ": " + x.getMessage()
                    + " (make " + lockFile.getParent() + " writable, or set ACS_HOME to a writable folder)", x);
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while waiting for " + what, x);
        }
    }

    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException sameJvm) {
            return null;
        }
    }

    private static String holder(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(32);
            int n = ch.read(b, 0);
            String pid = n <= 0 ? "" : new String(b.array(), 0, n, StandardCharsets.US_ASCII).strip();
            return pid.isEmpty() ? "another process" : "process " + pid;
        } catch (IOException e) {
            return "another process";
        }
    }

    private ConfigException gaveUp(String what, String holder) {
        return new ConfigException(what + " stayed locked by " + holder + " for " + timeout.toSeconds() + " s; nothing was sent"
                + " (is an acs command hung? ACS_LOCK_TIMEOUT=2m waits longer)");
    }
}
