package acs.journal;

import acs.config.OwnFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a team's journal keeps what it learnt while its store could not be reached: the answers
 * and ends of changes already sent (facts, never a new change), in the toolkit's home, handed to
 * the store the next time it is opened. So a store that dies mid-run loses no outcome.
 */
final class Spool {
    private final Path file;

    Spool(Path file) {
        this.file = file;
    }

    Path file() { return file; }

    /** Keeps the entries durably (one write, one sync); false when even that fails. */
    boolean keep(List<JournalEntry> entries) {
        if (entries.isEmpty()) return true;
        StringBuilder sb = new StringBuilder();
        for (JournalEntry e : entries) sb.append(JournalLines.line(e)).append('\n');
        try {
            OwnFiles.folder(file.getParent(), "the acs home");
            if (!Files.exists(file)) {
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // another process made it
                }
            }
            OwnFiles.check(file, "the store's spool");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND); FileLock l = ch.lock()) {
                ByteBuffer b = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) ch.write(b);
                ch.force(true);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Hands what was kept to {@code store} and forgets it; how many entries, 0 when none. A store that refuses them keeps them here. */
    int flushTo(StateStore store) {
        try {
            if (!Files.exists(file) || Files.size(file) == 0) return 0;
        } catch (IOException e) {
            return 0;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE); FileLock l = ch.lock()) {
            List<JournalEntry> kept = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                JournalEntry e = JournalLines.parse(line);
                if (e != null) kept.add(e);
            }
            if (!kept.isEmpty()) store.append(kept);
            ch.truncate(0);
            ch.force(true);
            return kept.size();
        } catch (NoSuchFileException gone) {
            return 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
