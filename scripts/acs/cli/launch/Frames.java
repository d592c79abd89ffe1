package acs.cli.launch;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The conversation between the launcher's client and a resident JVM, over a Unix socket: one
 * request (argv, the folder, the environment, whether a person is at the terminal), then frames,
 * each a type byte and its data. The client relays the resident's stdout and stderr and answers
 * its reads; the resident ends with the exit code.
 */
final class Frames {
    static final int VERSION = 1;
    /** Long-running or interactive commands, and those about the install itself: always a JVM of their own. */
    static final java.util.Set<String> NOT_SERVED = java.util.Set.of("sim", "shell", "configure", "install", "completion", "resident");

    // client → resident
    static final byte REQUEST = 'Q', INPUT = 'I', LINE = 'L', CANCEL = 'C';
    /** Instead of a request: leave now, or after the command it is running (acs resident stop). */
    static final byte STOP = 'Z';
    // resident → client
    static final byte ACCEPTED = 'A', OUT = 'O', ERR = 'E', READ = 'R', PROMPT = 'P', EXIT = 'X', DECLINED = 'N';
    /** A script called System.exit(n): the resident ends (running its shutdown hooks), and n is the exit code. */
    static final byte EXITING = 'S';

    private Frames() {}

    /**
     * Streams straight on the channel: JDK 17's {@code Channels.newInputStream} holds the channel's
     * blocking lock while it waits, so a write from another thread would wait for the next read.
     */
    static DataInputStream input(SocketChannel ch) {
        return new DataInputStream(new BufferedInputStream(new InputStream() {
            @Override public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override public int read(byte[] b, int off, int len) throws IOException {
                return len == 0 ? 0 : ch.read(ByteBuffer.wrap(b, off, len));
            }
        }));
    }

    static DataOutputStream output(SocketChannel ch) {
        return new DataOutputStream(new BufferedOutputStream(new OutputStream() {
            @Override public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer bb = ByteBuffer.wrap(b, off, len);
                while (bb.hasRemaining()) ch.write(bb);
            }
        }));
    }

    /** Bytes, or null for the end of a stream. */
    static void writeBytes(DataOutputStream out, byte type, byte[] b, int off, int len) throws IOException {
        synchronized (out) {
            out.writeByte(type);
            out.writeInt(b == null ? -1 : len);
            if (b != null) out.write(b, off, len);
            out.flush();
        }
    }

    static void writeString(DataOutputStream out, byte type, String s) throws IOException {
        synchronized (out) {
            out.writeByte(type);
            string(out, s);
            out.flush();
        }
    }

    static void writeInt(DataOutputStream out, byte type, int v) throws IOException {
        synchronized (out) {
            out.writeByte(type);
            out.writeInt(v);
            out.flush();
        }
    }

    /** A string that may be null (length -1); writeUTF stops at 64 KB. */
    static void string(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String string(DataInputStream in) throws IOException {
        byte[] b = bytes(in);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** Length-prefixed bytes; null for length -1. */
    static byte[] bytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) return null;
        if (n > 64 << 20) throw new IOException("a frame of " + n + " bytes: not an acs client or resident");
        return in.readNBytes(n);
    }
}
