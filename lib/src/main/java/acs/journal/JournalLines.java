package acs.journal;

import acs.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The journal's line format: one JSON object per line, a full snapshot of one entry. Fields are
 * added, never renamed, so every journal an older acs wrote still reads.
 */
public final class JournalLines {
    private JournalLines() {}

    /** An entry as a JSON object, the way the file stores it. */
    public static ObjectNode toJson(JournalEntry e) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", e.id());
        o.put("time", e.time().toString());
        o.put("updated", e.updated().toString());
        o.put("state", e.state().wire());
        o.put("endpoint", e.endpoint());
        o.put("profile", e.profile());
        o.put("operation", e.operation());
        o.put("method", e.method());
        o.put("path", e.path());
        if (e.node() != null) o.put("node", e.node());
        if (e.container() != null) o.put("container", e.container());
        ObjectNode p = o.putObject("params");
        e.params().forEach(p::put);
        o.put("commandId", e.commandId());
        o.put("detail", e.detail());
        o.put("pid", e.pid());
        if (e.face() != null) o.put("face", e.face().wire());
        if (e.source() != null) o.put("source", e.source());
        if (e.operator() != null) o.put("operator", e.operator());
        if (e.resolution() != null) o.put("resolution", e.resolution().wire());
        // last: the file store finds a line's run without parsing it
        if (e.run() != null) {
            o.put("attempt", e.attempt());
            o.put("run", e.run());
        }
        return o;
    }

    public static JournalEntry fromJson(JsonNode o) {
        Map<String, String> params = new LinkedHashMap<>();
        o.path("params").fields().forEachRemaining(f -> params.put(f.getKey(), f.getValue().asText()));
        return new JournalEntry(o.path("id").asText(), Instant.parse(o.path("time").asText()), Instant.parse(o.path("updated").asText()),
                text(o, "endpoint"), text(o, "profile"), text(o, "operation"), text(o, "method"), text(o, "path"),
                o.hasNonNull("node") ? o.get("node").asLong() : null, o.hasNonNull("container") ? o.get("container").asLong() : null,
                params, text(o, "commandId"), JournalEntry.State.valueOf(o.path("state").asText().toUpperCase(Locale.ROOT)),
                text(o, "detail"), o.path("pid").asLong(), JournalEntry.Face.ofWire(text(o, "face")), text(o, "source"), text(o, "run"),
                o.path("attempt").asInt(0), text(o, "operator"), JournalEntry.Resolution.ofWire(text(o, "resolution")));
    }

    /** A line's entry, or null when it is not one (torn, foreign). */
    public static JournalEntry parse(String line) {
        if (line == null || line.isBlank()) return null;
        try {
            JsonNode o = Json.MAPPER.readTree(line);
            return o != null && o.hasNonNull("id") ? fromJson(o) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    public static String line(JournalEntry e) {
        return toJson(e).toString();
    }

    private static String text(JsonNode o, String f) {
        JsonNode n = o.get(f);
        return n == null || n.isNull() ? null : n.asText();
    }
}
