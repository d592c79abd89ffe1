package acs.journal;

import acs.ApiCall;
import acs.Command;
import acs.InvalidInputException;
import acs.Operation;
import acs.Target;
import acs.config.AcsConfig;
import acs.config.AcsHome;
import acs.internal.Json;
import acs.internal.Redaction;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The record of every state-changing operation, in {@code journal.jsonl} of the toolkit's home:
 * so that after a crash, a {@code kill -9} or a lost answer one can tell what was sent, what the
 * server made of it, and what is still running. Every face writes it through the one command
 * lifecycle ({@link acs.lifecycle.CommandLifecycle}): the CLI, fleets, the DSL, the shell, and a library user
 * who asks for it ({@link acs.AcsClient#withJournal}).
 *
 * <p><b>Format.</b> One JSON object per line, a full snapshot of one operation ({@link JournalEntry});
 * an operation writes several lines with the same {@code id} ({@code sending} before the request
 * leaves; then {@code accepted} with its commandId, {@code rejected} or {@code unknown}; at the end
 * {@code succeeded} or {@code failed}), and the last line of an id is its state.
 *
 * <p><b>Cost.</b> The entry travels with its command, so recording its end never searches the file.
 * Lines from many commands in flight are group-committed: one write and one sync for all the lines
 * queued while the previous write was on disk; each line's future completes when it is durable.
 * A line that does not parse is skipped and reported by {@link #read()}, never fatal.
 *
 * <p><b>Safety.</b> Parameters are stored with secrets redacted (names like secret/password/token/
 * sign/key, credentials and signatures in URLs). The store ({@link JournalStore}) is safe across
 * threads and processes, and compaction keeps every pending entry.
 */
public final class Journal {
    public static final String FILE = "journal.jsonl";
    public static final long DEFAULT_LIMIT = 4L << 20;
    /** The commandId recorded when the outcome is unknown. */
    public static final String UNKNOWN = "unknown";

    // Daemon writers: a JVM never waits for them; whoever needs a line on disk waits for its future.
    private static final ExecutorService WRITERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "acs-journal-writer");
        t.setDaemon(true);
        return t;
    });

    /**
     * Who makes the changes written with it: the face ({@code cli}, {@code fleet}, {@code dsl},
     * {@code shell}, {@code library}), the endpoint's identity (the URL, or the embedded simulator
     * with its state file), the profile, the run, and where in a script ({@code source}, asked per change).
     */
    public record Origin(String face, String endpoint, String profile, String run, Supplier<String> source) {
        public static Origin of(AcsConfig config, String face) {
            return new Origin(face, config.endpoint() == null ? null : Redaction.url(config.endpoint().toString()), config.profile(), null, () -> null);
        }

        public Origin withFace(String f) { return new Origin(f, endpoint, profile, run, source); }
        public Origin withEndpoint(String e) { return new Origin(face, e, profile, run, source); }
        public Origin withRun(String r) { return new Origin(face, endpoint, profile, r, source); }
        public Origin withSource(Supplier<String> s) { return new Origin(face, endpoint, profile, run, s); }
    }

    /** What {@link #read()} found: every operation in its latest state, and the lines it had to skip. */
    public record Snapshot(List<JournalEntry> entries, List<String> problems) {}

    private record Queued(String line, CompletableFuture<Void> durable) {}

    private final JournalStore store;
    private final Path file;
    private final long limit;
    private final Object queueLock = new Object();
    private List<Queued> queue = new ArrayList<>();
    private boolean draining;

    private Journal(Path file, long limit) {
        this(new FileJournalStore(file, limit), file, limit);
    }

    private Journal(JournalStore store, Path file, long limit) {
        this.file = file.toAbsolutePath();
        this.limit = limit;
        this.store = store;
        store.compactWith(Journal::keepPending);
    }

    /** A journal on another store (e.g. one shared by a team); {@link #file()} is then its {@link JournalStore#where()}. */
    public static Journal on(JournalStore store) {
        return new Journal(store, Path.of(store.where()), DEFAULT_LIMIT);
    }

    /**
     * The journal of this user: {@code journal.jsonl} in the toolkit's home ({@link acs.config.AcsHome});
     * the system property {@code acs.journal} (a file) overrides it, e.g. for in-process tests.
     */
    public static Journal open() {
        String p = System.getProperty("acs.journal");
        return p != null && !p.isBlank() ? at(Path.of(p)) : open(System.getenv());
    }

    public static Journal open(Map<String, String> env) {
        return at(AcsHome.of(env).resolve(FILE));
    }

    public static Journal at(Path file) {
        return new Journal(file, DEFAULT_LIMIT);
    }

    /** The same journal, compacted past this many bytes. */
    public Journal withLimit(long bytes) {
        if (bytes < 1024) throw new InvalidInputException("limit", bytes + " must be at least 1024 bytes");
        return new Journal(file, bytes);
    }

    public Path file() { return file; }
    public long limit() { return limit; }

    // ---- writing: the lifecycle's steps ----

    /** Writes the {@code sending} line of a new operation; returns once it is durable. */
    public JournalEntry begin(Origin origin, String operation, ApiCall<?> call) {
        return join(beginAsync(origin, operation, call));
    }

    /** For a caller that knows only its configuration (face {@code library}). */
    public JournalEntry begin(AcsConfig config, String operation, ApiCall<?> call) {
        return begin(Origin.of(config, "library"), operation, call);
    }

    /** The {@code sending} line, completing when it is durable: the request may leave then, not before. */
    public CompletableFuture<JournalEntry> beginAsync(Origin origin, String operation, ApiCall<?> call) {
        JournalEntry e;
        try {
            Long node = call.target().node(), container = call.target().container();
            String op = operation != null ? operation : call.operationName();
            e = new JournalEntry(UUID.randomUUID().toString(), Instant.now(), Instant.now(), origin.endpoint(), origin.profile(), op,
                    call.method(), call.path(), node, container, Redaction.params(call.params()), null, JournalEntry.State.SENDING, null,
                    ProcessHandle.current().pid(), origin.face(), origin.source().get(), origin.run());
        } catch (RuntimeException x) {
            return CompletableFuture.failedFuture(x);
        }
        return write(e);
    }

    public JournalEntry accepted(JournalEntry e, String commandId) {
        return join(write(e.with(JournalEntry.State.ACCEPTED, commandId, null)));
    }

    /** Writes the next state of an operation; returns once it is durable. */
    public JournalEntry append(JournalEntry next) {
        return join(write(next));
    }

    public static String unknownMessage(JournalEntry e, RuntimeException cause) {
        return describe(e) + " may or may not have been applied (" + cause.getMessage() + "): " + e.whatToCheck()
                + "; the journal records it as unknown (entry " + e.id() + ", 'acs journal --pending')";
    }

    /** The end of the command this entry started (no search: the entry travels with its command). */
    public CompletableFuture<JournalEntry> finished(JournalEntry e, Command c) {
        if (!c.status().isTerminal()) return CompletableFuture.completedFuture(e);
        boolean ok = c.succeeded();
        String det = ok ? null : "result " + c.result() + (c.resultMsg() == null || c.resultMsg().isEmpty() ? "" : ": " + c.resultMsg());
        return write(e.with(ok ? JournalEntry.State.SUCCEEDED : JournalEntry.State.FAILED, c.commandId(), det));
    }

    /**
     * Records the end of a command some process of this journal started, found by its commandId
     * (a read of the journal: for a command met without its entry, e.g. {@code acs command-wait ID});
     * false when the journal holds no pending entry for it.
     */
    public boolean finished(Command c) {
        if (!c.status().isTerminal()) return false;
        boolean any = false;
        for (JournalEntry e : entries()) {
            if (e.pending() && c.commandId().equals(e.commandId())) {
                join(finished(e, c));
                any = true;
            }
        }
        return any;
    }

    /**
     * Marks an unknown outcome as checked by a person (it stops being pending). {@code idPrefix}
     * is the entry id or any unique prefix of it; false when no pending entry matches.
     */
    public boolean resolve(String idPrefix, String note) {
        List<JournalEntry> matches = entries().stream().filter(e -> e.id().startsWith(idPrefix) && e.pending()).toList();
        if (matches.size() > 1) {
            throw new InvalidInputException("ENTRY", "'" + idPrefix + "' matches " + matches.size() + " pending entries ("
                    + matches.stream().map(JournalEntry::id).limit(5).toList() + "); give more of the id");
        }
        if (matches.isEmpty()) return false;
        JournalEntry e = matches.get(0);
        join(write(e.with(JournalEntry.State.RESOLVED, e.commandId(), note == null ? "checked by hand" : note)));
        return true;
    }

    /** Completes when every line queued so far is durable. */
    public CompletableFuture<Void> flush() {
        return enqueue(null);
    }

    /** Queues a line the caller makes durable later with {@link #flush} (the fleet engine's loop never blocks on disk). */
    public CompletableFuture<JournalEntry> writeAsync(JournalEntry e) {
        return write(e);
    }

    private CompletableFuture<JournalEntry> write(JournalEntry e) {
        return enqueue(toJson(e).toString()).thenApply(v -> e);
    }

    /** Queues a line (null: a marker) and, if no writer is draining, starts one: one write and sync per batch. */
    private CompletableFuture<Void> enqueue(String line) {
        Queued q = new Queued(line, new CompletableFuture<>());
        boolean start;
        synchronized (queueLock) {
            queue.add(q);
            start = !draining;
            draining = true;
        }
        if (start) WRITERS.execute(this::drain);
        return q.durable();
    }

    private void drain() {
        while (true) {
            List<Queued> batch;
            synchronized (queueLock) {
                if (queue.isEmpty()) {
                    draining = false;
                    return;
                }
                batch = queue;
                queue = new ArrayList<>();
            }
            List<String> lines = new ArrayList<>(batch.size());
            for (Queued q : batch) if (q.line() != null) lines.add(q.line());
            RuntimeException failure = null;
            try {
                if (!lines.isEmpty()) store.append(lines);
            } catch (RuntimeException x) {
                failure = x;
            }
            for (Queued q : batch) {
                if (failure == null) q.durable().complete(null);
                else q.durable().completeExceptionally(failure);
            }
        }
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException x) {
            if (x.getCause() instanceof RuntimeException r) throw r;
            throw x;
        }
    }

    // ---- reading ----

    /** Every operation, oldest first, each in its latest state. */
    public List<JournalEntry> entries() {
        return read().entries();
    }

    /** The operations still pending: sending, accepted (command not seen to end) or unknown. */
    public List<JournalEntry> pending() {
        return entries().stream().filter(JournalEntry::pending).toList();
    }

    /** Every operation in its latest state, and a note for each line that does not parse (by its line number). */
    public Snapshot read() {
        Map<String, JournalEntry> byId = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        List<String> lines = store.lines();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            JournalEntry e = parse(line);
            if (e == null) problems.add(file + " line " + (i + 1) + " does not parse (a torn or foreign line); skipped");
            else byId.put(e.id(), e);
        }
        return new Snapshot(new ArrayList<>(byId.values()), problems);
    }

    /** The last line of every pending operation: what compaction keeps. */
    private static List<String> keepPending(List<String> lines) {
        Map<String, String> lastLine = new LinkedHashMap<>();
        Map<String, Boolean> pending = new LinkedHashMap<>();
        for (String l : lines) {
            JournalEntry e = parse(l);
            if (e == null) continue;
            lastLine.put(e.id(), l);
            pending.put(e.id(), e.pending());
        }
        List<String> keep = new ArrayList<>();
        lastLine.forEach((id, l) -> {
            if (pending.get(id)) keep.add(l);
        });
        return keep;
    }

    /** "the deploy to node 610474", "the stop of container 7", … */
    public static String describe(JournalEntry e) {
        Operation op = Operation.ofCliName(e.operation());
        if (op == Operation.OTHER || e.target().kind() == Target.Kind.NONE) return "the " + e.method() + " " + (e.path() == null ? "" : e.path());
        return op.describe(e.target());
    }

    /** An entry as a JSON object, the way the file stores it. */
    public static ObjectNode toJson(JournalEntry e) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", e.id());
        o.put("time", e.time().toString());
        o.put("updated", e.updated().toString());
        o.put("state", e.state().wire());
        o.put("endpoint", e.endpoint());
        o.put("profile", e.profile());
        o.put("operation", e.operation());
        o.put("method", e.method());
        o.put("path", e.path());
        if (e.node() != null) o.put("node", e.node());
        if (e.container() != null) o.put("container", e.container());
        ObjectNode p = o.putObject("params");
        e.params().forEach(p::put);
        o.put("commandId", e.commandId());
        o.put("detail", e.detail());
        o.put("pid", e.pid());
        if (e.face() != null) o.put("face", e.face());
        if (e.source() != null) o.put("source", e.source());
        if (e.run() != null) o.put("run", e.run());
        return o;
    }

    static JournalEntry fromJson(JsonNode o) {
        Map<String, String> params = new LinkedHashMap<>();
        o.path("params").fields().forEachRemaining(f -> params.put(f.getKey(), f.getValue().asText()));
        return new JournalEntry(o.path("id").asText(), Instant.parse(o.path("time").asText()), Instant.parse(o.path("updated").asText()),
                text(o, "endpoint"), text(o, "profile"), text(o, "operation"), text(o, "method"), text(o, "path"),
                o.hasNonNull("node") ? o.get("node").asLong() : null, o.hasNonNull("container") ? o.get("container").asLong() : null,
                params, text(o, "commandId"), JournalEntry.State.valueOf(o.path("state").asText().toUpperCase(Locale.ROOT)),
                text(o, "detail"), o.path("pid").asLong(), text(o, "face"), text(o, "source"), text(o, "run"));
    }

    private static String text(JsonNode o, String f) {
        JsonNode n = o.get(f);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static JournalEntry parse(String line) {
        if (line.isBlank()) return null;
        try {
            JsonNode o = Json.MAPPER.readTree(line);
            return o != null && o.hasNonNull("id") ? fromJson(o) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

}
