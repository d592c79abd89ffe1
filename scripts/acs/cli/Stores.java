package acs.cli;

import acs.ConfigException;
import acs.journal.StateStore;
import acs.journal.StateStoreProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The state store a command reads: {@code ACS_STORE}'s kind, found by its URI scheme. Stands in
 * for {@code Journal.open().store()} (which also gives the file store of the toolkit's home)
 * until the journal reaches its store through it.
 */
public final class Stores {
    private Stores() {}

    public static StateStore open() {
        return open(System.getenv());
    }

    public static StateStore open(Map<String, String> env) {
        String given = env.get("ACS_STORE");
        if (given == null || given.isBlank()) {
            throw new ConfigException("this command reads a team's store, and ACS_STORE is not set:"
                    + " set ACS_STORE=postgresql://user@host:5432/db (docs/TEAM.md)");
        }
        URI uri;
        try {
            uri = new URI(given.strip());
        } catch (URISyntaxException e) {
            // the reason only: the text may hold a password
            throw new ConfigException("ACS_STORE is not a URI (" + e.getReason() + "): expected postgresql://user:password@host:5432/db"
                    + " (a password with @, : or / is written percent-encoded)");
        }
        for (StateStoreProvider p : ServiceLoader.load(StateStoreProvider.class, Stores.class.getClassLoader())) {
            if (p.scheme().equalsIgnoreCase(uri.getScheme())) return p.open(uri, env);
        }
        throw new ConfigException("ACS_STORE's scheme '" + uri.getScheme() + "' is no store this acs knows: expected postgresql://…");
    }
}
