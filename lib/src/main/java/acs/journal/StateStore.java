package acs.journal;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The toolkit's state: the journal of every change, the runs, their claims and the nodes they
 * lease. {@link FileStateStore} keeps it in the toolkit's home for one person; a team shares one
 * on PostgreSQL ({@code ACS_STORE=postgresql://…}, found through {@link StateStoreProvider}).
 * Both give the same guarantees: a line is durable when {@link #append} returns; one live
 * process per run; a node leased by one run is refused to every other; writes are fenced.
 *
 * <p>Every method that cannot reach or write the store throws {@link acs.ConfigException}
 * naming the store (never its password), the cause and the fix.
 */
public interface StateStore extends AutoCloseable {
    /** Where it is, for messages: a path, or a URI without its password. */
    String where();

    // ---- the journal ----

    /**
     * Appends new states of entries, durably, in one write (the journal's group commit). The
     * {@code sending} line of a run's change must carry the attempt holding the run's claim; one of
     * an older attempt is refused with {@link acs.ConflictException} and nothing of the batch is
     * written (a process that lost its run begins nothing new). Later states of changes already
     * sent, and a person's resolutions, are facts and are always written.
     */
    void append(List<JournalEntry> entries);

    /** The entries matching {@code q}, each in its latest state, oldest first (with a limit: the newest, still oldest first). */
    List<JournalEntry> find(EntryQuery q);

    /**
     * Streams the entries matching {@code q}, each once in its latest state, oldest first, in
     * constant memory where the store can; {@code problems} gets a note for each record skipped
     * (a torn or foreign line, bad bytes) naming where it is.
     */
    void forEach(EntryQuery q, Consumer<JournalEntry> each, Consumer<String> problems);

    // ---- runs ----

    /** A new run id, not used yet. */
    String newRunId();

    /** Every run, oldest first. */
    List<RunRecord> runs();

    /** A run by its id. */
    Optional<RunRecord> run(String id);

    /**
     * Starts a new run as attempt 1: leases {@code nodes} on {@code endpoint} for it (all or none,
     * in bulk), saves its record and claims it. A node leased by another run is refused with
     * {@link acs.ConflictException} naming the holder (operator, run, what it does, since when),
     * after waiting up to {@code waitForLease} for it to be released (zero: refuse at once).
     */
    RunClaim start(RunRecord run, String endpoint, Collection<Long> nodes, Operator me, Duration waitForLease);

    /**
     * Claims an existing run for a new attempt (the record's attempts + 1), taking over its
     * leases. Refused with {@link acs.ConflictException} while another live process holds it,
     * or when its last attempt was made elsewhere (another home or host) unless {@code force}.
     */
    RunClaim resume(String runId, Operator me, boolean force, Duration waitForLease);

    /**
     * Holds one node for a single change (a CLI command on one node, the shell, a library user, a
     * script's change) until the returned closeable gives it back; refused like {@link #start} when
     * a run leases it or another change holds it, except a run this process holds (a script's own
     * run). {@link #leases} lists it with no run; a hold whose process is gone lapses by itself.
     */
    AutoCloseable holdNode(String endpoint, long node, Operator me, String what);

    /** The leases held now, by run (for {@code acs lease list} and messages). */
    List<Lease> leases();

    /**
     * Takes every lease and the claim away from a run whose process is gone or lost (the run
     * stays resumable); recorded in the history with who forced it. Refused while the holder's
     * heartbeat is fresh unless {@code evenIfAlive}.
     */
    void forceRelease(String runId, Operator who, boolean evenIfAlive);

    @Override void close();

    /** One node held by a run. */
    record Lease(String endpoint, long node, String run, String operator, String what, String since, boolean alive) {}
}
