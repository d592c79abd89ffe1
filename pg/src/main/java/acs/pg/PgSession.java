package acs.pg;

import acs.AcsException;
import acs.ConfigException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process's one connection to the store: opened on first use, opened again after a failure,
 * shared by the threads of the process one transaction at a time. Every failure becomes a
 * {@link ConfigException} naming the store (never its password), the cause and the fix; counts
 * the round trips for the bench.
 */
final class PgSession implements AutoCloseable {
    /** A unit of work in one transaction. */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final PgLocation at;
    private final AtomicLong roundTrips = new AtomicLong();
    private Connection connection;
    private boolean closed;

    PgSession(PgLocation at) {
        this.at = at;
    }

    PgLocation location() { return at; }

    long roundTrips() { return roundTrips.get(); }

    /** A plain statement (several SQL commands in one), counted as one round trip when it runs. */
    java.sql.Statement statement(Connection c) throws SQLException {
        roundTrips.incrementAndGet();
        return c.createStatement();
    }

    /** Counts one statement sent; every statement of the store goes through here. */
    PreparedStatement prepare(Connection c, String sql) throws SQLException {
        roundTrips.incrementAndGet();
        return c.prepareStatement(sql);
    }

    /**
     * Runs {@code work} in one transaction, committed when it returns and rolled back when it
     * throws. An {@link AcsException} it throws (a conflict) passes as it is.
     */
    synchronized <T> T tx(String doing, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            Connection c = connect();
            try {
                T result = work.run(c);
                roundTrips.incrementAndGet();
                c.commit();
                return result;
            } catch (SQLException e) {
                rollback(c);
                // two runs leasing overlapping nodes at once: PostgreSQL aborts one; it tries again
                boolean retry = "40P01".equals(e.getSQLState()) || "40001".equals(e.getSQLState());
                if (!retry || attempt >= 5) throw failure(doing, e);
            } catch (RuntimeException e) {
                rollback(c);
                throw e;
            }
        }
    }

    private void rollback(Connection c) {
        try {
            if (!c.isClosed()) {
                roundTrips.incrementAndGet();
                c.rollback();
            }
        } catch (SQLException ignored) {
            // the connection is gone: the transaction went with it
        }
        if (isClosed(c)) connection = null;
    }

    private static boolean isClosed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private Connection connect() {
        if (closed) throw new IllegalStateException("the store " + at + " was closed by this process");
        if (connection != null && !isClosed(connection)) return connection;
        connection = null;
        try {
            Connection c = new org.postgresql.Driver().connect(at.jdbcUrl(), at.properties());
            if (c == null) throw new ConfigException("the store " + at + " is not a PostgreSQL URI the driver takes: fix ACS_STORE");
            roundTrips.incrementAndGet();
            c.setAutoCommit(false);
            connection = c;
            return c;
        } catch (SQLException e) {
            throw failure("connecting", e);
        }
    }

    /** What went wrong, for a person: the store, the cause in words, and what to do. */
    ConfigException failure(String doing, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String cause = at.scrub(e.getMessage());
        String msg;
        if (state.equals("28P01") || state.equals("28000")) {
            msg = "the store " + at + " refused user " + at.user() + " (" + cause + "): fix the password"
                    + (at.passwordFrom() == null ? " (none was given: put it in ACS_STORE, PGPASSWORD or ~/.pgpass)" : " in " + at.passwordFrom());
        } else if (state.equals("3D000")) {
            msg = "the store " + at + " has no database " + at.database() + ": create it (createdb -h " + at.host() + " -p " + at.port()
                    + " -U " + at.user() + " " + at.database() + ") or fix ACS_STORE";
        } else if (state.equals("25006") || state.equals("42501")) {
            msg = "the store " + at + " does not let user " + at.user() + " write (" + cause + "): use a role that may create"
                    + " and change its tables (GRANT ALL ON SCHEMA public, and on its tables, TO " + at.user() + "), or fix ACS_STORE";
        } else if (state.startsWith("08") || state.equals("57P01") || state.equals("57P03") || (connection != null && isClosed(connection))) {
            connection = null;
            msg = "cannot reach the store " + at + " while " + doing + " (" + cause + "): start PostgreSQL there or fix ACS_STORE;"
                    + " nothing new is sent without the store";
        } else {
            msg = "the store " + at + " failed while " + doing + " (" + cause + (state.isEmpty() ? "" : ", SQLSTATE " + state) + ")";
        }
        return new ConfigException(msg, new SQLException(cause, state));
    }

    @Override public synchronized void close() {
        closed = true;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a connection that is gone
            }
            connection = null;
        }
    }
}
