package acs.cli.launch;

import acs.cli.Terminal;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The client's stdin, stdout, stderr and terminal as a command in the resident sees them: output
 * goes out in frames, a read or a question asks the client and waits for its answer (which the
 * resident's reader thread hands over with {@link #answer}).
 */
final class Relay implements Terminal {
    private final DataOutputStream out;
    private final boolean interactive;
    private final BlockingQueue<Optional<byte[]>> input = new LinkedBlockingQueue<>();
    private final BlockingQueue<Optional<String>> lines = new LinkedBlockingQueue<>();
    final PrintStream stdout, stderr;
    final InputStream stdin = new In();

    Relay(DataOutputStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
        Charset cs = charset();
        stdout = new PrintStream(new java.io.BufferedOutputStream(new Out(Frames.OUT), 8192), true, cs);
        stderr = new PrintStream(new java.io.BufferedOutputStream(new Out(Frames.ERR), 8192), true, cs);
    }

    /** The JVM's own rule for its standard streams. */
    private static Charset charset() {
        String name = System.getProperty("stdout.encoding", System.getProperty("sun.stdout.encoding"));
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }

    void inputArrived(byte[] bytes) {
        input.add(Optional.ofNullable(bytes));
    }

    void lineArrived(String line) {
        lines.add(Optional.ofNullable(line));
    }

    @Override public boolean interactive() {
        return interactive;
    }

    @Override public String readLine(String prompt) {
        stdout.flush();
        stderr.flush();
        try {
            Frames.writeString(out, Frames.PROMPT, prompt);
            return lines.take().orElse(null);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private final class Out extends OutputStream {
        private final byte type;

        Out(byte type) {
            this.type = type;
        }

        @Override public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            if (len > 0) Frames.writeBytes(out, type, b, off, len);
        }
    }

    private final class In extends InputStream {
        private boolean ended;

        @Override public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override public synchronized int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            if (ended) return -1;
            Frames.writeInt(out, Frames.READ, len);
            try {
                byte[] got = input.take().orElse(null);
                if (got == null) {
                    ended = true;
                    return -1;
                }
                System.arraycopy(got, 0, b, off, got.length);
                return got.length;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading standard input");
            }
        }
    }
}
