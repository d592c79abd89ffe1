package acs.cli;

import acs.ApiCall;
import acs.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Prints a list answer element by element as it arrives, so a list of 100,000 nodes (53 MB of
 * JSON) needs no more heap than one node (held in a temporary file until the answer is whole): json and yaml exactly as {@link Output} writes them,
 * and tables aligned on the first {@value #ALIGN_ROWS} rows (for shorter lists, exactly as {@link Table}).
 * <p>
 * A --query streams too when {@link StreamingQuery} can answer it element by element (filters,
 * projections, counts), printing exactly what the whole answer searched would print. In a table
 * its results are held only while they are objects (the columns are the union of their fields).
 * Any other query needs the whole answer and goes through {@link GlobalOptions#print}.
 */
public final class StreamingList {
    /** Rows buffered to choose column widths; later rows use those widths (a longer cell just pushes). */
    static final int ALIGN_ROWS = 1000;

    private StreamingList() {}

    /** Prints the list (streamed when possible); returns the exit code. */
    public static int print(GlobalOptions g, ApiCall<? extends List<?>> call, Table table) {
        if (g.query != null) {
            g.compiledQuery(); // a bad expression is reported (exit 2) before anything is sent
            if (StreamingQuery.of(g.query).isEmpty()) {
                g.print(call, table);
                return 0;
            }
        }
        return print(g, (each, restart) -> g.client().stream(call, JsonNode.class, each, restart), table);
    }

    /** Where the elements come from: each is given to {@code each}; {@code restart} is called when they start again from the first. */
    public interface Source {
        void feed(Consumer<JsonNode> each, Runnable restart);
    }

    /** Prints the elements of {@code source} as they come (a query that needs them all holds them). */
    public static int print(OutputOptions g, Source source, Table table) {
        StreamingQuery query = null;
        if (g.query != null) {
            g.compiledQuery();
            query = StreamingQuery.of(g.query).orElse(null);
            if (query == null) {
                com.fasterxml.jackson.databind.node.ArrayNode[] all = {Json.MAPPER.createArrayNode()};
                source.feed(e -> all[0].add(e), () -> all[0] = Json.MAPPER.createArrayNode());
                g.print(all[0], table);
                return 0;
            }
        }
        StreamingQuery q = query;
        java.util.function.Function<PrintWriter, Sink> sinks;
        if (q != null && q.counts()) {
            sinks = w -> new Sink() {
                long n;
                @Override public void add(JsonNode e) { q.results(e, r -> n++); }
                @Override public void finish() { w.print(Output.render(q.count(n), g.output, null)); }
            };
        } else if (g.output == Output.Format.json || g.output == Output.Format.yaml) {
            boolean json = g.output == Output.Format.json;
            sinks = w -> {
                ArrayStream array = new ArrayStream(w, json ? Output.json() : Output.yaml());
                return Sink.of(each(q, array::add), () -> {
                    array.finish();
                    if (json) w.print("\n");
                });
            };
        } else if (q != null) {
            sinks = w -> {
                GenericTableStream ts = new GenericTableStream(w);
                return Sink.of(each(q, ts::add), ts::finish);
            };
        } else {
            sinks = w -> {
                TableStream ts = new TableStream(w, table, g.output == Output.Format.wide);
                return Sink.of(ts::add, ts::finish);
            };
        }
        // Held in a spool file, not on stdout, until the answer is whole: one that breaks off is read
        // again from its first element, and stdout never holds a partial document.
        try (Spool spool = Spool.create()) {
            Sink[] sink = {sinks.apply(spool.writer())};
            source.feed(e -> sink[0].add(e), () -> sink[0] = sinks.apply(spool.restart()));
            sink[0].finish();
            spool.copyTo(g.out());
        }
        g.out().flush();
        return 0;
    }

    /** Where the elements of one attempt go. */
    private interface Sink {
        void add(JsonNode element);
        void finish();

        static Sink of(Consumer<JsonNode> add, Runnable finish) {
            return new Sink() {
                @Override public void add(JsonNode element) { add.accept(element); }
                @Override public void finish() { finish.run(); }
            };
        }
    }

    /** A private temporary file (owner-only) the output is written to before stdout. */
    private static final class Spool implements AutoCloseable {
        private final java.nio.file.Path file;
        private PrintWriter writer;

        private Spool(java.nio.file.Path file) {
            this.file = file;
        }

        static Spool create() {
            try {
                Spool s = new Spool(java.nio.file.Files.createTempFile("acs-list-", ".out"));
                s.restart();
                return s;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary file for the list: " + e.getMessage(), e);
            }
        }

        PrintWriter writer() {
            return writer;
        }

        /** Forgets what was written. */
        PrintWriter restart() {
            if (writer != null) writer.close();
            try {
                writer = new PrintWriter(java.nio.file.Files.newBufferedWriter(file, java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return writer;
        }

        void copyTo(PrintWriter out) {
            writer.flush();
            if (writer.checkError()) throw new UncheckedIOException(new IOException("cannot write the temporary file " + file));
            try (java.io.Reader r = java.nio.file.Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
                r.transferTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override public void close() {
            writer.close();
            try {
                java.nio.file.Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file left behind: the system's temp cleaner takes it
            }
        }
    }

    /** Each element of the list, or what the query makes of it. */
    private static Consumer<JsonNode> each(StreamingQuery query, Consumer<JsonNode> print) {
        return query == null ? print : e -> query.results(e, print);
    }

    private static final class TableStream {
        private final PrintWriter out;
        private final List<Table.Column> cols;
        private final List<List<String>> head = new ArrayList<>();
        private int[] width;

        TableStream(PrintWriter out, Table table, boolean wide) {
            this.out = out;
            this.cols = table.columns().stream().filter(c -> c.shownIn(wide)).toList();
            head.add(cols.stream().map(Table.Column::header).toList());
        }

        void add(JsonNode item) {
            List<String> row = cols.stream().map(c -> c.value().apply(item)).toList();
            if (width != null) {
                line(row);
            } else {
                head.add(row);
                if (head.size() > ALIGN_ROWS) flushHead();
            }
        }

        void finish() {
            if (width == null) flushHead();
        }

        private void flushHead() {
            width = new int[cols.size()];
            for (List<String> r : head) for (int i = 0; i < width.length; i++) width[i] = Math.max(width[i], Table.displayWidth(r.get(i)));
            head.forEach(this::line);
            head.clear();
        }

        private void line(List<String> r) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                String cell = r.get(i);
                line.append(cell);
                if (i < r.size() - 1) line.append(" ".repeat(Math.max(0, width[i] - Table.displayWidth(cell)) + 3));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }

    /**
     * {@link Table#generic} of the query's results: once one is not an object it is a one-column
     * VALUE table, printed as it comes; objects are held until then (or the end), because the
     * columns of a table of objects are the union of their fields.
     */
    private static final class GenericTableStream {
        private final PrintWriter out;
        private List<JsonNode> held = new ArrayList<>();

        GenericTableStream(PrintWriter out) {
            this.out = out;
        }

        void add(JsonNode item) {
            if (held == null) {
                line(item);
            } else if (item.isObject()) {
                held.add(item);
            } else {
                out.print(Table.align(List.of(List.of("VALUE"))));
                held.forEach(this::line);
                held = null;
                line(item);
            }
        }

        void finish() {
            if (held != null) out.print(Table.generic(Json.MAPPER.createArrayNode().addAll(held)));
        }

        private void line(JsonNode item) {
            out.print(Table.align(List.of(List.of(Table.text(item)))));
        }
    }

    /**
     * The list as one json or yaml array, opened at its first element: an answer that fails
     * before it prints nothing (as the materialised output).
     */
    private static final class ArrayStream {
        private final PrintWriter out;
        private final ObjectWriter writer;
        private SequenceWriter w;

        ArrayStream(PrintWriter out, ObjectWriter writer) {
            this.out = out;
            this.writer = writer;
        }

        void add(JsonNode item) {
            try {
                opened().write(item);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void finish() {
            try {
                opened().close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private SequenceWriter opened() throws IOException {
            if (w == null) w = writer.writeValuesAsArray(new NonClosing(out));
            return w;
        }
    }

    /** The sequence writer closes its target at the end; stdout must stay open. */
    private static final class NonClosing extends java.io.Writer {
        private final PrintWriter w;
        NonClosing(PrintWriter w) { this.w = w; }
        @Override public void write(char[] b, int off, int len) { w.write(b, off, len); }
        @Override public void write(String s, int off, int len) { w.write(s, off, len); }
        @Override public void flush() { w.flush(); }
        @Override public void close() { w.flush(); }
    }
}
