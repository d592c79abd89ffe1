package acs.cli.launch;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.cli.Terminal;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a command in the resident sees of its client (Relay), and the resident's re-entrant entry (Resident.execute). */
class RelayAndExecuteTest {
    final ByteArrayOutputStream wire = new ByteArrayOutputStream();
    final DataOutputStream out = new DataOutputStream(wire);

    record Frame(char type, String data) {}

    /** The frames written so far, their data as text (an int as its digits). */
    List<Frame> frames() throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(wire.toByteArray()));
        List<Frame> frames = new ArrayList<>();
        int type;
        while ((type = in.read()) >= 0) {
            String data = switch (type) {
                case Frames.READ -> Integer.toString(in.readInt());
                default -> {
                    byte[] b = Frames.bytes(in);
                    yield b == null ? null : new String(b, UTF_8);
                }
            };
            frames.add(new Frame((char) type, data));
        }
        return frames;
    }

    @Test void output_goes_out_in_frames_of_its_stream_and_nothing_for_nothing() throws IOException {
        Relay r = new Relay(out, false);
        r.stdout.print("one");
        r.stdout.println();
        r.stderr.write('!');
        r.stderr.flush();
        r.stdout.write(new byte[0], 0, 0);
        r.stdout.flush();
        assertThat(frames()).extracting(Frame::type).containsOnly('O', 'E').endsWith('E');
        assertThat(frames()).extracting(Frame::data).doesNotContain("");
        assertThat(frames().stream().filter(f -> f.type() == 'O').map(Frame::data).reduce("", String::concat)).isEqualTo("one\n");
        assertThat(frames().stream().filter(f -> f.type() == 'E').map(Frame::data).toList()).containsExactly("!");
    }

    @Test void output_is_in_the_jvms_stdout_encoding() throws IOException {
        String was = System.getProperty("stdout.encoding");
        try {
            System.setProperty("stdout.encoding", "ISO-8859-1");
            Relay latin = new Relay(out, false);
            latin.stdout.print("é\n");
            System.setProperty("stdout.encoding", "no-such-charset");
            Relay fallback = new Relay(out, false);
            fallback.stdout.print("é\n");
        } finally {
            if (was == null) System.clearProperty("stdout.encoding");
            else System.setProperty("stdout.encoding", was);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(wire.toByteArray()));
        in.readByte();
        assertThat(Frames.bytes(in)).containsExactly(0xE9, '\n');
        in.readByte();
        assertThat(new String(Frames.bytes(in), java.nio.charset.Charset.defaultCharset())).isEqualTo("é\n");
    }

    @Test void a_question_flushes_the_output_asks_the_client_and_returns_its_answer() throws IOException {
        Relay r = new Relay(out, true);
        assertThat(r.interactive()).isTrue();
        assertThat(new Relay(out, false).interactive()).isFalse();
        r.lineArrived("yes");
        r.lineArrived(null);
        r.stdout.print("3 nodes");
        r.stdout.write('.');   // a byte: no flush of its own
        r.stderr.write('!');
        assertThat(r.readLine("Stop them? ")).isEqualTo("yes");
        assertThat(r.readLine("Again? ")).isNull();
        assertThat(frames()).containsExactly(new Frame('O', "3 nodes"), new Frame('O', "."), new Frame('E', "!"), new Frame('P', "Stop them? "),
                new Frame('P', "Again? "));
    }

    @Test void a_question_interrupted_or_unsendable_has_no_answer() {
        Relay r = new Relay(out, true);
        Thread.currentThread().interrupt();
        assertThat(r.readLine("?")).isNull();
        assertThat(Thread.interrupted()).as("still interrupted").isTrue();

        Relay broken = new Relay(new DataOutputStream(new OutputStream() {
            @Override public void write(int b) throws IOException {
                throw new IOException("client gone");
            }
        }), true);
        broken.lineArrived("never read");
        assertThat(broken.readLine("?")).isNull();
    }

    @Test void stdin_asks_the_client_for_at_most_what_is_read_and_ends_once() throws IOException {
        Relay r = new Relay(out, false);
        r.inputArrived("a".getBytes(UTF_8));
        r.inputArrived("bc".getBytes(UTF_8));
        r.inputArrived(null);
        assertThat(r.stdin.read()).isEqualTo('a');
        byte[] buf = new byte[10];
        assertThat(r.stdin.read(buf, 3, 7)).isEqualTo(2);
        assertThat(new String(buf, 3, 2, UTF_8)).isEqualTo("bc");
        assertThat(r.stdin.read(buf, 0, 0)).isZero();
        assertThat(r.stdin.read(buf, 0, 10)).isEqualTo(-1);
        assertThat(r.stdin.read()).isEqualTo(-1);
        assertThat(frames()).containsExactly(new Frame('R', "1"), new Frame('R', "7"), new Frame('R', "10"));

        Relay high = new Relay(out, false);
        high.inputArrived(new byte[] {(byte) 0xff});
        assertThat(high.stdin.read()).isEqualTo(0xff);
    }

    @Test void a_read_interrupted_is_an_interrupted_io_exception_and_stays_interrupted() {
        Relay r = new Relay(out, false);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> r.stdin.read()).isInstanceOf(InterruptedIOException.class)
                    .hasMessage("interrupted while reading standard input");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    /** A terminal that answers its questions from a list and records them. */
    static final class Scripted implements Terminal {
        final boolean interactive;
        final List<String> asked = new ArrayList<>();

        Scripted(boolean interactive) {
            this.interactive = interactive;
        }

        @Override public boolean interactive() {
            return interactive;
        }

        @Override public String readLine(String prompt) {
            asked.add(prompt);
            return "n";
        }
    }

    record Ran(int exit, String out, String err) {}

    /** Resident.execute with buffered streams that only a flush empties. */
    static Ran execute(Terminal t, InputStream stdin, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        PrintStream so = new PrintStream(new BufferedOutputStream(o, 1 << 16), false, UTF_8), se = new PrintStream(new BufferedOutputStream(e, 1 << 16), false, UTF_8);
        int code = Resident.execute(args, so, se, stdin, t);
        return new Ran(code, o.toString(UTF_8), e.toString(UTF_8));
    }

    @Test void a_command_runs_on_the_given_streams_which_are_flushed_and_the_jvms_put_back() {
        PrintStream sysOut = System.out, sysErr = System.err;
        InputStream sysIn = System.in;
        Scripted t = new Scripted(false);

        Ran help = execute(t, InputStream.nullInputStream(), "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Usage: acs").doesNotContain("\u001B[");
        Ran bad = execute(t, InputStream.nullInputStream(), "node-get");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("Missing required parameter: 'NODE_ID'");

        assertThat(System.out).isSameAs(sysOut);
        assertThat(System.err).isSameAs(sysErr);
        assertThat(System.in).isSameAs(sysIn);
        assertThat(Terminal.current()).isNotSameAs(t);
        assertThat(System.getProperty("picocli.ansi")).isNull();
    }

    @Test void help_on_the_clients_terminal_is_in_colour_for_that_command_only() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("picocli.ansi") == null && !"0".equals(System.getenv("CLICOLOR")));
        Ran help = execute(new Scripted(true), InputStream.nullInputStream(), "--help");
        assertThat(help.out()).contains("\u001B[");
        assertThat(System.getProperty("picocli.ansi")).isNull();

        System.setProperty("picocli.ansi", "false");
        try {
            Ran plain = execute(new Scripted(true), InputStream.nullInputStream(), "--help");
            assertThat(plain.out()).as("the user's picocli.ansi wins").doesNotContain("\u001B[");
            assertThat(System.getProperty("picocli.ansi")).isEqualTo("false");
        } finally {
            System.clearProperty("picocli.ansi");
        }
    }

    @Test void the_commands_terminal_is_the_one_given() {
        Scripted t = new Scripted(true);
        Ran r = execute(t, new ByteArrayInputStream("x\n".getBytes(UTF_8)), "container-stop", "16237", "--endpoint", "http://127.0.0.1:9",
                "--access-key", "k", "--secret-key-stdin");
        assertThat(t.asked).as(r.toString()).hasSize(1);
        assertThat(t.asked.get(0)).contains("16237");
        assertThat(r.exit()).isNotZero();
    }

    @Test void whatever_the_command_throws_is_an_unexpected_error_with_exit_1() {
        PrintStream sysOut = System.out;
        Terminal failing = new Terminal() {
            @Override public boolean interactive() {
                throw new IllegalStateException("no terminal today");
            }

            @Override public String readLine(String prompt) {
                return null;
            }
        };
        Ran r = execute(failing, InputStream.nullInputStream(), "--help");
        assertThat(r).isEqualTo(new Ran(1, "", "acs: unexpected error: java.lang.IllegalStateException: no terminal today\n"));
        assertThat(System.out).isSameAs(sysOut);
        assertThat(Terminal.current()).isNotSameAs(failing);
    }
}
