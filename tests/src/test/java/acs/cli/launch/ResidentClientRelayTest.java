package acs.cli.launch;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's side of the conversation against a scripted resident (the frames a resident sends,
 * its ending early or oddly): what the user sees on stdout and stderr and the exit code.
 */
class ResidentClientRelayTest {
    static final Identity ME = new Identity("tk", "/jdk", "/folder", new TreeMap<>(Map.of("HOME", "/home/me")));

    @TempDir Path dir;
    Path socket;
    ServerSocketChannel server;
    Thread resident;
    final AtomicReference<Throwable> failed = new AtomicReference<>();

    /** What the scripted resident got: the request's identity, args, and the client's answers. */
    Identity theirs;
    final List<String> args = new ArrayList<>();
    final List<String> answers = new ArrayList<>();

    interface Script {
        void play(DataInputStream in, DataOutputStream out) throws IOException;
    }

    @BeforeEach void listen() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        socket = dir.resolve("k.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
    }

    @AfterEach void close() throws Exception {
        if (resident != null) resident.join(30_000);
        server.close();
        if (failed.get() != null) throw new AssertionError("the scripted resident failed", failed.get());
    }

    void resident(Script script) {
        resident = new Thread(() -> {
            try (SocketChannel ch = server.accept()) {
                DataInputStream in = Frames.input(ch);
                DataOutputStream out = Frames.output(ch);
                assertThat(in.readByte()).isEqualTo(Frames.REQUEST);
                assertThat(in.readInt()).isEqualTo(Frames.VERSION);
                theirs = Identity.read(in);
                int n = in.readInt();
                for (int i = 0; i < n; i++) args.add(Frames.string(in));
                assertThat(in.readBoolean()).as("no console in a test").isFalse();
                script.play(in, out);
            } catch (Throwable e) {
                failed.set(e);
            }
        }, "test-scripted-resident");
        resident.start();
    }

    record Run(int exit, String out, String err) {}

    Run client(String stdin, String... argv) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try (SocketChannel ch = ResidentClient.connect(dir, socket, true)) {
            assertThat(ch).isNotNull();
            int code = ResidentClient.converse(ch, ME, argv, dir, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8),
                    new ByteArrayInputStream(stdin.getBytes(UTF_8)));
            return new Run(code, out.toString(UTF_8), err.toString(UTF_8));
        }
    }

    static void accept(DataOutputStream out) throws IOException {
        Frames.writeBytes(out, Frames.ACCEPTED, new byte[0], 0, 0);
    }

    static void out(DataOutputStream out, byte type, String s) throws IOException {
        byte[] b = s.getBytes(UTF_8);
        Frames.writeBytes(out, type, b, 0, b.length);
    }

    @Test void sends_its_identity_and_arguments_and_relays_output_errors_and_the_exit_code() throws Exception {
        resident((in, out) -> {
            accept(out);
            out(out, Frames.OUT, "nodes\n");
            out(out, Frames.ERR, "acs: a warning\n");
            out(out, Frames.OUT, "héllo ✓\n");
            Frames.writeInt(out, Frames.EXIT, 3);
        });
        Run r = client("", "node-list", "a b", "");

        assertThat(r).isEqualTo(new Run(3, "nodes\nhéllo ✓\n", "acs: a warning\n"));
        assertThat(args).containsExactly("node-list", "a b", "");
        assertThat(theirs).isEqualTo(ME);
    }

    @Test void answers_the_residents_reads_from_its_stdin_then_says_it_ended() throws Exception {
        resident((in, out) -> {
            accept(out);
            for (int i = 0; i < 3; i++) {
                Frames.writeInt(out, Frames.READ, i == 0 ? 4 : 1000);
                assertThat(in.readByte()).isEqualTo(Frames.INPUT);
                byte[] b = Frames.bytes(in);
                answers.add(b == null ? "(end)" : new String(b, UTF_8));
            }
            Frames.writeInt(out, Frames.EXIT, 0);
        });
        Run r = client("secret-key\n");

        assertThat(r.exit()).isZero();
        assertThat(answers).containsExactly("secr", "et-key\n", "(end)");
    }

    @Test void a_question_without_a_console_is_answered_with_no_line() throws Exception {
        resident((in, out) -> {
            accept(out);
            Frames.writeString(out, Frames.PROMPT, "Delete 3 nodes? [y/N] ");
            assertThat(in.readByte()).isEqualTo(Frames.LINE);
            answers.add(String.valueOf(Frames.string(in)));
            Frames.writeInt(out, Frames.EXIT, 1);
        });
        Run r = client("y\n");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(answers).containsExactly("null");
    }

    @Test void a_script_that_called_system_exit_ends_with_its_code() throws Exception {
        resident((in, out) -> {
            accept(out);
            out(out, Frames.OUT, "bye\n");
            Frames.writeInt(out, Frames.EXITING, 42);
        });
        Run r = client("", "run", "x.groovy");

        assertThat(r.exit()).isEqualTo(42);
        assertThat(r.out()).isEqualTo("bye\n");
        assertThat(r.err()).isEmpty();
    }

    @Test void a_resident_that_dies_mid_command_is_reported_with_what_to_check() throws Exception {
        resident((in, out) -> {
            accept(out);
            out(out, Frames.OUT, "partial\n");
        });
        Run r = client("", "node-deploy", "1");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("acs: the resident JVM ended before the command did (its log: " + dir
                + "); the command may have made changes: check with 'acs journal --pending'\n");
    }

    @Test void a_run_announced_before_the_resident_died_is_named_with_its_resume() throws Exception {
        String filler = "x".repeat(500) + "\n";
        resident((in, out) -> {
            accept(out);
            out(out, Frames.ERR, filler);
            out(out, Frames.ERR, "acs: run r-old (resume with: acs resume r-old)\nacs: run 20261207-1 (resu");
            out(out, Frames.ERR, "me with: acs resume 20261207-1)\n");
            out(out, Frames.ERR, filler);
        });
        Run r = client("", "fleet-deploy");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).endsWith("acs: the resident JVM ended before the command did (its log: " + dir + "); run 20261207-1 may have made "
                + "changes: 'acs journal --pending' lists what is unknown, 'acs resume 20261207-1' finishes it (nothing is sent twice)\n");
    }

    @Test void a_run_line_split_across_frames_after_much_output_is_still_found() throws Exception {
        resident((in, out) -> {
            accept(out);
            out(out, Frames.ERR, "y".repeat(450) + "acs: run 20261207-2 (resu");
            out(out, Frames.ERR, "me with: acs resume 20261207-2)\n");
        });
        Run r = client("", "fleet-deploy");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("run 20261207-2 may have made changes");
    }

    @Test void an_unknown_frame_after_acceptance_is_a_lost_resident_never_a_second_run() throws Exception {
        resident((in, out) -> {
            accept(out);
            out.writeByte('?');
            out.flush();
        });
        Run r = client("", "node-deploy", "1");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("acs: lost the resident JVM running the command (java.io.IOException: unknown frame 63); ")
                .endsWith("check with 'acs journal --pending'\n");
    }

    @Test void a_resident_that_declines_or_closes_before_accepting_leaves_the_command_to_the_launcher() throws Exception {
        resident((in, out) -> Frames.writeString(out, Frames.DECLINED, "busy"));
        assertThat(client("", "node-list")).isEqualTo(new Run(ResidentClient.DIRECT, "", ""));
        resident.join(30_000);

        resident((in, out) -> { });
        assertThat(client("", "node-list")).isEqualTo(new Run(ResidentClient.DIRECT, "", ""));
    }
}
