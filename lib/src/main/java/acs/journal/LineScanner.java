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
 * Reads a JSON-lines file line by line in constant memory, each line decoded strictly: a line
 * that is not valid UTF-8 is reported with its number and skipped, never fatal to the rest.
 */
final class LineScanner {
    interface Sink {
        /** A decoded line (without its newline), numbered from 1. */
        void line(long number, String line);

        /** A line that could not be decoded. */
        void bad(long number, String why);
    }

    private LineScanner() {}

    /** Scans {@code file}; a missing file has no lines. */
    static void scan(Path file, Sink sink) throws IOException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        byte[] buf = new byte[1 << 16];
        byte[] line = new byte[1 << 12];
        int len = 0;
        long number = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '\n') {
                        emit(++number, line, len, utf8, sink);
                        len = 0;
                        continue;
                    }
                    if (len == line.length) line = java.util.Arrays.copyOf(line, line.length * 2);
                    line[len++] = b;
                }
            }
        } catch (NoSuchFileException missing) {
            return;
        }
        if (len > 0) emit(++number, line, len, utf8, sink); // a last line without its newline: torn, or written by hand
    }

    private static void emit(long number, byte[] line, int len, CharsetDecoder utf8, Sink sink) {
        if (len == 0) return;
        if (ascii(line, len)) {
            sink.line(number, new String(line, 0, len, StandardCharsets.ISO_8859_1));
            return;
        }
        try {
            sink.line(number, utf8.reset().decode(ByteBuffer.wrap(line, 0, len)).toString());
        } catch (CharacterCodingException e) {
            sink.bad(number, "is not valid UTF-8");
        }
    }

    private static boolean ascii(byte[] b, int len) {
        for (int i = 0; i < len; i++) if (b[i] < 0) return false;
        return true;
    }
}
