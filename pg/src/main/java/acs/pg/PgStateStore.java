package acs.pg;

import acs.ConfigException;
import acs.ConflictException;
import acs.Durations;
import acs.journal.EntryQuery;
import acs.journal.JournalEntry;
import acs.journal.Operator;
import acs.journal.RunClaim;
import acs.journal.RunRecord;
import acs.journal.StateStore;
import acs.wire.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A team's state on PostgreSQL: the journal (each entry's latest state, upserted), runs, their
 * claims and node leases, in the tables of {@link Schema}. Plain JDBC on one connection per
 * process ({@link PgSession}); a batch of journal lines is one transaction, and one that begins a
 * change of a run first checks the run's fencing token, so a process that lost its claim begins nothing.
 *
 * <p>A live claim proves itself with a heartbeat ({@code ACS_LEASE_HEARTBEAT}, default 5 s); one
 * not renewed for {@code ACS_LEASE_TTL} (default 30 s) has lapsed: its run may be resumed, and its
 * own process, waking from a pause, finds it lost.
 */
public final class PgStateStore implements StateStore {
    private static final SecureRandom RANDOM = new SecureRandom();

    final PgSession session;
    final Duration every;
    final Duration ttl;
    final Heartbeat heartbeat;
    final PgLeases leases;

    private PgStateStore(PgSession session, Duration every, Duration ttl) {
        this.session = session;
        this.every = every;
        this.ttl = ttl;
        this.heartbeat = new Heartbeat(this);
        this.leases = new PgLeases(this);
    }

    /** Opens the store, creating or migrating its schema, and checks that this user may write it. */
    public static PgStateStore open(PgLocation at, Map<String, String> env) {
        Duration every = setting(env, "ACS_LEASE_HEARTBEAT", Duration.ofSeconds(5));
        Duration ttl = setting(env, "ACS_LEASE_TTL", Duration.ofSeconds(30));
        if (ttl.compareTo(every.multipliedBy(2)) < 0) {
            throw new ConfigException("ACS_LEASE_TTL (" + Durations.format(ttl) + ") must be at least twice ACS_LEASE_HEARTBEAT ("
                    + Durations.format(every) + "): a lease would lapse between two heartbeats");
        }
        PgSession session = new PgSession(at);
        try {
            Schema.migrate(session);
            session.tx("checking that it may write", c -> {
                try (PreparedStatement s = session.prepare(c, "SELECT current_setting('transaction_read_only') = 'off'"
                        + " AND has_table_privilege('entries', 'INSERT,UPDATE') AND has_table_privilege('runs', 'INSERT,UPDATE')"
                        + " AND has_table_privilege('claims', 'INSERT,UPDATE') AND has_table_privilege('leases', 'INSERT,UPDATE,DELETE')");
                     ResultSet r = s.executeQuery()) {
                    r.next();
                    if (!r.getBoolean(1)) throw new SQLException("read-only: the role may not change the store's tables", "25006");
                }
                return null;
            });
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        return new PgStateStore(session, every, ttl);
    }

    private static Duration setting(Map<String, String> env, String name, Duration otherwise) {
        String v = env.get(name);
        return v == null || v.isBlank() ? otherwise : Durations.positive(name, v);
    }

    @Override public String where() {
        return session.location().toString();
    }

    /** Statements sent to the store so far (commits included): the bench's round trips. */
    public long roundTrips() {
        return session.roundTrips();
    }

    // ---- the journal ----

    @Override public void append(List<JournalEntry> entries) {
        if (entries.isEmpty()) return;
        Set<Fence> fences = new LinkedHashSet<>();
        for (JournalEntry e : entries) {
            // only beginning a change is fenced: later states of a change already sent, and resolutions, are facts
            if (e.run() != null && e.attempt() > 0 && e.state() == JournalEntry.State.SENDING) fences.add(new Fence(e.run(), e.attempt()));
        }
        long sent = System.nanoTime();
        session.tx("writing " + entries.size() + " journal entr" + (entries.size() == 1 ? "y" : "ies"), c -> {
            for (Fence f : fences) {
                // the holder proves its claim is live; anyone else only that no later attempt took the run
                if (heartbeat.holds(f.run(), f.token())) fence(c, f.run(), f.token());
                else leases.looseFence(c, f.run(), f.token());
            }
            heartbeat.flushReleases(c);
            PgEntries.upsert(session, c, entries);
            return null;
        });
        for (Fence f : fences) heartbeat.confirmed(f.run(), f.token(), sent);
    }

    private record Fence(String run, int token) {}

    /**
     * The fencing check, renewing the heartbeat: the claim must be live and held with this token,
     * else the transaction writes nothing and the claim is known lost.
     */
    void fence(Connection c, String run, int token) throws SQLException {
        try (PreparedStatement s = session.prepare(c, "UPDATE claims SET heartbeat = now() WHERE run = ? AND token = ? AND active"
                + " AND heartbeat > now() - ? * interval '1 millisecond'")) {
            s.setString(1, run);
            s.setInt(2, token);
            s.setLong(3, ttl.toMillis());
            if (s.executeUpdate() == 1) return;
        }
        String why = leases.whyLost(c, run, token);
        heartbeat.lost(run, token, why);
        throw new ConflictException("run " + run + " (attempt " + token + ") no longer holds its claim: " + why + "; nothing of this write was kept");
    }

    @Override public List<JournalEntry> find(EntryQuery q) {
        List<JournalEntry> out = new ArrayList<>();
        forEach(q, out::add, p -> {});
        return out;
    }

    @Override public void forEach(EntryQuery q, Consumer<JournalEntry> each, Consumer<String> problems) {
        session.tx("reading the journal", c -> {
            PgEntries.query(session, c, q, each, problems);
            return null;
        });
    }

    // ---- runs ----

    @Override public String newRunId() {
        for (;;) {
            byte[] b = new byte[3];
            RANDOM.nextBytes(b);
            String id = HexFormat.of().formatHex(b);
            if (run(id).isEmpty()) return id;
        }
    }

    @Override public List<RunRecord> runs() {
        return session.tx("listing the runs", c -> {
            List<RunRecord> out = new ArrayList<>();
            try (PreparedStatement s = session.prepare(c, "SELECT record FROM runs ORDER BY started, id"); ResultSet r = s.executeQuery()) {
                while (r.next()) out.add(record(r.getString(1)));
            }
            return out;
        });
    }

    @Override public Optional<RunRecord> run(String id) {
        return session.tx("reading run " + id, c -> readRun(c, id, false));
    }

    Optional<RunRecord> readRun(Connection c, String id, boolean forUpdate) throws SQLException {
        try (PreparedStatement s = session.prepare(c, "SELECT record FROM runs WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(record(r.getString(1))) : Optional.empty();
            }
        }
    }

    void saveRun(Connection c, RunRecord r, boolean insert) throws SQLException {
        String sql = insert
                ? "INSERT INTO runs (started, state, attempts, endpoint, record, id) VALUES (?, ?, ?, ?, ?::jsonb, ?)"
                : "UPDATE runs SET started = ?, state = ?, attempts = ?, endpoint = ?, record = ?::jsonb WHERE id = ?";
        try (PreparedStatement s = session.prepare(c, sql)) {
            s.setString(1, r.started());
            s.setString(2, r.state());
            s.setInt(3, r.attempts());
            s.setString(4, r.endpoint());
            s.setString(5, json(r));
            s.setString(6, r.id());
            s.executeUpdate();
        }
    }

    private static String json(RunRecord r) {
        try {
            return Json.MAPPER.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a run record that does not write as JSON", e);
        }
    }

    private RunRecord record(String json) {
        try {
            return Json.MAPPER.readValue(json, RunRecord.class);
        } catch (JsonProcessingException e) {
            throw new ConfigException("the store " + where() + " holds a run record this acs cannot read (" + e.getOriginalMessage()
                    + "): upgrade acs", e);
        }
    }

    // ---- claims and leases ----

    @Override public RunClaim start(RunRecord run, String endpoint, Collection<Long> nodes, Operator me, Duration waitForLease) {
        return leases.start(run, endpoint, nodes, me, waitForLease);
    }

    @Override public RunClaim resume(String runId, Operator me, boolean force, Duration waitForLease) {
        return leases.resume(runId, me, waitForLease);
    }

    @Override public AutoCloseable holdNode(String endpoint, long node, Operator me, String what) {
        return leases.hold(endpoint, node, me, what);
    }

    @Override public List<Lease> leases() {
        return leases.list();
    }

    @Override public void forceRelease(String runId, Operator who, boolean evenIfAlive) {
        leases.forceRelease(runId, who, evenIfAlive);
    }

    @Override public void close() {
        heartbeat.stop();
        session.close();
    }

    @Override public String toString() {
        return where();
    }
}
