package acs.journal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a JSON-lines file line by line in constant memory. A sink sees each line's bytes first
 * (so most lines of a large journal are judged without being decoded) and decodes the ones it
 * wants strictly: a line that is not valid UTF-8 is reported with its number, never fatal.
 */
final class LineScanner {
    interface Sink {
        /** Line {@code number} (from 1), its bytes {@code b[0..len)} without the newline; {@code line} decodes it. */
        void line(long number, byte[] b, int len, Decoder line);
    }

    /** Decodes the current line: null (after telling {@code bad}) when it is not valid UTF-8. */
    interface Decoder {
        String text();
    }

    interface Bad {
        void bad(long number, String why);
    }

    private LineScanner() {}

    /** Scans {@code file}; a missing file has no lines. */
    static void scan(Path file, Sink sink, Bad bad) throws IOException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        byte[] buf = new byte[1 << 16];
        byte[][] line = {new byte[1 << 12]};
        int len = 0;
        long[] number = {0};
        int[] cur = {0};
        Decoder decoder = () -> decode(line[0], cur[0], utf8, number[0], bad);
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buf[i] != '\n') continue;
                    int add = i - start;
                    if (len + add > line[0].length) line[0] = java.util.Arrays.copyOf(line[0], Math.max(line[0].length * 2, len + add));
                    System.arraycopy(buf, start, line[0], len, add);
                    len += add;
                    number[0]++;
                    if (len > 0) {
                        cur[0] = len;
                        sink.line(number[0], line[0], len, decoder);
                    }
                    len = 0;
                    start = i + 1;
                }
                int rest = n - start;
                if (len + rest > line[0].length) line[0] = java.util.Arrays.copyOf(line[0], Math.max(line[0].length * 2, len + rest));
                System.arraycopy(buf, start, line[0], len, rest);
                len += rest;
            }
        } catch (NoSuchFileException missing) {
            return;
        }
        if (len > 0) { // a last line without its newline: torn, or written by hand
            number[0]++;
            cur[0] = len;
            sink.line(number[0], line[0], len, decoder);
        }
    }

    private static String decode(byte[] b, int len, CharsetDecoder utf8, long number, Bad bad) {
        boolean ascii = true;
        for (int i = 0; i < len && ascii; i++) ascii = b[i] >= 0;
        if (ascii) return new String(b, 0, len, StandardCharsets.ISO_8859_1);
        try {
            return utf8.reset().decode(ByteBuffer.wrap(b, 0, len)).toString();
        } catch (CharacterCodingException e) {
            bad.bad(number, "is not valid UTF-8");
            return null;
        }
    }

    /**
     * The value of a top-level string field as the journal writes it ({@code "name":"value"}, no
     * escapes in ids, states and run ids), from a line's bytes; null when absent.
     * {@code last}: the last occurrence (a field written last, after parameters that may share its name).
     */
    static String peek(byte[] b, int len, byte[] key, boolean last) {
        int at = last ? lastIndexOf(b, len, key) : indexOf(b, len, key, 0);
        if (at < 0) return null;
        int from = at + key.length;
        for (int i = from; i < len; i++) if (b[i] == '"') return new String(b, from, i - from, StandardCharsets.ISO_8859_1);
        return null;
    }

    /** Whether the string field at {@code key} has exactly the value {@code value} (no allocation). */
    static boolean peekEquals(byte[] b, int len, byte[] key, byte[] value, boolean last) {
        int at = last ? lastIndexOf(b, len, key) : indexOf(b, len, key, 0);
        if (at < 0) return false;
        int from = at + key.length;
        if (from + value.length >= len || b[from + value.length] != '"') return false;
        for (int i = 0; i < value.length; i++) if (b[from + i] != value[i]) return false;
        return true;
    }

    static byte[] key(String name) {
        return ("\"" + name + "\":\"").getBytes(StandardCharsets.US_ASCII);
    }

    private static int indexOf(byte[] b, int len, byte[] k, int from) {
        outer:
        for (int i = from; i <= len - k.length; i++) {
            if (b[i] != k[0]) continue;
            for (int j = 1; j < k.length; j++) if (b[i + j] != k[j]) continue outer;
            return i;
        }
        return -1;
    }

    private static int lastIndexOf(byte[] b, int len, byte[] k) {
        outer:
        for (int i = len - k.length; i >= 0; i--) {
            if (b[i] != k[0]) continue;
            for (int j = 1; j < k.length; j++) if (b[i + j] != k[j]) continue outer;
            return i;
        }
        return -1;
    }
}
