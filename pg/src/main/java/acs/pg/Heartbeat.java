package acs.pg;

import acs.ConflictException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Proves that this process's claims and held nodes are alive: every {@code ACS_LEASE_HEARTBEAT}
 * one daemon thread renews them (fenced, like a write), and sends the leases given back since.
 * A claim it cannot renew (lost to another attempt, released by force, or the store out of
 * reach) fails its next {@link PgClaim#check()} once its last renewal is older than the TTL.
 */
final class Heartbeat {
    private final PgStateStore store;
    private final Map<String, PgClaim> claims = new ConcurrentHashMap<>();
    private final Map<String, Boolean> holds = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    Heartbeat(PgStateStore store) {
        this.store = store;
    }

    synchronized void add(PgClaim c) {
        claims.put(c.runId(), c);
        startTimer();
    }

    void remove(PgClaim c) {
        claims.remove(c.runId(), c);
    }

    synchronized void addHold(String hold) {
        holds.put(hold, true);
        startTimer();
    }

    void removeHold(String hold) {
        holds.remove(hold);
    }

    private void startTimer() {
        if (timer != null) return;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "acs-store-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long ms = store.every.toMillis();
        timer.scheduleWithFixedDelay(this::beat, ms, ms, TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (timer != null) timer.shutdownNow();
        timer = null;
    }

    /** The runs whose claims this process holds. */
    List<String> runs() {
        return List.copyOf(claims.keySet());
    }

    /** Whether this process holds {@code run}'s claim at {@code token} (it may have lost it since). */
    boolean holds(String run, int token) {
        PgClaim c = claims.get(run);
        return c != null && c.token() == token;
    }

    /** A fenced write of {@code run} at {@code token} committed; it was sent at {@code sentNanos}. */
    void confirmed(String run, int token, long sentNanos) {
        PgClaim c = claims.get(run);
        if (c != null && c.token() == token) c.confirmed(sentNanos);
    }

    void lost(String run, int token, String why) {
        PgClaim c = claims.get(run);
        if (c != null && c.token() == token) c.lost(why);
    }

    /** Sends the leases this process's claims gave back (in the caller's transaction); returns what it sent, to be dropped after commit. */
    List<PgClaim.Released> flushReleases(Connection c) throws SQLException {
        List<PgClaim.Released> sent = new ArrayList<>();
        for (PgClaim claim : claims.values()) {
            PgClaim.Released r = claim.sendReleases(c);
            if (r != null) sent.add(r);
        }
        return sent;
    }

    static void committed(List<PgClaim.Released> sent) {
        for (PgClaim.Released r : sent) r.committed();
    }

    private void beat() {
        for (PgClaim claim : claims.values()) {
            if (claim.isLost()) continue;
            long sent = System.nanoTime();
            try {
                List<PgClaim.Released> released = store.session.tx("renewing run " + claim.runId() + "'s claim", c -> {
                    store.fence(c, claim.runId(), claim.token());
                    PgClaim.Released r = claim.sendReleases(c);
                    return r == null ? List.<PgClaim.Released>of() : List.of(r);
                });
                committed(released);
                claim.confirmed(sent);
            } catch (ConflictException lost) {
                // fence() marked it lost: its next check() says so
            } catch (RuntimeException unreachable) {
                // not renewed: the claim lapses by itself after the TTL, and check() refuses from then on
            }
        }
        if (holds.isEmpty()) return;
        try {
            store.session.tx("renewing held nodes", c -> {
                try (PreparedStatement s = store.session.prepare(c, "UPDATE leases SET heartbeat = now() WHERE hold = ANY(?)")) {
                    s.setArray(1, c.createArrayOf("text", holds.keySet().toArray()));
                    s.executeUpdate();
                }
                return null;
            });
        } catch (RuntimeException unreachable) {
            // a held node whose heartbeat lapsed may be taken by another run: a single change is short
        }
    }
}
