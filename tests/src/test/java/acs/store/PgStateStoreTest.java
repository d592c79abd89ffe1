package acs.store;

import acs.journal.StateStore;
import acs.pg.PgStoreProvider;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/** The contract on a real PostgreSQL (Debian's server, started by {@link PgServer}), a new database per test. */
class PgStateStoreTest extends StateStoreContract {
    private String database;

    @Override protected void freshState() {
        database = PgServer.get().createDatabase(getClass().getSimpleName());
    }

    @Override protected StateStore open() {
        Map<String, String> env = new HashMap<>(PgServer.get().env());
        env.put("ACS_LEASE_HEARTBEAT", "200ms");
        env.put("ACS_LEASE_TTL", ttl().toMillis() + "ms");
        return new PgStoreProvider().open(URI.create(PgServer.get().uri(database)), env);
    }
}
