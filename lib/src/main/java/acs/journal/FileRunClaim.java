package acs.journal;

/** A file store's claim: the run's lock held by this process, its token in the run's claim file. */
final class FileRunClaim implements RunClaim {
    private static final long RECHECK_NANOS = 1_000_000_000L;
    private final FileRuns runs;
    private final int token;
    private volatile RunRecord record;
    private volatile long checkedAt = System.nanoTime();
    private volatile boolean closed;

    private final FileStateStore store;
    // whether this attempt leased nodes of its own (a script's rollout): only then has a release something to write
    private volatile boolean leasedExplicitly;

    FileRunClaim(FileStateStore store, FileRuns runs, RunRecord record) {
        this.store = store;
        this.runs = runs;
        this.record = record;
        this.token = record.attempts();
    }

    @Override public String runId() { return record.id(); }
    @Override public int token() { return token; }
    @Override public RunRecord record() { return record; }

    @Override public RunRecord save(RunRecord r) {
        verify();
        runs.save(r);
        record = r;
        return r;
    }

    @Override public void lease(String endpoint, java.util.Collection<Long> nodes, java.time.Duration wait) {
        store.lease(this, endpoint, nodes, wait);
        leasedExplicitly = true;
    }

    @Override public void release(String endpoint, long node) {
        // a file store's leases follow the journal (a node whose change ended is no longer leased); a rollout's are in a file
        if (leasedExplicitly) runs.removeLease(record.id(), node);
    }

    /** Re-reads the claim at most once a second: a change is refused within a second of losing it. */
    @Override public void check() {
        long now = System.nanoTime();
        if (now - checkedAt < RECHECK_NANOS) return;
        verify();
        checkedAt = now;
    }

    void verify() {
        FileRuns.Claim c = runs.claim(record.id());
        if (c != null && (c.token() > token || (c.released() != null && c.token() >= token))) {
            throw FileStateStore.lost(record.id(), token, c);
        }
    }

    @Override public void end(RunRecord last) {
        try {
            save(last);
        } finally {
            close();
        }
    }

    @Override public void close() {
        if (closed) return;
        closed = true;
        runs.unlock(record.id());
    }
}
