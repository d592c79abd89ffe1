package acs.journal;

import acs.ConfigException;
import acs.config.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The journal's lines on disk: a <em>live</em> file ({@code journal.jsonl}) that every change
 * appends to, and an <em>archive</em> of segments ({@code journal.d/000001.jsonl}, …).
 * Past its limit the live file is compacted: the last line of every entry still pending or
 * belonging to an unfinished run stays live; every other entry's last line moves to a new
 * archive segment. So the commands that matter while work goes on (pending entries, a run's
 * entries, resume) read only the live file, and nothing is ever forgotten.
 *
 * <p>A compaction reads and rewrites the whole live file, so it waits until the file has grown
 * since the last one (in this process) by the limit and by what that one kept: what it could
 * drop is then at least as large as what stays. The live file stays below the larger of
 * twice what stays live and what stays plus the limit (plus one batch); a long run whose lines are
 * all live is rewritten a few times in all (at 1, 2, 4, 8… times the limit), not every limit's
 * worth of lines, and its lines still move to the archive once they have ended and are the larger part.
 *
 * <p>Each archived entry is in exactly one segment, once, in its final state: the archive
 * streams without de-duplication. A crash between writing a segment and replacing the live file
 * leaves entries in both; readers skip archived ids that are still live.
 */
final class FileJournal {
    private final Path file;
    private final Path archive;
    private final long limit;
    private final FileLocks locks;
    // the live file's size after this process's last compaction: what stays live (pending entries,
    // unfinished runs) does not count toward the limit, and the next compaction waits until the file
    // has grown by at least as much again, or a run with many commands in flight would rewrite its
    // lines at every limit's worth of writes (each rewrite costing the whole file)
    private volatile long kept;

    FileJournal(Path file, long limit, FileLocks locks) {
        this.file = file;
        this.archive = file.resolveSibling(stem(file) + ".d");
        this.limit = limit;
        this.locks = locks;
    }

    Path file() { return file; }

    // ---- writing ----

    /**
     * Appends lines in one write and one sync, under the journal's lock; {@code beforeWrite} runs
     * under the lock first (the fencing check); {@code unfinishedRun} says which runs' entries
     * compaction keeps live.
     */
    void append(List<String> lines, Runnable beforeWrite, Predicate<String> unfinishedRun) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) sb.append(l).append('\n');
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        locks.locked(lockFile(), "the journal " + file, () -> {
            beforeWrite.run();
            if (Files.exists(file)) {
                long size = Files.size(file);
                if (due(size, kept, limit)) kept = compact(unfinishedRun);
            }
            try (FileChannel ch = openForAppend()) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                if (tornTail(ch)) b = ByteBuffer.wrap(("\n" + sb).getBytes(StandardCharsets.UTF_8)); // close a line a failed write left open
                ch.position(ch.size());
                while (b.hasRemaining()) ch.write(b);
                ch.force(true);
            }
            return null;
        });
    }

    /**
     * Whether a live file of {@code size} bytes is compacted before the next write: past the limit,
     * and grown since the last compaction (which left {@code kept} bytes) by the limit and by
     * {@code kept}, so a compaction never rewrites more than it could drop.
     */
    static boolean due(long size, long kept, long limit) {
        return size >= limit && size - kept >= Math.max(limit, kept);
    }

    private static boolean tornTail(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size == 0) return false;
        ByteBuffer last = ByteBuffer.allocate(1);
        ch.read(last, size - 1);
        return last.get(0) != '\n';
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
        // at the end, under the journal's lock that every writer takes (READ, to see whether the last line was left open)
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        ch.position(ch.size());
        return ch;
    }

    /** Moves every entry that is neither pending nor of an unfinished run to a new archive segment; the live file's new size. Under the lock. */
    private long compact(Predicate<String> unfinishedRun) throws IOException {
        Map<String, Long> lastLineOf = new HashMap<>();
        LineScanner.scan(file, (n, b, off, len, line) -> {
            String id = whole(b, off, len) ? LineScanner.peek(b, off, len, ID, false) : null;
            if (id != null) lastLineOf.put(id, n);
        }, (n, why) -> { });
        // the lines carried on are copied as the bytes they were (checked as UTF-8, never decoded to text and encoded again)
        Bytes keep = new Bytes(), moved = new Bytes();
        boolean[] bad = {false};
        LineScanner.scan(file, (n, b, off, len, line) -> {
            String id = whole(b, off, len) ? LineScanner.peek(b, off, len, ID, false) : null;
            if (id != null && lastLineOf.get(id) != n) return; // an earlier state: the last line is a full snapshot
            if (id == null || !(ascii(b, off, len) || line.text() != null)) { // not an entry (a whole line with an id is one: its state is all compaction needs)
                bad[0] = true;
                return;
            }
            String run = LineScanner.peek(b, off, len, RUN, true);
            boolean live = pending(b, off, len) || (run != null && unfinishedRun.test(run));
            (live ? keep : moved).line(b, off, len);
        }, (n, why) -> bad[0] = true);
        Files.createDirectories(archive);
        String seg = String.format("%06d", nextSegment());
        // lines that are not entries are not carried on, but kept as they were, bytes and all
        if (bad[0]) Files.copy(file, archive.resolve(seg + ".bad"), StandardCopyOption.REPLACE_EXISTING);
        if (moved.size > 0) writeSegment(archive.resolve(seg + ".jsonl"), moved.bytes());
        byte[] live = keep.bytes();
        AtomicFiles.write(file, live, true);
        return live.length;
    }

    private static boolean ascii(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) if (b[i] < 0) return false;
        return true;
    }

    /** Lines gathered as bytes, each ended by a newline. */
    private static final class Bytes {
        private byte[] a = new byte[1 << 16];
        private int size;

        void line(byte[] b, int off, int len) {
            if (size + len + 1 > a.length) a = java.util.Arrays.copyOf(a, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(2L * a.length, (long) size + len + 1)));
            System.arraycopy(b, off, a, size, len);
            size += len;
            a[size++] = '\n';
        }

        byte[] bytes() { return size == a.length ? a : java.util.Arrays.copyOf(a, size); }
    }

    private static final byte[] ID = LineScanner.key("id"), STATE = LineScanner.key("state"), RUN = LineScanner.key("run");
    private static final byte[][] PENDING = {"sending".getBytes(StandardCharsets.US_ASCII), "accepted".getBytes(StandardCharsets.US_ASCII),
            "unknown".getBytes(StandardCharsets.US_ASCII)};

    /** A line cut short (a failed write) does not end its object. */
    private static boolean whole(byte[] b, int off, int len) {
        int i = off + len - 1;
        while (i >= off && (b[i] == ' ' || b[i] == '\r' || b[i] == '\t')) i--;
        return i >= off && b[i] == '}';
    }

    /** Whether a line's state is pending, from its bytes. */
    private static boolean pending(byte[] b, int off, int len) {
        int at = LineScanner.valueAt(b, off, len, STATE, false);
        for (byte[] p : PENDING) if (LineScanner.valueIs(b, off, len, at, p)) return true;
        return false;
    }

    private void writeSegment(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        AtomicFiles.write(tmp, content, true);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private int nextSegment() throws IOException {
        int max = 0;
        for (Path p : segments()) max = Math.max(max, Integer.parseInt(stem(p)));
        return max + 1;
    }

    /** The archive's segments, oldest first. */
    private List<Path> segments() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(archive)) return out;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(archive, "[0-9]*.jsonl")) {
            ds.forEach(out::add);
        }
        out.sort(Comparator.comparing(Path::toString));
        return out;
    }

    // ---- reading ----

    /**
     * The entries matching {@code q} in their latest state, oldest first: the live file's, and
     * unless {@code liveOnly} the archive's too. Memory: the matches only.
     */
    List<JournalEntry> find(EntryQuery q, boolean liveOnly, Consumer<String> problems) {
        List<JournalEntry> out = new ArrayList<>();
        forEach(q, liveOnly, out::add, problems);
        if (q.limit() > 0 && out.size() > q.limit()) {
            // the newest by update, kept in the journal's order
            List<JournalEntry> byUpdate = new ArrayList<>(out);
            byUpdate.sort(Comparator.comparing(JournalEntry::updated));
            Set<String> newest = new HashSet<>();
            for (JournalEntry e : byUpdate.subList(byUpdate.size() - q.limit(), byUpdate.size())) newest.add(e.id());
            out.removeIf(e -> !newest.contains(e.id()));
        }
        return out;
    }

    /** Streams the matches: the archive first (constant memory), then the live file's (held until its end: it may update them). */
    void forEach(EntryQuery q, boolean liveOnly, Consumer<JournalEntry> each, Consumer<String> problems) {
        Set<String> liveIds = new HashSet<>();
        List<JournalEntry> live;
        byte[] run = q.run() == null ? null : q.run().getBytes(StandardCharsets.UTF_8);
        try {
            live = scanLive(q, run, liveOnly ? null : liveIds, problems);
            if (!liveOnly) {
                for (Path seg : segments()) {
                    LineScanner.scan(seg, (n, b, off, len, line) -> {
                        String id = LineScanner.peek(b, off, len, ID, false);
                        if (id != null && liveIds.contains(id)) return;
                        if (run != null && !LineScanner.peekEquals(b, off, len, RUN, run, true)) return;
                        String text = line.text();
                        JournalEntry e = text == null ? null : JournalLines.parse(text);
                        if (e == null) {
                            if (text != null) problems.accept(seg + " line " + n + " does not parse (a torn or foreign line); skipped");
                        } else if (q.test(e)) {
                            each.accept(e);
                        }
                    }, (n, why) -> problems.accept(seg + " line " + n + " " + why + "; skipped"));
                }
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read the journal " + file + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new ConfigException("cannot read the journal " + file + ": " + e.getCause().getMessage(), e);
        }
        live.forEach(each);
    }

    /** A line kept for later: where it is, or (for a problem) what to say of it. */
    private record Candidate(long number, String text, long offset, int length) {
        Candidate(long number, String text) { this(number, text, -1, 0); }
    }

    /**
     * One pass over the live file keeping, per id, its latest line while that line may match
     * (judged from its bytes: the state, the run); only the survivors are parsed, at the end.
     */
    private List<JournalEntry> scanLive(EntryQuery q, byte[] run, Set<String> allIds, Consumer<String> problems) throws IOException {
        // one open file for the pass and the reads after it: a compaction meanwhile replaces the name, not this file
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return scanLive(ch, q, run, allIds, problems);
        } catch (java.nio.file.NoSuchFileException missing) {
            return new ArrayList<>();
        }
    }

    private List<JournalEntry> scanLive(FileChannel ch, EntryQuery q, byte[] run, Set<String> allIds, Consumer<String> problems) throws IOException {
        Map<String, Candidate> latest = new LinkedHashMap<>();
        List<Candidate> trouble = new ArrayList<>(); // by line number: what to tell, once the pass is over
        LineScanner.scan(ch, (n, b, off, len, line) -> {
            // another run's line: judged without its id (a run does not change, so it never updates a match)
            if (run != null && allIds == null && !LineScanner.peekEquals(b, off, len, RUN, run, true) && whole(b, off, len)) return;
            String id = whole(b, off, len) ? LineScanner.peek(b, off, len, ID, false) : null; // a torn line never replaces a good one
            if (id == null) {
                String text = line.text();
                if (text != null && !text.isBlank()) trouble.add(new Candidate(n, "does not parse (a torn or foreign line)"));
                return;
            }
            if (allIds != null) allIds.add(id);
            if (q.pendingOnly() && !pending(b, off, len)) {
                latest.remove(id);
                return;
            }
            if (run != null && !LineScanner.peekEquals(b, off, len, RUN, run, true)) return; // never this run's: a run does not change
            latest.put(id, new Candidate(n, null, line.offset(), len)); // the latest state, in the entry's first place; read again at the end
        }, (n, why) -> trouble.add(new Candidate(n, why)));
        List<JournalEntry> out = new ArrayList<>();
        for (Candidate c : latest.values()) {
            String text = LineScanner.read(ch, c.offset(), c.length());
            JournalEntry e = text == null ? null : JournalLines.parse(text);
            if (text == null) trouble.add(new Candidate(c.number(), "is not valid UTF-8"));
            else if (e == null) trouble.add(new Candidate(c.number(), "does not parse (a torn or foreign line)"));
            else if (q.test(e)) out.add(e);
        }
        trouble.sort(java.util.Comparator.comparingLong(Candidate::number));
        for (Candidate c : trouble) problems.accept(file + " line " + c.number() + " " + c.text() + "; skipped");
        return out;
    }

    private Path lockFile() {
        return file.resolveSibling(file.getFileName() + ".lock");
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.indexOf('.');
        return dot < 0 ? n : n.substring(0, dot);
    }
}
