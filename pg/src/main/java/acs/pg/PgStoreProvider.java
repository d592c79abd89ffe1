package acs.pg;

import acs.journal.StateStore;
import acs.journal.StateStoreProvider;
import java.net.URI;
import java.util.Map;

/** {@code ACS_STORE=postgresql://user:password@host:5432/db}: a team's state on PostgreSQL. */
public final class PgStoreProvider implements StateStoreProvider {
    @Override public String scheme() {
        return "postgresql";
    }

    @Override public StateStore open(URI uri, Map<String, String> env) {
        return PgStateStore.open(PgLocation.parse(uri, env), env);
    }
}
