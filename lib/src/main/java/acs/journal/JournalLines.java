package acs.journal;

import acs.wire.Json;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The journal's line format: one JSON object per line, a full snapshot of one entry. Fields are
 * added, never renamed, so every journal an older acs wrote still reads.
 */
public final class JournalLines {
    /** A plain factory, as {@code JsonNode.toString()} writes with: the line's bytes do not depend on the mapper's settings. */
    private static final JsonFactory LINES = new JsonFactory();

    private JournalLines() {}

    /** An entry as a JSON object, the way the file stores it: its {@link #line}, read back, so the field list is written once. */
    public static ObjectNode toJson(JournalEntry e) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(line(e));
        } catch (IOException impossible) { // the generator's own output
            throw new UncheckedIOException(impossible);
        }
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

    /**
     * An entry's line, written straight to a generator without building a tree (a fleet run writes a
     * few lines per node). {@code run} comes last: the file store finds a line's run without parsing it.
     */
    public static String line(JournalEntry e) {
        StringWriter out = new StringWriter(256 + 64 * e.params().size());
        try (JsonGenerator g = LINES.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", e.id());
            g.writeStringField("time", e.time().toString());
            g.writeStringField("updated", e.updated().toString());
            g.writeStringField("state", e.state().wire());
            g.writeStringField("endpoint", e.endpoint());
            g.writeStringField("profile", e.profile());
            g.writeStringField("operation", e.operation());
            g.writeStringField("method", e.method());
            g.writeStringField("path", e.path());
            if (e.node() != null) g.writeNumberField("node", e.node().longValue());
            if (e.container() != null) g.writeNumberField("container", e.container().longValue());
            g.writeObjectFieldStart("params");
            for (Map.Entry<String, String> p : e.params().entrySet()) g.writeStringField(p.getKey(), p.getValue());
            g.writeEndObject();
            g.writeStringField("commandId", e.commandId());
            g.writeStringField("detail", e.detail());
            g.writeNumberField("pid", e.pid());
            if (e.face() != null) g.writeStringField("face", e.face().wire());
            if (e.source() != null) g.writeStringField("source", e.source());
            if (e.operator() != null) g.writeStringField("operator", e.operator());
            if (e.resolution() != null) g.writeStringField("resolution", e.resolution().wire());
            if (e.run() != null) {
                g.writeNumberField("attempt", e.attempt());
                g.writeStringField("run", e.run());
            }
            g.writeEndObject();
        } catch (IOException impossible) { // a StringWriter does not fail
            throw new UncheckedIOException(impossible);
        }
        return out.toString();
    }

    private static String text(JsonNode o, String f) {
        JsonNode n = o.get(f);
        return n == null || n.isNull() ? null : n.asText();
    }
}
