package acs.pg;

import acs.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The store's tables, created and migrated on first use: migration {@code n} is the resource
 * {@code schema/n.sql}, applied once, in order, recorded in {@code schema_version}. Two processes
 * opening a new store at once take turns on an advisory lock. A schema newer than this acs is refused.
 */
final class Schema {
    /** The newest migration this acs knows. */
    static final int LATEST = 1;
    private static final long LOCK = 0x616373L; // "acs": the migration lock's key

    private Schema() {}

    static void migrate(PgSession session) {
        session.tx("preparing its tables", c -> {
            try (PreparedStatement s = session.prepare(c, "SELECT pg_advisory_xact_lock(?)")) {
                s.setLong(1, LOCK);
                s.execute();
            }
            int current = current(session, c);
            if (current > LATEST) {
                throw new ConfigException("the store " + session.location() + "'s schema is version " + current + ", this acs knows up to "
                        + LATEST + ": upgrade acs (every acs that shares the store needs the newer version)");
            }
            if (current == LATEST) return null;
            if (current < 0) {
                try (Statement s = session.statement(c)) {
                    s.execute("CREATE TABLE schema_version (version integer PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())");
                }
                current = 0;
            }
            for (int v = current + 1; v <= LATEST; v++) {
                try (Statement s = session.statement(c)) {
                    s.execute(sql(v));
                }
                try (PreparedStatement s = session.prepare(c, "INSERT INTO schema_version (version) VALUES (?)")) {
                    s.setInt(1, v);
                    s.execute();
                }
            }
            return null;
        });
    }

    /** The version in the store; -1 when it has no schema_version table yet. */
    private static int current(PgSession session, Connection c) throws SQLException {
        try (PreparedStatement s = session.prepare(c, "SELECT to_regclass('schema_version') IS NOT NULL")) {
            try (ResultSet r = s.executeQuery()) {
                r.next();
                if (!r.getBoolean(1)) return -1;
            }
        }
        try (PreparedStatement s = session.prepare(c, "SELECT coalesce(max(version), 0) FROM schema_version"); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getInt(1);
        }
    }

    private static String sql(int version) {
        try (InputStream in = Schema.class.getResourceAsStream("schema/" + version + ".sql")) {
            if (in == null) throw new IllegalStateException("migration " + version + " is missing from this acs's jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + version, e);
        }
    }
}
