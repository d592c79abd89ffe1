package acs.journal;

import java.net.URI;
import java.util.Map;

/**
 * A kind of shared store, found with {@link java.util.ServiceLoader} by the scheme of
 * {@code ACS_STORE} (e.g. {@code postgresql}): the library stays free of any database driver,
 * and a command that does not use one loads none.
 */
public interface StateStoreProvider {
    /** The URI scheme this provider opens, e.g. {@code postgresql}. */
    String scheme();

    /**
     * Opens (creating or migrating its schema on first use) the store at {@code uri}; {@code env}
     * gives credentials the URI leaves out (e.g. {@code PGPASSWORD}, {@code PGPASSFILE}).
     */
    StateStore open(URI uri, Map<String, String> env);
}
