package acs.bench;

import acs.journal.JournalEntry;
import acs.journal.Operator;
import acs.journal.RunClaim;
import acs.journal.RunRecord;
import acs.pg.PgStateStore;
import acs.pg.PgStoreProvider;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The PostgreSQL store's round trips for one fleet run, written as the engine writes it: the run
 * starts (every node leased), then per batch the journal's group commits of the batch's
 * {@code sending}, {@code accepted} and {@code succeeded} lines and its nodes' leases given back,
 * then the run ends. Prints "statements wall-seconds" for NODES nodes in batches of BATCH.
 *
 * <p>Usage: {@code StoreRoundTrips URI NODES BATCH} (password from PGPASSWORD or ~/.pgpass).
 */
public final class StoreRoundTrips {
    public static void main(String[] args) {
        int nodes = Integer.parseInt(args[1]), batch = Integer.parseInt(args[2]);
        String ep = "http://bench.invalid";
        try (PgStateStore s = (PgStateStore) new PgStoreProvider().open(URI.create(args[0]), System.getenv())) {
            Operator me = Operator.current();
            List<Long> ids = new ArrayList<>();
            for (long n = 0; n < nodes; n++) ids.add(700_000 + n);
            long before = s.roundTrips(), t0 = System.nanoTime();
            RunRecord r = RunRecord.start(s.newRunId(), RunRecord.FLEET, ep, null,
                    new RunRecord.Fleet("node-deploy", "deploy", "POST", Map.of("url", "http://repo/app.war"), ids, batch, batch, 0, 0, null, 60_000), null, me, null);
            RunClaim c = s.start(r, ep, ids, me, Duration.ZERO);
            for (int from = 0; from < nodes; from += batch) {
                List<JournalEntry> sending = new ArrayList<>();
                for (long n : ids.subList(from, Math.min(nodes, from + batch))) {
                    sending.add(new JournalEntry(UUID.randomUUID().toString(), Instant.now(), Instant.now(), ep, null, "node-deploy", "POST",
                            "/node/uploadStart", n, null, Map.of(), null, JournalEntry.State.SENDING, null, me.pid(), JournalEntry.Face.FLEET, null, r.id(),
                            c.token(), me.name(), null));
                }
                c.check();
                s.append(sending);
                s.append(sending.stream().map(e -> e.with(JournalEntry.State.ACCEPTED, "cmd-" + e.node(), null)).toList());
                s.append(sending.stream().map(e -> e.with(JournalEntry.State.SUCCEEDED, "cmd-" + e.node(), null)).toList());
                for (JournalEntry e : sending) c.release(ep, e.node());
            }
            c.end(c.record().ended(null));
            System.out.printf("%d %.2f%n", s.roundTrips() - before, (System.nanoTime() - t0) / 1e9);
        }
    }
}
