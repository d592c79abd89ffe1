package acs.journal;

/**
 * This process's exclusive hold on a run, for one attempt: no other process (on this machine or,
 * with a shared store, any machine) acts as this run while it is held. Its {@link #token} (the
 * attempt number) is the fencing token: the store refuses every journal line and run record of
 * the run written with an older token, so a process that lost its claim (killed and resumed
 * elsewhere, paused past its heartbeat, a copied home) can never act as the run again.
 *
 * <p>A claim ends with {@link #end} when the attempt ran to its end (its leases go with it); a
 * process that dies keeps its run's leases until {@code acs resume} takes them over, or
 * {@code acs lease release RUN --force}.
 */
public interface RunClaim extends AutoCloseable {
    String runId();

    /** The attempt this claim holds: the fencing token of every write. */
    int token();

    /** The run's record as this attempt started it. */
    RunRecord record();

    /** Saves the run's record (fenced by the token). */
    RunRecord save(RunRecord r);

    /**
     * Leases more nodes to this running run (a script's {@code rollout}, when it starts): all of
     * them or none, in bulk, fenced by the token; nodes the run leases already stay its own. A node
     * another run (or change) holds is refused with {@link acs.ConflictException} naming the
     * holder, after waiting up to {@code wait} for it (zero: refuse at once). Nothing is sent.
     */
    void lease(String endpoint, java.util.Collection<Long> nodes, java.time.Duration wait);

    /** The work on this node (its rollback included) has ended: its lease goes now. */
    void release(String endpoint, long node);

    /**
     * Throws {@link acs.ConflictException} when the claim was lost (forced release, another
     * attempt, a lapsed heartbeat): called before each change is sent.
     */
    void check();

    /** The attempt ran to its end: saves {@code last}, releases every lease of the run and the claim. */
    void end(RunRecord last);

    /** Lets go of the claim without ending the attempt (its leases stay with the run). Idempotent. */
    @Override void close();
}
