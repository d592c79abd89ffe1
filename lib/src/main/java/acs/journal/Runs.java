package acs.journal;

import acs.InvalidInputException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/** The runs of a journal's store, found by id or unique prefix; starting and resuming one claims it ({@link RunClaim}). */
public final class Runs {
    private final StateStore store;

    private Runs(StateStore store) {
        this.store = store;
    }

    /** The runs kept beside this journal. */
    public static Runs of(Journal journal) {
        return new Runs(journal.store());
    }

    public String where() { return store.where(); }

    public String newId() { return store.newRunId(); }

    /** Starts a new run (attempt 1), leasing its nodes: see {@link StateStore#start}. */
    public RunClaim start(RunRecord r, String endpoint, Collection<Long> nodes, Operator me, Duration waitForLease) {
        return store.start(r, endpoint, nodes, me, waitForLease);
    }

    /** Claims a run for a new attempt: see {@link StateStore#resume}. */
    public RunClaim resume(String id, Operator me, boolean force, Duration waitForLease) {
        return store.resume(id, me, force, waitForLease);
    }

    /** A run by its id or a unique prefix of it. */
    public RunRecord get(String idOrPrefix) {
        if (!idOrPrefix.matches("[0-9a-f]{1,32}")) throw new InvalidInputException("RUN", "'" + idOrPrefix + "' is not a run id (hex digits, e.g. 3f2a91)");
        var exact = store.run(idOrPrefix);
        if (exact.isPresent()) return exact.get();
        List<RunRecord> matches = list().stream().filter(r -> r.id().startsWith(idOrPrefix)).toList();
        if (matches.isEmpty()) throw new InvalidInputException("RUN", "no run '" + idOrPrefix + "' in " + store.where() + " ('acs journal --runs' lists them)");
        if (matches.size() > 1) {
            throw new InvalidInputException("RUN", "'" + idOrPrefix + "' matches " + matches.stream().map(RunRecord::id).toList() + "; give more of the id");
        }
        return matches.get(0);
    }

    /** Every run, oldest first. */
    public List<RunRecord> list() {
        return store.runs();
    }
}
