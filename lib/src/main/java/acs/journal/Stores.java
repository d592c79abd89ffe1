package acs.journal;

import acs.ConfigException;
import acs.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Opens the store {@code ACS_STORE} names, by its scheme ({@link StateStoreProvider}): never a silent fall-back to files. */
public final class Stores {
    private Stores() {}

    public static StateStore open(String uri, Map<String, String> env) {
        URI u;
        try {
            u = new URI(uri);
        } catch (URISyntaxException e) {
            throw new ConfigException("ACS_STORE is not a URI (" + e.getReason() + "); expected e.g. postgresql://user@host:5432/acs");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme();
        if (scheme.equals("postgres")) scheme = "postgresql";
        List<String> known = new ArrayList<>();
        for (StateStoreProvider p : ServiceLoader.load(StateStoreProvider.class, Stores.class.getClassLoader())) {
            if (p.scheme().equals(scheme)) return p.open(u, env);
            known.add(p.scheme());
        }
        throw new ConfigException("ACS_STORE has the scheme '" + scheme + "', which no store on the class path opens"
                + (known.isEmpty() ? " (the PostgreSQL store, acs-pg, is not on it)" : " (known: " + known + ")")
                + "; nothing was sent. Unset ACS_STORE to use the journal in the acs home");
    }

    /** How long a command waits for a lock of the file store before it gives up (exit 3): {@code ACS_LOCK_TIMEOUT}, 30 s by default. */
    public static Duration lockTimeout(Map<String, String> env) {
        String t = env.get("ACS_LOCK_TIMEOUT");
        return t == null || t.isBlank() ? Duration.ofSeconds(30) : Durations.parse("ACS_LOCK_TIMEOUT", t.strip());
    }

    /** A journal's notices when no one asked for them: the JDK's logging (as {@code CommandLifecycle.LOG}). */
    static void log(String line) {
        System.getLogger("acs").log(System.Logger.Level.INFO, line);
    }
}
