package acs.pg;

import acs.ConflictException;
import acs.Durations;
import acs.journal.RunClaim;
import acs.journal.RunRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * This process's claim on a run in the PostgreSQL store. {@link #check()} costs no round trip: it
 * trusts the last renewal (a heartbeat or a fenced write) for one TTL, measured from when that
 * renewal was sent, which is never later than the store's own clock starts the TTL.
 */
final class PgClaim implements RunClaim {
    private final PgStateStore store;
    private final String runId;
    private final int token;
    private final RunRecord record;
    private final List<Node> toRelease = new ArrayList<>();
    private volatile long confirmedNanos;
    private volatile String lostWhy;
    private volatile boolean closed;

    PgClaim(PgStateStore store, String runId, int token, RunRecord record, long sentNanos) {
        this.store = store;
        this.runId = runId;
        this.token = token;
        this.record = record;
        this.confirmedNanos = sentNanos;
    }

    @Override public String runId() { return runId; }
    @Override public int token() { return token; }
    @Override public RunRecord record() { return record; }

    void confirmed(long sentNanos) {
        if (sentNanos - confirmedNanos > 0) confirmedNanos = sentNanos;
    }

    void lost(String why) {
        if (lostWhy == null) lostWhy = why;
    }

    boolean isLost() {
        return lostWhy != null;
    }

    @Override public RunRecord save(RunRecord r) {
        long sent = System.nanoTime();
        List<Released> released = store.session.tx("saving run " + runId, c -> {
            store.fence(c, runId, token);
            store.saveRun(c, r, false);
            return store.heartbeat.flushReleases(c);
        });
        Heartbeat.committed(released);
        confirmed(sent);
        return r;
    }

    @Override public void lease(String endpoint, java.util.Collection<Long> nodes, java.time.Duration wait) {
        check();
        store.leases.extend(this, endpoint, nodes, acs.journal.Operator.current(), record.what(), wait);
    }

    @Override public void release(String endpoint, long node) {
        synchronized (toRelease) {
            toRelease.add(new Node(endpoint, node));
        }
    }

    /** Deletes the leases given back since the last flush (fenced by the token); null when there are none. */
    Released sendReleases(Connection c) throws SQLException {
        List<Node> pending;
        synchronized (toRelease) {
            if (toRelease.isEmpty()) return null;
            pending = List.copyOf(toRelease);
        }
        try (PreparedStatement s = store.session.prepare(c, "DELETE FROM leases l USING unnest(?::text[], ?::bigint[]) AS r(endpoint, node)"
                + " WHERE l.endpoint = r.endpoint AND l.node = r.node AND l.run = ? AND l.token = ?")) {
            s.setArray(1, c.createArrayOf("text", pending.stream().map(Node::endpoint).toArray()));
            s.setArray(2, c.createArrayOf("bigint", pending.stream().map(Node::node).toArray()));
            s.setString(3, runId);
            s.setInt(4, token);
            s.executeUpdate();
        }
        return new Released(this, pending.size());
    }

    private record Node(String endpoint, long node) {}

    /** Leases sent for release in a transaction; dropped from the queue once it committed. */
    record Released(PgClaim claim, int count) {
        void committed() {
            synchronized (claim.toRelease) {
                claim.toRelease.subList(0, count).clear();
            }
        }
    }

    @Override public void check() {
        if (closed) throw new ConflictException("run " + runId + " (attempt " + token + ") was already ended or let go by this process");
        if (lostWhy != null) throw new ConflictException("run " + runId + " (attempt " + token + ") lost its claim: " + lostWhy + "; nothing more is sent");
        long age = System.nanoTime() - confirmedNanos;
        if (age > store.ttl.toNanos()) {
            lost("its heartbeat lapsed (no renewal reached the store " + store.where() + " for over " + Durations.format(store.ttl)
                    + ": this process was paused or cut off), so another process may have resumed it");
            throw new ConflictException("run " + runId + " (attempt " + token + ") lost its claim: " + lostWhy + "; nothing more is sent");
        }
    }

    @Override public void end(RunRecord last) {
        store.session.tx("ending run " + runId, c -> {
            store.fence(c, runId, token);
            store.saveRun(c, last, false);
            try (PreparedStatement s = store.session.prepare(c, "DELETE FROM leases WHERE run = ?")) {
                s.setString(1, runId);
                s.executeUpdate();
            }
            deactivate(c);
            return null;
        });
        closed = true;
        store.heartbeat.remove(this);
    }

    private void deactivate(Connection c) throws SQLException {
        try (PreparedStatement s = store.session.prepare(c, "UPDATE claims SET active = false WHERE run = ? AND token = ?")) {
            s.setString(1, runId);
            s.setInt(2, token);
            s.executeUpdate();
        }
    }

    @Override public void close() {
        if (closed) return;
        closed = true;
        store.heartbeat.remove(this);
        try {
            store.session.tx("letting go of run " + runId, c -> {
                Released r = sendReleases(c);
                deactivate(c);
                return r;
            });
        } catch (RuntimeException unreachable) {
            // the store is out of reach: the claim lapses by itself after the TTL, and resume takes it then
        }
    }
}
