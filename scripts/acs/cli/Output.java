package acs.cli;

import acs.InvalidInputException;
import acs.wire.Json;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.burt.jmespath.Expression;
import io.burt.jmespath.JmesPath;
import io.burt.jmespath.JmesPathException;
import io.burt.jmespath.jackson.JacksonRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** Prints API data as json (the API's own field names), yaml, table or wide, after an optional JMESPath query. */
public final class Output {
    public enum Format { json, yaml, table, wide }

    private static final ObjectWriter JSON = Json.MAPPER.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

    private Output() {}

    /** Compiles a JMESPath expression, or reports it as bad input (exit 2). */
    public static Expression<JsonNode> query(String expression) {
        try {
            JmesPath<JsonNode> jmespath = new JacksonRuntime();
            return jmespath.compile(expression);
        } catch (RuntimeException e) {
            throw new InvalidInputException("--query", "'" + expression + "' is not a JMESPath expression: " + e.getMessage());
        }
    }

    /**
     * Runs a query. A valid expression can still fail on the data (a function given the wrong
     * type, say): that is the user's expression to fix, so exit 2 with the library's reason.
     */
    public static JsonNode search(Expression<JsonNode> query, JsonNode data) {
        try {
            return query.search(data);
        } catch (JmesPathException e) {
            throw new InvalidInputException("--query", "the expression does not fit the data: " + e.getMessage());
        }
    }

    public static void print(PrintWriter out, JsonNode data, Format format, Expression<JsonNode> query, Table table) {
        JsonNode shown = query == null ? data : search(query, data);
        out.print(render(shown, format, query == null ? table : null));
        out.flush();
    }

    public static String render(JsonNode data, Format format, Table table) {
        try {
            return switch (format) {
                case json -> JSON.writeValueAsString(data) + "\n";
                case yaml -> Yaml.WRITER.writeValueAsString(data);
                case table, wide -> table == null ? Table.generic(data) : table.render(data, format == Format.wide);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON writer of every json output (two-space pretty print, "name": value). */
    static ObjectWriter json() {
        return JSON;
    }

    /** The YAML writer (built on first use). */
    static ObjectWriter yaml() {
        return Yaml.WRITER;
    }

    /** Built on first use: YAML output is rare, its factory costs start-up time. */
    private static final class Yaml {
        static final ObjectWriter WRITER = new ObjectMapper(YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .build()).writer();
    }
}
