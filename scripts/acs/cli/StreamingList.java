package acs.cli;

import acs.ApiCall;
import acs.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints a list answer element by element as it arrives, so a list of 100,000 nodes (53 MB of
 * JSON) needs no more heap than one node: json exactly as {@link Output} writes it, and tables
 * aligned on the first {@value #ALIGN_ROWS} rows (for shorter lists, exactly as {@link Table}).
 * yaml streams the same way. With --query the whole answer is needed, and {@link GlobalOptions#print} is used.
 */
public final class StreamingList {
    /** Rows buffered to choose column widths; later rows use those widths (a longer cell just pushes). */
    static final int ALIGN_ROWS = 1000;

    private StreamingList() {}

    /** Whether this run's output can be streamed. */
    public static boolean streams(GlobalOptions g) {
        return g.query == null;
    }

    /** Prints the list (streamed when possible); returns the exit code. */
    public static int print(GlobalOptions g, ApiCall<? extends List<?>> call, Table table) {
        if (!streams(g)) return g.print(call, table);
        PrintWriter out = g.out();
        if (g.output == Output.Format.json || g.output == Output.Format.yaml) {
            ArrayStream array = new ArrayStream(out, g.output == Output.Format.json ? Output.json() : Output.yaml());
            g.client().stream(call, JsonNode.class, array::add);
            array.finish();
            if (g.output == Output.Format.json) out.print("\n");
        } else {
            TableStream ts = new TableStream(out, table, g.output == Output.Format.wide);
            g.client().stream(call, JsonNode.class, ts::add);
            ts.finish();
        }
        out.flush();
        return 0;
    }

    private static final class TableStream {
        private final PrintWriter out;
        private final List<Table.Column> cols;
        private final List<List<String>> head = new ArrayList<>();
        private int[] width;

        TableStream(PrintWriter out, Table table, boolean wide) {
            this.out = out;
            this.cols = table.columns().stream().filter(c -> wide || !c.wideOnly()).toList();
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
     * The list as one json or yaml array, opened at its first element: an answer that fails
     * before it prints nothing (as the materialised output), and one that breaks off is left
     * unterminated rather than closed into a complete-looking list.
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
                if (w == null) w = writer.writeValuesAsArray(new NonClosing(out));
                w.write(item);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void finish() {
            try {
                if (w == null) w = writer.writeValuesAsArray(new NonClosing(out));
                w.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
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
