package acs.journal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a JSON-lines file line by line in constant memory. A sink sees each line's bytes first
 * (so most lines of a large journal are judged without being decoded) and decodes the ones it
 * wants strictly: a line that is not valid UTF-8 is reported with its number, never fatal.
 */
final class LineScanner {
    interface Sink {
        /** Line {@code number} (from 1), its bytes {@code b[off..off+len)} without the newline; {@code line} decodes it. */
        void line(long number, byte[] b, int off, int len, Decoder line);
    }

    /** The current line: decoded (null, after telling {@code bad}, when it is not valid UTF-8), and where it starts in the file. */
    interface Decoder {
        String text();

        long offset();
    }

    interface Bad {
        void bad(long number, String why);
    }

    private LineScanner() {}

    /** Scans {@code file}; a missing file has no lines. */
    static void scan(Path file, Sink sink, Bad bad) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ)) {
            scan(ch, sink, bad);
        } catch (NoSuchFileException missing) {
            // no lines
        }
    }

    /** Scans an open file from its start (its {@link Decoder#offset()}s are positions in it). */
    static void scan(java.nio.channels.FileChannel file, Sink sink, Bad bad) throws IOException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        byte[] buf = new byte[1 << 20];
        byte[] carry = new byte[1 << 12]; // a line that spans two reads
        int carried = 0;
        long[] number = {0};
        // the line being judged: in buf, or in carry
        byte[][] at = new byte[1][];
        int[] span = new int[2];
        long[] offsets = {0, 0}; // of buf[0] in the file; of the current line
        Decoder decoder = new Decoder() {
            @Override public String text() { return decode(at[0], span[0], span[1], utf8, number[0], bad); }
            @Override public long offset() { return offsets[1]; }
        };
        file.position(0);
        InputStream in = java.nio.channels.Channels.newInputStream(file);
        {
            int n;
            while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
                int start = 0;
                for (int i = newline(buf, 0, n); i >= 0; i = newline(buf, i + 1, n)) {
                    number[0]++;
                    if (carried > 0) {
                        offsets[1] = offsets[0] - carried;
                        int add = i - start;
                        if (carried + add > carry.length) carry = java.util.Arrays.copyOf(carry, Math.max(carry.length * 2, carried + add));
                        System.arraycopy(buf, start, carry, carried, add);
                        at[0] = carry;
                        span[0] = 0;
                        span[1] = carried + add;
                        carried = 0;
                    } else {
                        offsets[1] = offsets[0] + start;
                        at[0] = buf;
                        span[0] = start;
                        span[1] = i - start;
                    }
                    if (span[1] > 0) sink.line(number[0], at[0], span[0], span[1], decoder);
                    start = i + 1;
                }
                int rest = n - start;
                if (carried + rest > carry.length) carry = java.util.Arrays.copyOf(carry, Math.max(carry.length * 2, carried + rest));
                System.arraycopy(buf, start, carry, carried, rest);
                carried += rest;
                offsets[0] += n;
            }
        }
        if (carried > 0) { // a last line without its newline: torn, or written by hand
            number[0]++;
            offsets[1] = offsets[0] - carried;
            at[0] = carry;
            span[0] = 0;
            span[1] = carried;
            sink.line(number[0], carry, 0, carried, decoder);
        }
    }

    /**
     * Where the next newline is in {@code b[from..to)}, or -1. A small method of its own, called per
     * line, so that it is compiled early: the scan itself runs once per file, and its loop would
     * otherwise run interpreted over megabytes until the JIT replaces it (measured: most of a
     * compaction's CPU in a fresh JVM with the launcher's C1).
     */
    static int newline(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) if (b[i] == '\n') return i;
        return -1;
    }

    /** Reads {@code len} bytes at {@code offset} of {@code file} and decodes them strictly; null when not valid UTF-8. */
    static String read(java.nio.channels.FileChannel file, long offset, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len);
        while (b.hasRemaining() && file.read(b, offset + b.position()) > 0) { }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(b.flip()).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String decode(byte[] b, int off, int len, CharsetDecoder utf8, long number, Bad bad) {
        boolean ascii = true;
        for (int i = off; i < off + len && ascii; i++) ascii = b[i] >= 0;
        if (ascii) return new String(b, off, len, StandardCharsets.ISO_8859_1);
        try {
            return utf8.reset().decode(ByteBuffer.wrap(b, off, len)).toString();
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
    static String peek(byte[] b, int off, int len, byte[] key, boolean last) {
        int from = valueAt(b, off, len, key, last);
        if (from < 0) return null;
        for (int i = from; i < off + len; i++) if (b[i] == '"') return new String(b, from, i - from, StandardCharsets.ISO_8859_1);
        return null;
    }

    /** Where the value of the string field {@code key} starts in {@code b}, or -1. */
    static int valueAt(byte[] b, int off, int len, byte[] key, boolean last) {
        int at = last ? lastIndexOf(b, off, len, key) : indexOf(b, off, len, key);
        return at < 0 ? -1 : at + key.length;
    }

    /** Whether the value starting at {@code from} is exactly {@code value} (no allocation). */
    static boolean valueIs(byte[] b, int off, int len, int from, byte[] value) {
        if (from < 0 || from + value.length >= off + len || b[from + value.length] != '"') return false;
        for (int i = 0; i < value.length; i++) if (b[from + i] != value[i]) return false;
        return true;
    }

    /** Whether the string field at {@code key} has exactly the value {@code value} (no allocation). */
    static boolean peekEquals(byte[] b, int off, int len, byte[] key, byte[] value, boolean last) {
        return valueIs(b, off, len, valueAt(b, off, len, key, last), value);
    }

    static byte[] key(String name) {
        return ("\"" + name + "\":\"").getBytes(StandardCharsets.US_ASCII);
    }

    private static int indexOf(byte[] b, int off, int len, byte[] k) {
        outer:
        for (int i = off; i <= off + len - k.length; i++) {
            if (b[i] != k[0]) continue;
            for (int j = 1; j < k.length; j++) if (b[i + j] != k[j]) continue outer;
            return i;
        }
        return -1;
    }

    private static int lastIndexOf(byte[] b, int off, int len, byte[] k) {
        outer:
        for (int i = off + len - k.length; i >= off; i--) {
            if (b[i] != k[0]) continue;
            for (int j = 1; j < k.length; j++) if (b[i + j] != k[j]) continue outer;
            return i;
        }
        return -1;
    }
}
