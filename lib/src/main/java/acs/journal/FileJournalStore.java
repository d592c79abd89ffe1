package acs.journal;

import acs.ConfigException;
import acs.internal.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * The journal as a JSON-lines file, mode 0600. Appends run under an exclusive lock of a sibling
 * {@code .lock} file (separate, so that compaction cannot pull the file from under a writer).
 * Past {@code limit} bytes, the file is copied to {@code FILE.1} and replaced, atomically, by the
 * lines the journal keeps: compaction costs a read of the file once per {@code limit} bytes
 * written, so an append stays O(1) amortised whatever the journal's size.
 */
public final class FileJournalStore implements JournalStore {
    // One JVM may hold one lock on a file: threads take this first, processes the file lock.
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    private final Path file;
    private final long limit;
    private volatile UnaryOperator<List<String>> keep;

    public FileJournalStore(Path file, long limit) {
        this.file = file.toAbsolutePath();
        this.limit = limit;
    }

    public Path file() { return file; }

    @Override public String where() { return file.toString(); }

    @Override public void compactWith(UnaryOperator<List<String>> keep) {
        this.keep = keep;
    }

    @Override public void append(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) sb.append(l).append('\n');
        ByteBuffer b = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        locked("write", () -> {
            compactIfNeeded();
            try (FileChannel ch = openForAppend()) {
                while (b.hasRemaining()) ch.write(b);
                ch.force(true);
            }
            return null;
        });
    }

    /** Read under the lock when it can be taken; a read-only home is still readable without it. */
    @Override public List<String> lines() {
        try {
            return locked("read", this::readAll);
        } catch (ConfigException lockUnavailable) {
            try {
                return readAll();
            } catch (IOException e) {
                throw new ConfigException("cannot read the journal " + file + ": " + e, e);
            }
        }
    }

    private List<String> readAll() throws IOException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    private FileChannel openForAppend() throws IOException {
        if (!Files.exists(file)) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            } catch (FileAlreadyExistsException raced) {
                // another process made it
            }
        }
        return FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private void compactIfNeeded() throws IOException {
        UnaryOperator<List<String>> k = keep;
        if (k == null || !Files.exists(file) || Files.size(file) < limit) return;
        List<String> kept = k.apply(Files.readAllLines(file, StandardCharsets.UTF_8));
        Path backup = file.resolveSibling(file.getFileName() + ".1");
        Files.copy(file, backup, StandardCopyOption.REPLACE_EXISTING);
        try {
            Files.setPosixFilePermissions(backup, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // nothing to tighten
        }
        StringBuilder sb = new StringBuilder();
        for (String l : kept) sb.append(l).append('\n');
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8), true);
    }

    private interface Body<T> {
        T run() throws IOException;
    }

    private <T> T locked(String what, Body<T> body) {
        IN_PROCESS.lock();
        try {
            Path dir = file.getParent();
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(dir.resolve(file.getFileName() + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                return body.run();
            }
        } catch (IOException x) {
            throw new ConfigException("cannot " + what + " the journal " + file + ": " + x
                    + " (make " + file.getParent() + " writable, or set ACS_HOME to a writable folder)", x);
        } finally {
            IN_PROCESS.unlock();
        }
    }

}
