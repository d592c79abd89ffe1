package acs.cli.launch;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import acs.sim.Simulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resident and its client in this JVM, over a Unix socket in a temporary folder: the resident's
 * serve loop on a thread of the test's (as its main loop starts one per client), the client either
 * {@link ResidentClient}'s conversation or the frames written by hand. The resident's way out
 * (System.exit in its own JVM) is recorded instead.
 */
class ResidentInProcessTest {
    static final Identity ME = new Identity("/install/acs.d/installed@1:2\n", "/jdk", "/work/folder",
            new TreeMap<>(Map.of("HOME", "/home/me", "ACS_PROFILE", "ops", "(resident) scripts", "false")));

    @TempDir Path dir;
    Path socket;
    ServerSocketChannel server;
    Resident resident;
    final BlockingQueue<Integer> exits = new LinkedBlockingQueue<>();
    final List<Thread> serving = new ArrayList<>();
    Simulator sim;
    /** The resident's log (its JVM's stdout, the file its client opened for it). */
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream logWas;

    String log() {
        synchronized (log) {
            return log.toString(UTF_8);
        }
    }

    @BeforeEach void listen() throws IOException {
        logWas = Resident.log;
        Resident.log = new PrintStream(new java.io.BufferedOutputStream(log), false, UTF_8);   // only what it flushes is in the log
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        socket = dir.resolve("0123456789abcdef.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        resident = new Resident(ME, socket, Duration.ofMinutes(7), exits::add);
        sim = Simulator.start();
    }

    @AfterEach void close() throws Exception {
        for (Thread t : serving) {
            t.join(30_000);
            assertThat(t.isAlive()).as("the resident's command thread ended").isFalse();
        }
        server.close();
        sim.close();
        Resident.log = logWas;
    }

    /** The resident takes the next client on a thread of its own, as its main loop does. */
    Thread serveNext() {
        Thread t = new Thread(() -> {
            try {
                resident.serve(server.accept());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "test-resident-command");
        t.start();
        serving.add(t);
        return t;
    }

    record Run(int exit, String out, String err) {}

    /** ResidentClient's conversation with the resident: its exit code and what it wrote to stdout and stderr. */
    Run client(Identity who, String stdin, String... args) throws IOException, InterruptedException {
        Thread command = serveNext();
        try {
            return converse(who, stdin, args);
        } finally {
            command.join(30_000);   // the resident is busy until its command's end, a little after the exit code
        }
    }

    Run converse(Identity who, String stdin, String... args) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try (SocketChannel ch = ResidentClient.connect(dir, socket, true)) {
            assertThat(ch).as("connected to the resident").isNotNull();
            int code = ResidentClient.converse(ch, who, args, dir, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8),
                    new ByteArrayInputStream(stdin.getBytes(UTF_8)));
            return new Run(code, out.toString(UTF_8), err.toString(UTF_8));
        }
    }

    String[] against(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint", sim.endpoint().toString(), "--access-key", sim.accessKey(), "--secret-key-stdin"));
        return all.toArray(String[]::new);
    }

    /** Whether the other end closed the connection (once all it sent was read); never waits. */
    static boolean closed(SocketChannel ch) throws IOException {
        ch.configureBlocking(false);
        return ch.read(java.nio.ByteBuffer.allocate(1)) == -1;
    }

    static SocketChannel raw(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        return ch;
    }

    static void request(DataOutputStream out, Identity who, String... args) throws IOException {
        request(out, who, false, args);
    }

    static void request(DataOutputStream out, Identity who, boolean interactive, String... args) throws IOException {
        out.writeByte(Frames.REQUEST);
        out.writeInt(Frames.VERSION);
        who.write(out);
        out.writeInt(args.length);
        for (String a : args) Frames.string(out, a);
        out.writeBoolean(interactive);
        out.flush();
    }

    /** Why the resident declined a request from {@code who} (null: it accepted). */
    String declined(Identity who, String... args) throws IOException, InterruptedException {
        Thread t = serveNext();
        try (SocketChannel ch = raw(socket)) {
            DataOutputStream out = Frames.output(ch);
            DataInputStream in = Frames.input(ch);
            request(out, who, args);
            byte type = in.readByte();
            String why = type == Frames.DECLINED ? Frames.string(in) : null;
            t.join(30_000);   // logged after the answer
            assertThat(closed(ch)).as("the resident hung up").isTrue();
            return why;
        } finally {
            t.join(30_000);
        }
    }

    Properties info() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Residents.info(socket))) {
            p.load(r);
        }
        return p;
    }

    void commandsEnded() throws InterruptedException {
        for (Thread t : serving) t.join(30_000);
    }

    @Test void runs_a_command_with_the_clients_stdin_and_relays_its_output_and_exit_code() throws Exception {
        Run r = client(ME, sim.secretKey() + "\n", against("node-get", "610474", "-o", "json"));

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("\"id\"").contains("610474");
        assertThat(r.err()).doesNotContain(sim.secretKey());
        assertThat(exits).isEmpty();
        commandsEnded();
        assertThat(log()).as("the command's name and exit code, never its arguments").containsPattern("node-get: exit 0 in \\d+ ms\n")
                .doesNotContain("610474").doesNotContain(sim.secretKey());
    }

    @Test void relays_the_commands_errors_and_its_exit_code() throws Exception {
        Run r = client(ME, "", "node-get");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required parameter: 'NODE_ID'");
        assertThat(r.out()).isEmpty();
    }

    @Test void after_a_command_its_info_file_counts_it_and_acs_resident_list_shows_it() throws Exception {
        client(ME, "", "node-get");
        client(ME, "", "--version");
        commandsEnded();

        Properties p = info();
        assertThat(p.getProperty("commands")).isEqualTo("2");
        assertThat(p.getProperty("folder")).isEqualTo("/work/folder");
        assertThat(p.getProperty("scripts")).isEqualTo("false");
        assertThat(p.getProperty("idleLimit")).isEqualTo("7m");
        assertThat(p.getProperty("pid")).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        assertThat(p.toString()).doesNotContain("/home/me").doesNotContain("ops");

        List<Residents.Info> live = Residents.list(dir);
        assertThat(live).hasSize(1);
        Residents.Info i = live.get(0);
        assertThat(i.key()).isEqualTo("0123456789abcdef");
        assertThat(i.commands()).isEqualTo(2);
        assertThat(i.folder()).isEqualTo("/work/folder");
        assertThat(i.idleLimit()).isEqualTo("7m");
        assertThat(i.socket()).isEqualTo(socket);
        assertThat(i.lastUsed()).isAfterOrEqualTo(i.started());
        assertThat(i.rssKb()).isPositive();
    }

    @Test void a_resident_of_scripts_says_so_in_its_info() throws Exception {
        Map<String, String> env = new TreeMap<>(ME.env());
        env.put("(resident) scripts", "true");
        Identity scripts = new Identity(ME.toolkit(), ME.javaHome(), ME.folder(), env);
        resident = new Resident(scripts, socket, Duration.ofSeconds(90), exits::add);
        resident.writeInfo();

        assertThat(info().getProperty("scripts")).isEqualTo("true");
        assertThat(info().getProperty("commands")).isEqualTo("0");
        assertThat(info().getProperty("idleLimit")).isEqualTo("90s");
    }

    @Test void declines_another_identity_naming_what_differs_but_never_a_value() throws Exception {
        assertThat(declined(new Identity("other", ME.javaHome(), ME.folder(), ME.env()), "--version")).isEqualTo("another toolkit install");
        assertThat(declined(new Identity(ME.toolkit(), "/other-jdk", ME.folder(), ME.env()), "--version")).isEqualTo("another JDK");
        assertThat(declined(new Identity(ME.toolkit(), ME.javaHome(), "/elsewhere", ME.env()), "--version")).isEqualTo("another folder");
        Map<String, String> env = new TreeMap<>(ME.env());
        env.put("HOME", "/home/secret-value");
        env.put("ACS_SECRET_KEY", "s3cr3t");
        assertThat(declined(new Identity(ME.toolkit(), ME.javaHome(), ME.folder(), env), "--version"))
                .isEqualTo("other values of [ACS_SECRET_KEY, HOME]");
    }

    @Test void the_client_runs_a_declined_command_in_a_jvm_of_its_own() throws Exception {
        Run other = client(new Identity(ME.toolkit(), ME.javaHome(), "/elsewhere", ME.env()), "", "--version");
        assertThat(other.exit()).isEqualTo(ResidentClient.DIRECT);
        assertThat(other.out()).isEmpty();
        assertThat(other.err()).isEmpty();

        for (String own : List.of("sim", "shell", "configure", "install", "completion", "resident")) {
            assertThat(declined(ME, own)).isEqualTo(own + " runs in a JVM of its own");
        }
        commandsEnded();
        assertThat(Files.exists(Residents.info(socket))).as("no command counted").isFalse();
    }

    @Test void declines_a_client_of_another_version() throws Exception {
        for (int first : List.of((int) Frames.REQUEST, (int) 'x')) {
            serveNext();
            try (SocketChannel ch = raw(socket)) {
                DataOutputStream out = Frames.output(ch);
                DataInputStream in = Frames.input(ch);
                out.writeByte(first);
                out.writeInt(Frames.VERSION + 1);
                out.flush();
                assertThat(in.readByte()).isEqualTo(Frames.DECLINED);
                assertThat(Frames.string(in)).isEqualTo("a client of another version");
            }
        }
    }

    @Test void acs_resident_stop_ends_an_idle_resident_at_once() throws Exception {
        serveNext();
        try (SocketChannel ch = raw(socket)) {
            DataOutputStream out = Frames.output(ch);
            out.writeByte(Frames.STOP);
            out.flush();
            DataInputStream in = Frames.input(ch);
            assertThat(in.readByte()).isEqualTo(Frames.EXIT);
            assertThat(Frames.string(in)).isEqualTo("stopped");
            commandsEnded();
            assertThat(closed(ch)).isTrue();
        }
        assertThat(exits.poll(10, TimeUnit.SECONDS)).isZero();
        assertThat(declined(ME, "--version")).as("a client that comes meanwhile").isEqualTo("leaving");
        assertThat(log()).contains(" leaving: stopped (acs resident stop)\n").contains(" declined: leaving\n");
    }

    /** A client that sent node-get and holds the command at its read of the secret. */
    final class Held implements AutoCloseable {
        final SocketChannel ch = raw(socket);
        final DataOutputStream out = Frames.output(ch);
        final DataInputStream in = Frames.input(ch);
        final Thread command = serveNext();

        Held() throws IOException {
            request(out, ME, against("node-get", "610474", "-o", "json"));
            assertThat(in.readByte()).isEqualTo(Frames.ACCEPTED);
            assertThat(Frames.bytes(in)).isEmpty();
            assertThat(in.readByte()).as("the command reads its stdin").isEqualTo(Frames.READ);
            assertThat(in.readInt()).isPositive();
        }

        /** Answers its reads with the secret, then the end of input; its stdout and exit code. */
        Run finish() throws IOException {
            Frames.writeBytes(out, Frames.INPUT, (sim.secretKey() + "\n").getBytes(UTF_8), 0, sim.secretKey().length() + 1);
            ByteArrayOutputStream stdout = new ByteArrayOutputStream(), stderr = new ByteArrayOutputStream();
            while (true) {
                byte type = in.readByte();
                switch (type) {
                    case Frames.OUT -> stdout.writeBytes(Frames.bytes(in));
                    case Frames.ERR -> stderr.writeBytes(Frames.bytes(in));
                    case Frames.READ -> {
                        in.readInt();
                        Frames.writeBytes(out, Frames.INPUT, null, 0, -1);
                    }
                    case Frames.EXIT -> {
                        return new Run(in.readInt(), stdout.toString(UTF_8), stderr.toString(UTF_8));
                    }
                    default -> throw new AssertionError("frame " + (char) type);
                }
            }
        }

        @Override public void close() throws IOException {
            ch.close();
        }
    }

    @Test void one_command_at_a_time_and_a_stop_waits_for_the_running_one() throws Exception {
        try (Held held = new Held()) {
            assertThat(declined(ME, "--version")).isEqualTo("busy");
            assertThat(log()).contains(" declined: busy\n");

            serveNext();
            Residents.Info me = new Residents.Info("0123456789abcdef", ProcessHandle.current().pid(), "/work/folder", false,
                    java.time.Instant.now(), java.time.Instant.now(), 0, "7m", 0, socket);
            assertThat(Residents.stop(dir, me)).isEqualTo("stops after its command");
            assertThat(exits).as("not in the middle of a command").isEmpty();

            Run r = held.finish();
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).contains("610474");
            assertThat(exits.poll(10, TimeUnit.SECONDS)).as("leaves after it").isZero();
        }
        commandsEnded();
        assertThat(log()).containsPattern("node-get: exit 0 in \\d+ ms\n.* leaving: stopped \\(acs resident stop\\)\n");
        assertThat(declined(ME, "--version")).isEqualTo("leaving");
    }

    @Test void ctrl_c_at_the_client_ends_the_resident_with_130() throws Exception {
        try (Held held = new Held()) {
            Frames.writeBytes(held.out, Frames.CANCEL, new byte[0], 0, 0);
            assertThat(exits.poll(10, TimeUnit.SECONDS)).isEqualTo(130);
            held.command.interrupt();   // in its own JVM the exit ends the command; here it is interrupted at its read
            held.command.join(30_000);
        }
        assertThat(log()).contains(" node-get: interrupted by its client; leaving as its own JVM would (exit 130)\n")
                .doesNotContain("node-get: java.");
    }

    @Test void a_client_gone_mid_command_ends_the_resident_with_130() throws Exception {
        Thread command;
        try (Held held = new Held()) {
            command = held.command;
        }
        assertThat(exits.poll(10, TimeUnit.SECONDS)).isEqualTo(130);
        command.interrupt();
        command.join(30_000);
        assertThat(log()).as("an end of input is no error").doesNotContain("node-get: java.")
                .contains(" node-get: interrupted by its client; leaving as its own JVM would (exit 130)\n")
                .contains(" node-get: the client left before its exit code\n");
    }

    @Test void an_unknown_frame_from_the_client_ends_it_too() throws Exception {
        try (Held held = new Held()) {
            held.out.writeByte('?');
            held.out.flush();
            assertThat(exits.poll(10, TimeUnit.SECONDS)).isEqualTo(130);
            held.command.interrupt();
            held.command.join(30_000);
        }
        assertThat(log()).contains(" node-get: java.io.IOException: unknown frame 63\n");
    }

    @Test void a_client_that_sends_nothing_is_dropped() throws Exception {
        Thread t = serveNext();
        raw(socket).close();
        t.join(30_000);
        assertThat(exits).isEmpty();
        assertThat(declined(ME, "sim")).as("still serving").isEqualTo("sim runs in a JVM of its own");
    }

    @Test void a_question_goes_to_the_clients_terminal_and_its_answer_comes_back() throws Exception {
        serveNext();
        List<String> prompts = new ArrayList<>();
        int code;
        try (SocketChannel ch = raw(socket)) {
            DataOutputStream out = Frames.output(ch);
            DataInputStream in = Frames.input(ch);
            request(out, ME, true, against("container-stop", "16237"));
            assertThat(in.readByte()).isEqualTo(Frames.ACCEPTED);
            Frames.bytes(in);
            while (true) {
                byte type = in.readByte();
                if (type == Frames.EXIT) {
                    code = in.readInt();
                    break;
                }
                switch (type) {
                    case Frames.OUT, Frames.ERR -> Frames.bytes(in);
                    case Frames.READ -> {
                        in.readInt();
                        byte[] secret = (sim.secretKey() + "\n").getBytes(UTF_8);
                        Frames.writeBytes(out, Frames.INPUT, secret, 0, secret.length);
                    }
                    case Frames.PROMPT -> {
                        prompts.add(Frames.string(in));
                        Frames.writeString(out, Frames.LINE, "n");
                    }
                    default -> throw new AssertionError("frame " + (char) type);
                }
            }
        }
        assertThat(prompts).hasSize(1);
        assertThat(prompts.get(0)).contains("16237");
        assertThat(code).as("answered no").isNotZero();
        assertThat(sim.accessLog()).noneMatch(e -> e.method().equals("POST"));
    }

    /** Runs the resident's watch on a thread of its own until it leaves: the exit code it left with (null: it did not leave). */
    private Integer watchUntilItLeaves() throws InterruptedException {
        Thread watch = new Thread(resident::watch, "test-resident-watch");
        watch.start();
        try {
            return exits.poll(30, TimeUnit.SECONDS);
        } finally {
            watch.interrupt();
            watch.join(10_000);
        }
    }

    @Test void leaves_when_idle_longer_than_its_limit() throws Exception {
        resident = new Resident(new Identity(Identity.toolkit(null), "/jdk", "/f", Map.of()), socket, Duration.ofMillis(1), exits::add);
        assertThat(watchUntilItLeaves()).isZero();
        assertThat(log()).contains(" leaving: idle for 1ms\n");
    }

    @Test void leaves_when_its_toolkit_was_reinstalled() throws Exception {
        assertThat(watchUntilItLeaves()).isZero();
        assertThat(log()).contains(" leaving: its toolkit was re-installed or removed\n");
        assertThat(declined(ME, "--version")).isEqualTo("leaving");
    }

    @Test void an_info_file_it_cannot_write_is_logged() {
        Path nowhere = dir.resolve("gone/k.sock");
        new Resident(ME, nowhere, Duration.ofMinutes(1), exits::add).writeInfo();
        assertThat(log()).contains(" could not write " + Residents.info(nowhere) + ": ");
    }

    @Test void prunes_the_logs_locks_and_infos_of_residents_gone_for_a_week() throws Exception {
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(Duration.ofDays(8)));
        java.nio.file.attribute.FileTime recent = java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(Duration.ofDays(6)));
        Path r = Files.createDirectories(dir.resolve("r"));
        for (String f : List.of("gone.log", "gone.sock.lock", "gone.info", "live.log", "live.info", "live.sock", "other.txt", "new.log", "noext")) {
            Files.writeString(r.resolve(f), "x");
            Files.setLastModifiedTime(r.resolve(f), f.startsWith("new") ? recent : old);
        }
        Resident.prune(r);
        try (var files = Files.list(r)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("live.log", "live.info", "live.sock", "other.txt",
                    "new.log", "noext");
        }
        Resident.prune(dir.resolve("none"));
        assertThat(log()).contains(" could not prune old logs in " + dir.resolve("none") + ": ");
    }

    @Test void no_arguments_is_the_usage_served_like_any_command() throws Exception {
        Run r = client(ME, "");
        assertThat(r.out() + r.err()).contains("Usage: acs");
        assertThat(log()).containsPattern(" \\(usage\\): exit " + r.exit() + " in \\d+ ms\n");
    }

    @Test void the_resident_hangs_up_after_the_exit_code() throws Exception {
        Thread command = serveNext();
        try (SocketChannel ch = raw(socket)) {
            DataOutputStream out = Frames.output(ch);
            DataInputStream in = Frames.input(ch);
            request(out, ME, "--version");
            assertThat(in.readByte()).isEqualTo(Frames.ACCEPTED);
            Frames.bytes(in);
            byte type;
            while ((type = in.readByte()) != Frames.EXIT) {
                assertThat(type).isEqualTo(Frames.OUT);
                Frames.bytes(in);
            }
            assertThat(in.readInt()).isZero();
            command.join(30_000);
            assertThat(closed(ch)).isTrue();
        }
    }

    record Said(int exit, String out, String err) {}

    static Said launcherClient(Path home, String setting, String... args) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("ACS_HOME", home.toString()));
        if (setting != null) env.put("ACS_RESIDENT", setting);
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = ResidentClient.run(env, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8), InputStream.nullInputStream(), args);
        return new Said(code, out.toString(UTF_8), err.toString(UTF_8));
    }

    @Test void the_launchers_client_hands_the_command_to_the_resident_of_its_identity_under_acs_home() throws Exception {
        Path home = dir.resolve("home");
        String[] args = {"node-get"};
        Said none = launcherClient(home, null, args);
        assertThat(none).as("none up: the launcher runs it").isEqualTo(new Said(ResidentClient.DIRECT, "", ""));
        Path residents = home.resolve("resident");
        assertThat(residents).as("the client makes no folder (the command's own JVM does, with the resident)").doesNotExist();
        Files.createDirectories(residents, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));

        Identity here = Identity.here(args);
        Path mine = residents.resolve(here.key() + ".sock");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(mine));
            Resident r = new Resident(here, mine, Duration.ofMinutes(1), exits::add);
            Thread t = new Thread(() -> {
                try {
                    r.serve(s.accept());
                } catch (IOException e) {
                    // closed: not asked
                }
            }, "test-resident-command");
            t.start();
            try {
                assertThat(launcherClient(home, "0", args)).as("ACS_RESIDENT=0").isEqualTo(new Said(ResidentClient.DIRECT, "", ""));
                assertThat(launcherClient(home, null, "sim")).isEqualTo(new Said(ResidentClient.DIRECT, "", ""));
                Said wrong = launcherClient(home, "soon", args);
                assertThat(wrong.exit()).isEqualTo(ResidentClient.DIRECT);
                assertThat(wrong.err()).startsWith("acs: warning: ")
                        .endsWith(" (0 turns the resident JVM off; 30m keeps it 30 minutes); running without it\n");

                Said served = launcherClient(home, "30m", args);
                assertThat(served.exit()).as(served.toString()).isEqualTo(2);
                assertThat(served.err()).contains("Missing required parameter: 'NODE_ID'");
                t.join(30_000);
            } finally {
                s.close();
                t.join(30_000);
            }
        }
        assertThat(launcherClient(home, "1", "node-get")).as("served once; now none listens").isEqualTo(new Said(ResidentClient.DIRECT, "", ""));
    }
}
