package acs.pg;

import acs.journal.EntryQuery;
import acs.journal.JournalEntry;
import acs.wire.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** The journal's table: entries upserted in their latest state, one statement per batch; queries with their filters in SQL. */
final class PgEntries {
    private static final String COLUMNS = "id, time, updated, state, pending, endpoint, profile, operation, method, path, node, container,"
            + " params, command_id, detail, pid, face, source, run, attempt, operator, resolution";
    private static final String UPSERT = "INSERT INTO entries (" + COLUMNS + ") SELECT " + COLUMNS + " FROM jsonb_to_recordset(?::jsonb) AS x("
            + "id text, time timestamptz, updated timestamptz, state text, pending boolean, endpoint text, profile text, operation text,"
            + " method text, path text, node bigint, container bigint, params jsonb, command_id text, detail text, pid bigint, face text,"
            + " source text, run text, attempt integer, operator text, resolution text)"
            + " ON CONFLICT (id) DO UPDATE SET " + String.join(", ", sets());
    private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() {};

    private PgEntries() {}

    private static List<String> sets() {
        List<String> out = new ArrayList<>();
        for (String c : COLUMNS.split(",\\s*")) if (!c.equals("id")) out.add(c + " = excluded." + c);
        return out;
    }

    /** Writes the entries (the last state of an id in the batch wins) in one statement. */
    static void upsert(PgSession session, Connection c, Collection<JournalEntry> entries) throws SQLException {
        Map<String, JournalEntry> last = new LinkedHashMap<>();
        for (JournalEntry e : entries) last.put(e.id(), e);
        ArrayNode rows = Json.MAPPER.createArrayNode();
        for (JournalEntry e : last.values()) rows.add(row(e));
        try (PreparedStatement s = session.prepare(c, UPSERT)) {
            s.setString(1, rows.toString());
            s.executeUpdate();
        }
    }

    private static ObjectNode row(JournalEntry e) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", e.id());
        o.put("time", e.time().toString());
        o.put("updated", e.updated().toString());
        o.put("state", e.state().wire());
        o.put("pending", e.pending());
        o.put("endpoint", e.endpoint());
        o.put("profile", e.profile());
        o.put("operation", e.operation());
        o.put("method", e.method());
        o.put("path", e.path());
        o.put("node", e.node());
        o.put("container", e.container());
        ObjectNode p = o.putObject("params");
        e.params().forEach(p::put);
        o.put("command_id", e.commandId());
        o.put("detail", e.detail());
        o.put("pid", e.pid());
        o.put("face", e.face() == null ? null : e.face().wire());
        o.put("source", e.source());
        o.put("run", e.run());
        o.put("attempt", e.attempt());
        o.put("operator", e.operator());
        o.put("resolution", e.resolution() == null ? null : e.resolution().wire());
        return o;
    }

    /**
     * Streams the entries matching {@code q} in the journal's order (by first write); with a limit,
     * the ones updated last. A row that does not map goes to {@code problems}.
     */
    static void query(PgSession session, Connection c, EntryQuery q, Consumer<JournalEntry> each, Consumer<String> problems) throws SQLException {
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE true");
        if (q.pendingOnly()) where.append(" AND pending");
        if (q.run() != null) {
            where.append(" AND run = ?");
            args.add(q.run());
        }
        if (q.idPrefix() != null) {
            where.append(" AND starts_with(id, ?)");
            args.add(q.idPrefix());
        }
        if (q.commandId() != null) {
            where.append(" AND command_id = ?");
            args.add(q.commandId());
        }
        if (q.nodes() != null) {
            where.append(" AND node = ANY(?)");
            args.add(q.nodes().toArray(new Long[0]));
        }
        if (q.since() != null) {
            where.append(" AND updated >= ?");
            args.add(Timestamp.from(q.since()));
        }
        if (q.operator() != null) {
            where.append(" AND (operator = ? OR starts_with(operator, ?))");
            args.add(q.operator());
            args.add(q.operator() + "@");
        }
        if (q.endpoint() != null) {
            where.append(" AND endpoint = ?");
            args.add(q.endpoint());
        }
        String sql = "SELECT " + COLUMNS + " FROM entries" + where;
        sql = q.limit() > 0
                ? "SELECT * FROM (SELECT seq, " + COLUMNS + " FROM entries" + where + " ORDER BY updated DESC, seq DESC LIMIT " + q.limit() + ") newest ORDER BY seq"
                : sql + " ORDER BY seq";
        try (PreparedStatement s = session.prepare(c, sql)) {
            s.setFetchSize(500);
            for (int i = 0; i < args.size(); i++) {
                Object a = args.get(i);
                if (a instanceof Long[] nodes) s.setArray(i + 1, c.createArrayOf("bigint", nodes));
                else s.setObject(i + 1, a);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    JournalEntry e;
                    try {
                        e = entry(r);
                    } catch (RuntimeException | JsonProcessingException bad) {
                        problems.accept("the store's entry " + r.getString("id") + " does not read (" + bad.getMessage() + "); skipped");
                        continue;
                    }
                    each.accept(e);
                }
            }
        }
    }

    private static JournalEntry entry(ResultSet r) throws SQLException, JsonProcessingException {
        String params = r.getString("params");
        return new JournalEntry(r.getString("id"), r.getTimestamp("time").toInstant(), r.getTimestamp("updated").toInstant(),
                r.getString("endpoint"), r.getString("profile"), r.getString("operation"), r.getString("method"), r.getString("path"),
                (Long) r.getObject("node", Long.class), (Long) r.getObject("container", Long.class),
                params == null ? Map.of() : Json.MAPPER.readValue(params, PARAMS), r.getString("command_id"),
                JournalEntry.State.valueOf(r.getString("state").toUpperCase(Locale.ROOT)), r.getString("detail"), r.getLong("pid"),
                JournalEntry.Face.ofWire(r.getString("face")), r.getString("source"), r.getString("run"), r.getInt("attempt"), r.getString("operator"),
                JournalEntry.Resolution.ofWire(r.getString("resolution")));
    }
}
