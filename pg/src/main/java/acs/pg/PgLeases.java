package acs.pg;

import acs.ConflictException;
import acs.Durations;
import acs.InvalidInputException;
import acs.journal.JournalEntry;
import acs.journal.Operator;
import acs.journal.RunClaim;
import acs.journal.RunRecord;
import acs.journal.StateStore.Lease;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Runs' claims and node leases in the PostgreSQL store. Leases are taken in bulk: one
 * {@code INSERT … SELECT unnest(?) … ON CONFLICT DO NOTHING RETURNING} for all of a run's nodes,
 * and only when some were taken already, a read of who holds them; all in the transaction that
 * saves the run and its claim, so a run gets all its nodes or none.
 */
final class PgLeases {
    private static final long MAX_POLL_MS = 1000;

    private final PgStateStore store;
    private final PgSession session;

    PgLeases(PgStateStore store) {
        this.store = store;
        this.session = store.session;
    }

    /** Another run or change holds some of the nodes: rolled back, and waited on while the caller allows. */
    static final class Held extends ConflictException {
        Held(String message) {
            super(message);
        }
    }

    private record ClaimRow(int token, boolean active, boolean fresh, String operator, String host, long pid, Instant since, Instant heartbeat) {
        String who() {
            return operator + (operator.endsWith("@" + host) ? "" : " on " + host) + " (pid " + pid + ")";
        }
    }

    RunClaim start(RunRecord run, String endpoint, Collection<Long> nodes, Operator me, Duration wait) {
        long[] sorted = nodes.stream().mapToLong(Long::longValue).distinct().sorted().toArray();
        RunRecord rec = run.attempts() >= 1 ? run : new RunRecord(run.id(), run.kind(), run.started(), run.endpoint(), run.profile(),
                run.pid(), run.state(), 1, run.ended(), run.fleet(), run.script(), run.operator(), run.host(), run.home(), run.summary());
        return waiting(wait, () -> {
            long sent = System.nanoTime();
            session.tx("starting run " + run.id(), c -> {
                store.saveRun(c, rec, true);
                lease(c, endpoint, sorted, run.id(), rec.attempts(), me, run.what());
                claim(c, run.id(), rec.attempts(), me);
                return null;
            });
            return registered(new PgClaim(store, run.id(), rec.attempts(), rec, sent));
        });
    }

    RunClaim resume(String runId, Operator me, Duration wait) {
        return waiting(wait, () -> {
            long sent = System.nanoTime();
            RunRecord next = session.tx("resuming run " + runId, c -> {
                RunRecord r = store.readRun(c, runId, true).orElseThrow(() -> new InvalidInputException("RUN", "no run '" + runId
                        + "' in the store " + store.where() + " ('acs journal --runs' lists them)"));
                ClaimRow cur = claimRow(c, runId, true);
                if (cur != null && cur.active() && cur.fresh()) {
                    // Held: with --wait-for-lease the resume waits for the run to be free (its holder ends, or its heartbeat lapses)
                    throw new Held("run " + runId + " is being run by " + cur.who() + ", attempt " + cur.token() + " since "
                            + cur.since() + ": one process runs a run at a time; wait for it to end (acs run-status " + runId + " --watch)."
                            + " If that process is gone, resume again once its heartbeat has lapsed (" + Durations.format(store.ttl) + ")");
                }
                int token = Math.max(r.attempts(), cur == null ? 0 : cur.token()) + 1;
                RunRecord n = new RunRecord(r.id(), r.kind(), r.started(), r.endpoint(), r.profile(), me.pid(), RunRecord.RUNNING, token,
                        null, r.fleet(), r.script(), me.name(), me.host(), null, r.summary());
                claim(c, runId, token, me);
                try (PreparedStatement s = session.prepare(c, "UPDATE leases SET token = ?, operator = ? WHERE run = ?")) {
                    s.setInt(1, token);
                    s.setString(2, me.name());
                    s.setString(3, runId);
                    s.executeUpdate();
                }
                if (r.fleet() != null && r.endpoint() != null) {
                    // the nodes still to do, whose leases a forced release may have taken: leased again, or the resume waits
                    Set<Long> done = succeeded(c, runId);
                    long[] needed = r.fleet().nodes().stream().filter(x -> !done.contains(x)).mapToLong(Long::longValue).distinct().sorted().toArray();
                    lease(c, r.endpoint(), needed, runId, token, me, r.what());
                }
                store.saveRun(c, n, false);
                return n;
            });
            return registered(new PgClaim(store, runId, next.attempts(), next, sent));
        });
    }

    /**
     * Leases more nodes to a run this process holds (a script's rollout): fenced by its token, all
     * or none in one transaction; the leases it gave back and not yet sent go first, so a node
     * given back and wanted again stays leased.
     */
    void extend(PgClaim claim, String endpoint, Collection<Long> nodes, Operator me, String what, Duration wait) {
        long[] sorted = nodes.stream().mapToLong(Long::longValue).distinct().sorted().toArray();
        if (sorted.length == 0) return;
        waiting(wait, () -> {
            long sent = System.nanoTime();
            PgClaim.Released released = session.tx("leasing " + sorted.length + " node(s) for run " + claim.runId(), c -> {
                store.fence(c, claim.runId(), claim.token());
                PgClaim.Released r = claim.sendReleases(c);
                take(c, endpoint, sorted, claim.runId(), List.of(claim.runId()), claim.token(), null, me, what);
                return r;
            });
            if (released != null) released.committed();
            claim.confirmed(sent);
            return null;
        });
    }

    private PgClaim registered(PgClaim claim) {
        store.heartbeat.add(claim);
        return claim;
    }

    AutoCloseable hold(String endpoint, long node, Operator me, String what) {
        String hold = UUID.randomUUID().toString();
        session.tx("leasing node " + node, c -> {
            // a node leased by a run this process holds (a script's change) is its own: no hold of its own
            take(c, endpoint, new long[] {node}, null, store.heartbeat.runs(), 0, hold, me, what);
            return null;
        });
        store.heartbeat.addHold(hold);
        return () -> {
            store.heartbeat.removeHold(hold);
            try {
                session.tx("giving back node " + node, c -> {
                    try (PreparedStatement s = session.prepare(c, "DELETE FROM leases WHERE hold = ?")) {
                        s.setString(1, hold);
                        s.executeUpdate();
                    }
                    return null;
                });
            } catch (RuntimeException unreachable) {
                // the store is out of reach: the hold lapses by itself after the TTL
            }
        };
    }

    /** Leases {@code nodes} to a run; throws {@link Held} naming the holders of any it cannot have. */
    private void lease(Connection c, String endpoint, long[] nodes, String run, int token, Operator me, String what) throws SQLException {
        take(c, endpoint, nodes, run, List.of(run), token, null, me, what);
    }

    /**
     * Leases {@code nodes} (sorted: two runs wanting overlapping nodes lock them in the same
     * order) to a run or a hold; throws {@link Held} naming the holders of any it cannot have,
     * unless they are leased by one of the {@code own} runs.
     */
    private void take(Connection c, String endpoint, long[] nodes, String run, List<String> own, int token, String hold, Operator me,
                      String what) throws SQLException {
        if (nodes.length == 0) return;
        int taken = insert(c, endpoint, nodes, run, token, hold, me, what);
        if (taken == nodes.length) return;
        // a single change's hold whose process is gone lapses by itself: no run is left to resume
        try (PreparedStatement s = session.prepare(c, "DELETE FROM leases WHERE endpoint = ? AND node = ANY(?) AND hold IS NOT NULL"
                + " AND heartbeat < now() - ? * interval '1 millisecond'")) {
            s.setString(1, endpoint);
            s.setArray(2, c.createArrayOf("bigint", box(nodes)));
            s.setLong(3, store.ttl.toMillis());
            if (s.executeUpdate() > 0) insert(c, endpoint, nodes, run, token, hold, me, what);
        }
        String holders = holders(c, endpoint, nodes, own);
        if (holders != null) throw new Held(holders);
    }

    private int insert(Connection c, String endpoint, long[] nodes, String run, int token, String hold, Operator me, String what) throws SQLException {
        try (PreparedStatement s = session.prepare(c, "INSERT INTO leases (endpoint, node, run, token, hold, operator, what, since, heartbeat)"
                + " SELECT ?, n, ?, ?, ?, ?, ?, now(), now() FROM unnest(?::bigint[]) AS n ORDER BY n"
                + " ON CONFLICT (endpoint, node) DO NOTHING RETURNING node")) {
            s.setString(1, endpoint);
            s.setString(2, run);
            s.setInt(3, token);
            s.setString(4, hold);
            s.setString(5, me.name());
            s.setString(6, what);
            s.setArray(7, c.createArrayOf("bigint", box(nodes)));
            int n = 0;
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) n++;
            }
            return n;
        }
    }

    /** Who holds any of {@code nodes} other than the {@code own} runs, for a person; null when none does. */
    private String holders(Connection c, String endpoint, long[] nodes, List<String> own) throws SQLException {
        Map<String, List<Long>> byHolder = new LinkedHashMap<>();
        Map<String, String> describe = new LinkedHashMap<>();
        List<String> runs = new ArrayList<>();
        try (PreparedStatement s = session.prepare(c, "SELECT l.node, l.run, l.operator, l.what, l.since, " + alive()
                + " FROM leases l LEFT JOIN claims c ON c.run = l.run WHERE l.endpoint = ? AND l.node = ANY(?)"
                + " AND (l.run IS NULL OR NOT l.run = ANY(?))"
                + " ORDER BY l.run NULLS LAST, l.node")) {
            s.setLong(1, store.ttl.toMillis());
            s.setLong(2, store.ttl.toMillis());
            s.setString(3, endpoint);
            s.setArray(4, c.createArrayOf("bigint", box(nodes)));
            s.setArray(5, c.createArrayOf("text", own.toArray()));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String holder = r.getString("run") == null ? "a change by " + r.getString("operator") : "run " + r.getString("run");
                    if (r.getString("run") != null && !runs.contains(r.getString("run"))) runs.add(r.getString("run"));
                    byHolder.computeIfAbsent(holder, k -> new ArrayList<>()).add(r.getLong("node"));
                    describe.putIfAbsent(holder, holder + " (" + r.getString("operator") + ", " + r.getString("what") + ", since "
                            + r.getTimestamp("since").toInstant() + (r.getBoolean("alive") ? "" : "; its heartbeat lapsed: the process is gone or cut off") + ")");
                }
            }
        }
        if (byHolder.isEmpty()) return null;
        StringBuilder sb = new StringBuilder();
        byHolder.forEach((holder, held) -> {
            if (!sb.isEmpty()) sb.append("; ");
            sb.append(held.size() == 1 ? "node " : held.size() + " nodes (").append(held.stream().limit(10).map(String::valueOf).toList()
                    .toString().replaceAll("[\\[\\]]", "")).append(held.size() > 10 ? ", …" : "").append(held.size() == 1 ? "" : ")")
                    .append(" on ").append(endpoint).append(held.size() == 1 ? " is" : " are").append(" leased by ").append(describe.get(holder));
        });
        sb.append(": nothing was sent. Wait for the lease with --wait-for-lease 10m");
        for (String r : runs) {
            sb.append("; if run ").append(r).append("'s process is gone, 'acs resume ").append(r).append("' finishes it, or 'acs lease release ")
                    .append(r).append(" --force' frees its nodes");
        }
        return sb.toString();
    }

    /** SQL for "the holder is alive": its run's claim is active and renewed within the TTL, or the hold was (two TTL parameters). */
    private static String alive() {
        return "CASE WHEN l.run IS NULL THEN l.heartbeat > now() - ? * interval '1 millisecond'"
                + " ELSE coalesce(c.active AND c.heartbeat > now() - ? * interval '1 millisecond', false) END AS alive";
    }

    private void claim(Connection c, String run, int token, Operator me) throws SQLException {
        try (PreparedStatement s = session.prepare(c, "INSERT INTO claims (run, token, operator, host, pid, since, heartbeat, active)"
                + " VALUES (?, ?, ?, ?, ?, now(), now(), true) ON CONFLICT (run) DO UPDATE SET token = excluded.token,"
                + " operator = excluded.operator, host = excluded.host, pid = excluded.pid, since = now(), heartbeat = now(), active = true,"
                + " released_by = NULL")) {
            s.setString(1, run);
            s.setInt(2, token);
            s.setString(3, me.name());
            s.setString(4, me.host());
            s.setLong(5, me.pid());
            s.executeUpdate();
        }
    }

    private ClaimRow claimRow(Connection c, String run, boolean forUpdate) throws SQLException {
        try (PreparedStatement s = session.prepare(c, "SELECT token, active, heartbeat > now() - ? * interval '1 millisecond' AS fresh,"
                + " operator, host, pid, since, heartbeat FROM claims WHERE run = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            s.setLong(1, store.ttl.toMillis());
            s.setString(2, run);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) return null;
                return new ClaimRow(r.getInt("token"), r.getBoolean("active"), r.getBoolean("fresh"), r.getString("operator"),
                        r.getString("host"), r.getLong("pid"), r.getTimestamp("since").toInstant(), r.getTimestamp("heartbeat").toInstant());
            }
        }
    }

    /**
     * The fence for a write by a process that does not hold the run (a person's resolution, the
     * last lines of an attempt that let go): refused once another attempt took the run, or its
     * leases were released by force.
     */
    void looseFence(Connection c, String run, int token) throws SQLException {
        try (PreparedStatement s = session.prepare(c, "SELECT token, released_by, operator, host, pid, since FROM claims WHERE run = ? FOR SHARE")) {
            s.setString(1, run);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) return;
                int current = r.getInt("token");
                String releasedBy = r.getString("released_by");
                if (current > token) {
                    throw new ConflictException("run " + run + " is no longer held by attempt " + token + ": attempt " + current + " by "
                            + r.getString("operator") + " (pid " + r.getLong("pid") + " on " + r.getString("host") + ") took it over at "
                            + r.getTimestamp("since").toInstant() + "; nothing of this write was kept");
                }
                if (releasedBy != null && current == token) {
                    throw new ConflictException("run " + run + "'s attempt " + token + " was released by " + releasedBy
                            + " ('acs lease release --force'); nothing of this write was kept");
                }
            }
        }
    }

    /** Why a fenced write of {@code run} at {@code token} was refused, for the message. */
    String whyLost(Connection c, String run, int token) throws SQLException {
        ClaimRow cur = claimRow(c, run, false);
        if (cur == null) return "the store " + store.where() + " has no claim on it";
        if (cur.token() != token) return "attempt " + cur.token() + " by " + cur.who() + " took it over at " + cur.since();
        if (!cur.active()) return "it was let go (by 'acs lease release " + run + " --force', or by this process)";
        return "its heartbeat lapsed (no renewal reached the store for over " + Durations.format(store.ttl)
                + ": this process was paused or cut off), so another process may resume it";
    }

    private Set<Long> succeeded(Connection c, String run) throws SQLException {
        Set<Long> done = new HashSet<>();
        try (PreparedStatement s = session.prepare(c, "SELECT DISTINCT node FROM entries WHERE run = ? AND node IS NOT NULL"
                + " AND (state = 'succeeded' OR (state = 'resolved' AND resolution = 'applied'))")) {
            s.setString(1, run);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) done.add(r.getLong(1));
            }
        }
        return done;
    }

    List<Lease> list() {
        return session.tx("listing the leases", c -> {
            List<Lease> out = new ArrayList<>();
            try (PreparedStatement s = session.prepare(c, "SELECT l.endpoint, l.node, l.run, l.operator, l.what, l.since, " + alive()
                    + " FROM leases l LEFT JOIN claims c ON c.run = l.run ORDER BY l.run NULLS LAST, l.endpoint, l.node")) {
                s.setLong(1, store.ttl.toMillis());
                s.setLong(2, store.ttl.toMillis());
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new Lease(r.getString("endpoint"), r.getLong("node"), r.getString("run"), r.getString("operator"),
                                r.getString("what"), r.getTimestamp("since").toInstant().toString(), r.getBoolean("alive")));
                    }
                }
            }
            return out;
        });
    }

    void forceRelease(String runId, Operator who, boolean evenIfAlive) {
        session.tx("releasing run " + runId, c -> {
            RunRecord r = store.readRun(c, runId, true).orElse(null);
            ClaimRow cur = claimRow(c, runId, true);
            if (cur != null && cur.active() && cur.fresh() && !evenIfAlive) {
                throw new ConflictException("run " + runId + " is alive: " + cur.who() + " renewed its claim at " + cur.heartbeat()
                        + "; stop that process first (a forced release now would let two processes act on its nodes),"
                        + " or wait until its heartbeat has lapsed (" + Durations.format(store.ttl) + ")");
            }
            try (PreparedStatement s = session.prepare(c, "UPDATE claims SET active = false, released_by = ? WHERE run = ?")) {
                s.setString(1, who.name());
                s.setString(2, runId);
                s.executeUpdate();
            }
            int released;
            try (PreparedStatement s = session.prepare(c, "DELETE FROM leases WHERE run = ?")) {
                s.setString(1, runId);
                released = s.executeUpdate();
            }
            if (r == null && cur == null && released == 0) {
                throw new InvalidInputException("RUN", "no run '" + runId + "' in the store " + store.where() + " ('acs lease list' lists the leases)");
            }
            String holder = cur == null ? "no process" : cur.who();
            Instant now = Instant.now();
            JournalEntry e = new JournalEntry(UUID.randomUUID().toString(), now, now, r == null ? null : r.endpoint(), r == null ? null : r.profile(),
                    "lease-release", null, null, null, null, Map.of("run", runId, "leases", Integer.toString(released), "holder", holder),
                    null, JournalEntry.State.SUCCEEDED, "forced release of run " + runId + "'s claim and " + released + " node lease"
                    + (released == 1 ? "" : "s") + ", held by " + holder + (cur == null ? "" : " since " + cur.since()),
                    who.pid(), JournalEntry.Face.CLI, null, runId, 0, who.name(), null);
            PgEntries.upsert(session, c, List.of(e));
            return null;
        });
    }

    private <T> T waiting(Duration wait, Supplier<T> attempt) {
        long deadline = System.nanoTime() + wait.toNanos();
        long pause = 50;
        for (;;) {
            try {
                return attempt.get();
            } catch (Held h) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    if (wait.isZero()) throw h;
                    throw new ConflictException("waited " + Durations.format(wait) + " for the lease: " + h.getMessage());
                }
                try {
                    Thread.sleep(Math.min(pause, Math.max(1, left / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw h;
                }
                pause = Math.min(pause * 2, MAX_POLL_MS);
            }
        }
    }

    private static Long[] box(long[] nodes) {
        Long[] out = new Long[nodes.length];
        for (int i = 0; i < nodes.length; i++) out[i] = nodes[i];
        return out;
    }
}
