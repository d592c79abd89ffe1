package acs.cli;

import acs.fleet.FleetResult;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Tables for people: one row per item, columns chosen per resource; {@code wide} adds more. */
public record Table(List<Column> columns) {
    /** A column; {@code plainOnly} for the few words of something that wide shows whole in its own column. */
    public record Column(String header, Function<JsonNode, String> value, boolean wideOnly, boolean plainOnly) {
        public Column(String header, Function<JsonNode, String> value, boolean wideOnly) {
            this(header, value, wideOnly, false);
        }

        public boolean shownIn(boolean wide) {
            return wide ? !plainOnly : !wideOnly;
        }
    }

    static Column col(String header, String field) {
        return new Column(header, n -> text(n.path(field)), false);
    }

    static Column wide(String header, String field) {
        return new Column(header, n -> text(n.path(field)), true);
    }

    static Column count(String header, String field, boolean wideOnly) {
        return new Column(header, n -> Integer.toString(n.path(field).size()), wideOnly);
    }

    public static final Table NODE = new Table(List.of(
            col("ID", "id"), col("NAME", "name"), col("STATUS", "status"), col("SERVICE", "serviceId"),
            new Column("CONTAINERS", n -> {
                int running = 0;
                for (JsonNode c : n.path("containers")) if ("RUNNING".equals(c.path("status").asText())) running++;
                return running + "/" + n.path("containers").size() + " running";
            }, false),
            wide("IMAGE", "imageName"), wide("CREATED", "createTime")));
    public static final Table CONTAINER = new Table(List.of(
            col("ID", "id"), col("NODE", "nodeId"), col("STATUS", "status"), col("HOST", "hostId"),
            col("CPU", "cpu"), col("MEM_MB", "mem"), wide("DISK_MB", "disk"), wide("HEALTH", "health"),
            wide("STARTED", "startTime"), wide("STOPPED", "stopTime")));
    public static final Table COMMAND = new Table(List.of(
            col("COMMAND_ID", "commandId"), col("NAME", "name"), col("STATUS", "status"), col("RESULT", "result"),
            col("MESSAGE", "resultMsg"), count("ACTIVITIES", "activitys", true), wide("CREATED", "createTime"), wide("ENDED", "endTime")));
    public static final Table SERVICE = new Table(List.of(
            col("ID", "id"), col("NAME", "name"), count("NODES", "nodes", false), col("IMAGE", "imageName"),
            wide("REGION", "regionDisplay"), wide("CREATED", "createTime")));
    public static final Table IMAGE = new Table(List.of(
            col("ID", "id"), col("NAME", "imageName"), col("TAG", "imageTag"), col("ALIAS", "imageAlias"),
            wide("MODIFIED", "ImageModifyTime"), wide("DESCRIPTION", "imageDescription")));
    public static final Table HOST = new Table(List.of(
            col("ID", "id"), col("NAME", "name"), col("INTERNET_IP", "internetIp"), col("INTRANET_IP", "intranetIp"),
            col("STATUS", "status"), wide("CPU", "cpu"), wide("MEM_MB", "mem"), wide("DISK_MB", "disk"), wide("CREATED", "createTime")));

    /**
     * One row per node of a fleet run (FleetRunner's rows): whether an earlier attempt of a resumed
     * run made its change, why it ended as it did and what became of its rollback, in few words in
     * the plain table; in full, with the batch, polls, rollback command and whole error, in wide.
     */
    public static final Table FLEET = new Table(List.of(
            col("NODE", "node"), col("COMMAND_ID", "commandId"), col("STATUS", "status"),
            col("RESULT", "result"), col("SECONDS", "seconds"), col("OUTCOME", "outcome"),
            new Column("EARLIER", n -> n.path("earlierAttempt").asBoolean() ? "yes" : "", false),
            new Column("ROLLBACK", n -> shortened(rollback(n), 40), false, true),
            new Column("REASON", n -> shortened(reason(n), 60), false, true),
            wide("BATCH", "batch"), wide("POLLS", "polls"), wide("ROLLBACK_ID", "rollbackCommandId"),
            new Column("ROLLBACK", Table::rollback, true), new Column("REASON", Table::reason, true), wide("ERROR", "error")));

    private static String rollback(JsonNode row) {
        return new FleetResult.Rollback(FleetResult.Rollback.State.valueOf(row.path("rollback").asText("NONE")), "",
                text(row.path("rollbackDetail"))).describe();
    }

    private static String reason(JsonNode row) {
        return new FleetResult.Reason(FleetResult.Reason.Kind.valueOf(row.path("reason").asText("NONE")), text(row.path("reasonDetail"))).describe();
    }

    /** A cell of the plain table kept short; wide shows it whole. */
    static String shortened(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** Renders data (an object or an array of objects) as aligned columns. */
    public String render(JsonNode data, boolean wide) {
        List<Column> cols = columns.stream().filter(c -> c.shownIn(wide)).toList();
        List<List<String>> rows = new ArrayList<>();
        rows.add(cols.stream().map(Column::header).toList());
        for (JsonNode item : items(data)) {
            rows.add(cols.stream().map(c -> c.value().apply(item)).toList());
        }
        return align(rows);
    }

    /** A table for any JSON (after --query): arrays of objects by field, objects as KEY VALUE, scalars as-is. */
    public static String generic(JsonNode data) {
        if (data.isValueNode() || data.isMissingNode()) return text(data) + "\n";
        if (data.isObject()) {
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("KEY", "VALUE"));
            for (Map.Entry<String, JsonNode> e : data.properties()) {
                rows.add(List.of(e.getKey(), text(e.getValue())));
            }
            return align(rows);
        }
        Set<String> fields = new LinkedHashSet<>();
        boolean allObjects = true;
        for (JsonNode item : data) {
            if (item.isObject()) item.fieldNames().forEachRemaining(fields::add);
            else allObjects = false;
        }
        List<List<String>> rows = new ArrayList<>();
        if (!allObjects || fields.isEmpty()) {
            rows.add(List.of("VALUE"));
            for (JsonNode item : data) rows.add(List.of(text(item)));
        } else {
            rows.add(fields.stream().map(Table::header).toList());
            for (JsonNode item : data) rows.add(fields.stream().map(f -> text(item.path(f))).toList());
        }
        return align(rows);
    }

    private static String header(String field) {
        return field.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
    }

    private static Iterable<JsonNode> items(JsonNode data) {
        return data.isArray() ? data : List.of(data);
    }

    /** Scalars as text; nested lists and objects summarised so a row stays one line. */
    static String text(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) return "";
        if (n.isArray()) return "[" + n.size() + "]";
        if (n.isObject()) return n.toString();
        return n.asText().replaceAll("[\\r\\n\\t]+", " ");
    }

    static String align(List<List<String>> rows) {
        int n = rows.get(0).size();
        int[] width = new int[n];
        for (List<String> r : rows) for (int i = 0; i < n; i++) width[i] = Math.max(width[i], displayWidth(r.get(i)));
        StringBuilder sb = new StringBuilder();
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < n; i++) {
                String cell = r.get(i);
                line.append(cell);
                if (i < n - 1) line.append(" ".repeat(width[i] - displayWidth(cell) + 3));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /** Terminal columns: CJK and full-width characters take two. */
    static int displayWidth(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            boolean wideChar = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3)
                    || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60)
                    || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
            w += wideChar ? 2 : 1;
        }
        return w;
    }
}
