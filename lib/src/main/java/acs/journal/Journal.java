package acs.journal;

import acs.ApiCall;
import acs.Command;
import acs.InvalidInputException;
import acs.Operation;
import acs.Target;
import acs.auth.Redaction;
import acs.config.AcsConfig;
import acs.config.AcsHome;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The record of every state-changing operation, in {@code journal.jsonl} of the toolkit's home
 * (or the store {@code ACS_STORE} names):
 * so that after a crash, a {@code kill -9} or a lost answer one can tell what was sent, what the
 * server made of it, and what is still running. Every face writes it through the one command
 * lifecycle ({@link acs.lifecycle.CommandLifecycle}): the CLI, fleets, the DSL, the shell, and a library user
 * who asks for it ({@link acs.client.AcsClient#withJournal}).
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
 * sign/key, credentials and signatures in URLs). The store ({@link StateStore}: files in the home,
 * or a team's PostgreSQL) is safe across threads and processes, never forgets a pending entry or
 * an unfinished run's, and refuses the lines of an attempt that lost its run ({@link RunClaim}).
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
     * with its state file), the profile, the run and the attempt holding it, who operates, and
     * where in a script ({@code source}, asked per change).
     */
    public record Origin(JournalEntry.Face face, String endpoint, String profile, String run, int attempt, String operator, Supplier<String> source) {
        public static Origin of(AcsConfig config, JournalEntry.Face face) {
            return new Origin(face, config.endpoint() == null ? null : Redaction.url(config.endpoint().toString()), config.profile(), null, 0,
                    Operator.current().name(), () -> null);
        }

        public Origin withFace(JournalEntry.Face f) { return new Origin(f, endpoint, profile, run, attempt, operator, source); }
        public Origin withEndpoint(String e) { return new Origin(face, e, profile, run, attempt, operator, source); }
        public Origin withRun(String r) { return new Origin(face, endpoint, profile, r, attempt, operator, source); }
        /** The run and the attempt (its claim's token) whose changes these are. */
        public Origin withRun(RunClaim c) { return new Origin(face, endpoint, profile, c.runId(), c.token(), operator, source); }
        public Origin withSource(Supplier<String> s) { return new Origin(face, endpoint, profile, run, attempt, operator, s); }
    }

    /** What {@link #read()} found: every operation in its latest state, and the lines it had to skip. */
    public record Snapshot(List<JournalEntry> entries, List<String> problems) {}

    private record Queued(JournalEntry entry, CompletableFuture<Void> durable) {}

    // opened at first use: a command that only reads the API never reaches a team's store
    private final Supplier<StateStore> opener;
    private final String where;
    // a team's store: what it could not take while unreachable waits here (null for the home's own files)
    private final Spool spool;
    private volatile StateStore store;
    /** Where its notices go (whole lines); the JDK's logging unless {@link #noticesTo} says otherwise. */
    private volatile Consumer<String> notices = Stores::log;
    private final Object queueLock = new Object();
    private List<Queued> queue = new ArrayList<>();
    private boolean draining;

    private Journal(StateStore store) {
        this.store = store;
        this.opener = () -> store;
        this.where = store.where();
        this.spool = null;
    }

    private Journal(Supplier<StateStore> opener, String where, Spool spool) {
        this.opener = opener;
        this.where = where;
        this.spool = spool;
    }

    /** A journal on a team's store that keeps outcomes in {@code spoolFile} while the store cannot be reached. */
    public static Journal on(StateStore store, Path spoolFile) {
        return new Journal(() -> store, store.where(), new Spool(spoolFile));
    }

    /** A journal on a store (a team's, or a file store with settings of its own). */
    public static Journal on(StateStore store) {
        return new Journal(store);
    }

    /**
     * The journal of this user: the store {@code ACS_STORE} names, else the selected profile's
     * {@code store}, else {@code journal.jsonl} in the toolkit's home ({@link acs.config.AcsHome}); the system property {@code acs.journal} (a file)
     * overrides the file's place, e.g. for in-process tests.
     */
    public static Journal open() {
        String p = System.getProperty("acs.journal");
        String store = System.getenv("ACS_STORE");
        if (p != null && !p.isBlank() && (store == null || store.isBlank())) return at(Path.of(p));
        return open(System.getenv());
    }

    /** The store {@code ACS_STORE} names, else the {@code store} of the profile this run uses, else the acs home's files. */
    public static Journal open(Map<String, String> env) {
        return open(env, profileStore(env, null));
    }

    /** The {@code store} key of the profile {@code profile} (null: the one ACS_PROFILE or the file's default selects); null when ACS_STORE is set. */
    public static String profileStore(Map<String, String> env, String profile) {
        String uri = env.get("ACS_STORE");
        if (uri != null && !uri.isBlank()) return null; // ACS_STORE wins: the profile file need not be read
        return acs.config.Profiles.store(AcsHome.of(env), profile, env);
    }

    /** With {@code storeUri} (a profile's {@code store}) used when {@code ACS_STORE} is not set: never a silent fall-back to files. */
    public static Journal open(Map<String, String> env, String storeUri) {
        String uri = env.get("ACS_STORE");
        if (uri == null || uri.isBlank()) uri = storeUri;
        if (uri != null && !uri.isBlank()) {
            String u = uri.strip();
            return new Journal(() -> Stores.open(u, env), Redaction.url(u), new Spool(AcsHome.of(env).resolve("store-spool.jsonl")));
        }
        return at(AcsHome.of(env).resolve(FILE), DEFAULT_LIMIT, env);
    }

    public static Journal at(Path file) {
        return at(file, DEFAULT_LIMIT, System.getenv());
    }

    private static Journal at(Path file, long limit, Map<String, String> env) {
        Journal[] journal = new Journal[1];
        journal[0] = new Journal(new FileStateStore(file, limit, Stores.lockTimeout(env), s -> journal[0].notice(s)));
        return journal[0];
    }

    /**
     * Gives this journal's notices (a lock waited for, outcomes kept while a team's store is
     * unreachable) to {@code notices} as whole lines ({@code acs: …}) instead of the JDK's logging; returns it.
     */
    public Journal noticesTo(Consumer<String> notices) {
        this.notices = java.util.Objects.requireNonNull(notices, "notices");
        return this;
    }

    private void notice(String s) {
        notices.accept("acs: " + s);
    }

    /** The same file journal, compacted past this many bytes. */
    public Journal withLimit(long bytes) {
        if (bytes < 1024) throw new InvalidInputException("limit", bytes + " must be at least 1024 bytes");
        if (!(store() instanceof FileStateStore f)) throw new InvalidInputException("limit", "only a file journal has a size limit");
        return at(f.file(), bytes, System.getenv()).noticesTo(notices);
    }

    /** The store, opened (and, for a team's, connected and migrated) at the first call. */
    public StateStore store() {
        StateStore s = store;
        if (s == null) {
            synchronized (this) {
                if (store == null) {
                    StateStore opened = opener.get();
                    if (spool != null) {
                        int n = spool.flushTo(opened);
                        if (n > 0) notice(n + " outcome(s) kept in " + spool.file() + " while " + where + " was unreachable are now recorded there");
                    }
                    store = opened;
                }
                s = store;
            }
        }
        return s;
    }

    /** The size past which a file journal is compacted (0 for another store). */
    public long limit() { return store() instanceof FileStateStore f ? f.limit() : 0; }

    /** Where it is, for messages (a path, or a store's URI without its password). */
    public String where() { return where; }

    /** The file of a file journal; for another store, its {@link #where()} as a path. */
    public Path file() { return store() instanceof FileStateStore f ? f.file() : Path.of(where.replace(':', '_')); }

    // ---- writing: the lifecycle's steps ----

    /** Writes the {@code sending} line of a new operation; returns once it is durable. */
    public JournalEntry begin(Origin origin, String operation, ApiCall<?> call) {
        return join(beginAsync(origin, operation, call));
    }

    /** For a caller that knows only its configuration (face {@code library}). */
    public JournalEntry begin(AcsConfig config, String operation, ApiCall<?> call) {
        return begin(Origin.of(config, JournalEntry.Face.LIBRARY), operation, call);
    }

    /** The {@code sending} line, completing when it is durable: the request may leave then, not before. */
    public CompletableFuture<JournalEntry> beginAsync(Origin origin, String operation, ApiCall<?> call) {
        JournalEntry e;
        try {
            String op = operation != null ? operation : call.operationName();
            e = new JournalEntry(UUID.randomUUID().toString(), Instant.now(), Instant.now(), origin.endpoint(), origin.profile(), op,
                    call.method(), call.path(), call.target().node(), call.target().container(), Redaction.params(call.params()), null,
                    JournalEntry.State.SENDING, null, ProcessHandle.current().pid(), origin.face(), origin.source().get(), origin.run(),
                    origin.run() == null ? 0 : origin.attempt(), origin.operator(), null);
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
     * (for a command met without its entry, e.g. {@code acs command-wait ID}); false when the
     * journal holds no pending entry for it.
     */
    public boolean finished(Command c) {
        if (!c.status().isTerminal()) return false;
        boolean any = false;
        for (JournalEntry e : store().find(EntryQuery.pending().withCommandId(c.commandId()))) {
            join(finished(e, c));
            any = true;
        }
        return any;
    }

    /**
     * Records what a person found when checking a pending entry: applied (a resumed run does not
     * send it again) or not applied (a resumed run sends it). {@code idPrefix} is the entry id or any
     * unique prefix of it; false when no pending entry matches.
     */
    public boolean resolve(String idPrefix, JournalEntry.Resolution found, String note) {
        List<JournalEntry> matches = store().find(EntryQuery.pending().withIdPrefix(idPrefix));
        if (matches.size() > 1) {
            throw new InvalidInputException("ENTRY", "'" + idPrefix + "' matches " + matches.size() + " pending entries ("
                    + matches.stream().map(JournalEntry::id).limit(5).toList() + "); give more of the id");
        }
        if (matches.isEmpty()) return false;
        JournalEntry e = matches.get(0);
        String what = found == JournalEntry.Resolution.APPLIED ? "checked by hand: applied" : "checked by hand: not applied";
        join(write(e.resolved(found, note == null ? what : what + ": " + note)));
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
        return enqueue(e).thenApply(v -> e);
    }

    /** Queues an entry (null: a marker) and, if no writer is draining, starts one: one write and sync per batch. */
    private CompletableFuture<Void> enqueue(JournalEntry entry) {
        Queued q = new Queued(entry, new CompletableFuture<>());
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
            List<JournalEntry> entries = new ArrayList<>(batch.size());
            for (Queued q : batch) if (q.entry() != null) entries.add(q.entry());
            RuntimeException failure = null;
            try {
                if (!entries.isEmpty()) store().append(entries);
            } catch (RuntimeException x) {
                failure = x;
            }
            if (failure == null && spool != null && !entries.isEmpty()) spool.flushTo(store()); // the store is back: what waited goes first
            boolean spooled = failure instanceof acs.ConfigException && spool != null && spool.keep(facts(entries));
            if (spooled) notice(where + " is unreachable (" + failure.getMessage() + "): the outcomes of changes already sent are kept in "
                    + spool.file() + " until it is back; nothing new is sent");
            for (Queued q : batch) {
                boolean fact = q.entry() == null || q.entry().state() != JournalEntry.State.SENDING;
                if (failure == null || (spooled && fact)) q.durable().complete(null);
                else q.durable().completeExceptionally(failure);
            }
        }
    }

    /** What a batch says of changes already sent: every state but a new change's {@code sending} line. */
    private static List<JournalEntry> facts(List<JournalEntry> entries) {
        return entries.stream().filter(e -> e.state() != JournalEntry.State.SENDING).toList();
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
        return store().find(EntryQuery.ALL);
    }

    /** The operations still pending: sending, accepted (command not seen to end) or unknown. */
    public List<JournalEntry> pending() {
        return store().find(EntryQuery.pending());
    }

    /** Every operation in its latest state, and a note for each line that does not parse (by its line number). */
    public Snapshot read() {
        List<JournalEntry> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        store().forEach(EntryQuery.ALL, out::add, problems::add);
        return new Snapshot(out, problems);
    }

    /** "the deploy to node 610474", "the stop of container 7", … */
    public static String describe(JournalEntry e) {
        Operation op = Operation.ofCliName(e.operation());
        if (op == Operation.OTHER || e.target().kind() == Target.Kind.NONE) return "the " + e.method() + " " + (e.path() == null ? "" : e.path());
        return op.describe(e.target());
    }

    /** An entry as a JSON object, the way the file stores it. */
    public static ObjectNode toJson(JournalEntry e) {
        return JournalLines.toJson(e);
    }
}
