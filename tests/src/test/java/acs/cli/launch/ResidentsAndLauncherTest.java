package acs.cli.launch;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.ConfigException;
import acs.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** acs resident list/stop and the cap on residents; the folder of the sockets; the installed launcher's script, run by bash. */
class ResidentsAndLauncherTest {
    @TempDir Path dir;
    static final long ME = ProcessHandle.current().pid();

    /** A resident's socket (an empty file: nobody listens) and its info file. */
    void info(String key, long pid, Instant lastUsed) throws IOException {
        Files.writeString(dir.resolve(key + ".sock"), "");
        infoFile(key, pid, lastUsed);
    }

    /** The info file a resident writes beside its socket. */
    void infoFile(String key, long pid, Instant lastUsed) throws IOException {
        Files.writeString(dir.resolve(key + ".info"), "pid=" + pid + "\nfolder=/f/" + key + "\nscripts=true\nstarted=2026-01-01T00:00:00Z\nlastUsed="
                + lastUsed + "\ncommands=5\nidleLimit=10m\n");
    }

    @Test void list_shows_live_residents_least_recently_used_first_and_skips_the_rest() throws IOException {
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        info("b", ME, t.plusSeconds(60));
        info("a", ME, t);
        info("dead", 999_999_999L, t);
        Files.writeString(dir.resolve("noinfo.sock"), "");
        Files.writeString(dir.resolve("bad.sock"), "");
        Files.writeString(dir.resolve("bad.info"), "pid=" + ME + "\n");
        Files.writeString(dir.resolve("lonely.info"), "pid=" + ME + "\n");

        List<Residents.Info> live = Residents.list(dir);
        assertThat(live).extracting(Residents.Info::key).containsExactly("a", "b");
        Residents.Info a = live.get(0);
        assertThat(a).isEqualTo(new Residents.Info("a", ME, "/f/a", true, Instant.parse("2026-01-01T00:00:00Z"), t, 5, "10m", a.rssKb(),
                dir.resolve("a.sock")));
        assertThat(Residents.list(dir.resolve("none"))).isEmpty();
        assertThat(Residents.list(dir.resolve("a.sock"))).isEmpty();
    }

    @Test void the_resident_set_size_is_read_from_proc_and_zero_for_a_process_gone() {
        assertThat(Residents.rssKb(ME)).isGreaterThan(1000);
        assertThat(Residents.rssKb(999_999_999L)).isZero();
    }

    @Test void the_info_file_is_beside_the_socket() {
        assertThat(Residents.info(Path.of("/r/0123.sock"))).isEqualTo(Path.of("/r/0123.info"));
    }

    /** Residents that answer a stop as a busy one does, recording who was asked. */
    final class Fakes implements AutoCloseable {
        final Map<String, Boolean> stopped = new ConcurrentHashMap<>();
        final List<ServerSocketChannel> servers = new ArrayList<>();
        final List<Thread> threads = new ArrayList<>();

        void add(String key) throws IOException {
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(dir.resolve(key + ".sock")));
            servers.add(server);
            Thread t = new Thread(() -> {
                try (SocketChannel ch = server.accept()) {
                    DataInputStream in = Frames.input(ch);
                    if (in.readByte() == Frames.STOP) stopped.put(key, true);
                    Frames.writeString(Frames.output(ch), Frames.EXIT, "stops after its command");
                } catch (IOException e) {
                    // not asked: closed at the end
                }
            });
            t.start();
            threads.add(t);
        }

        @Override public void close() throws Exception {
            for (ServerSocketChannel s : servers) s.close();
            for (Thread t : threads) t.join(10_000);
        }
    }

    @Test void make_room_stops_the_oldest_but_never_the_one_starting() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        try (Fakes fakes = new Fakes()) {
            for (int i = 0; i < 5; i++) {
                fakes.add("r" + i);
                infoFile("r" + i, ME, t.plusSeconds(i == 0 ? 3600 : i));
            }
            // r0 is the one starting (and the most recently used); of r1..r4, MAX - 1 stay
            Residents.makeRoom(dir, dir.resolve("r0.sock"));
            fakes.close();
            assertThat(fakes.stopped.keySet()).containsExactlyInAnyOrder("r1", "r2");
        }
    }

    @Test void make_room_stops_none_while_fewer_than_max_live() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        try (Fakes fakes = new Fakes()) {
            for (int i = 0; i < 2; i++) {
                fakes.add("r" + i);
                infoFile("r" + i, ME, t.plusSeconds(i));
            }
            Residents.makeRoom(dir, dir.resolve("new.sock"));
            fakes.close();
            assertThat(fakes.stopped).isEmpty();
        }
    }

    @Test void stop_asks_nobody_where_none_listens() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Residents.Info gone = new Residents.Info("x", ME, "/f", false, Instant.now(), Instant.now(), 0, "10m", 0, dir.resolve("x.sock"));
        assertThat(Residents.stop(dir, gone)).isNull();
    }

    @Test void a_listener_that_hangs_up_or_answers_otherwise_has_no_answer() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        for (boolean answers : List.of(false, true)) {
            Path socket = dir.resolve("mute" + answers + ".sock");
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(socket));
                Thread t = new Thread(() -> {
                    try (SocketChannel ch = server.accept()) {
                        Frames.input(ch).readByte();
                        if (answers) Frames.writeString(Frames.output(ch), Frames.DECLINED, "no");
                    } catch (IOException e) {
                        // the asker left
                    }
                });
                t.start();
                Residents.Info mute = new Residents.Info("m", ME, "/f", false, Instant.now(), Instant.now(), 0, "10m", 0, socket);
                assertThat(Residents.stop(dir, mute)).isNull();
                t.join(10_000);
            }
        }
    }

    @Test void the_folder_of_the_sockets_is_made_private_and_one_open_to_others_is_not_used() throws IOException {
        Path made = dir.resolve("home/resident");
        assertThat(ResidentClient.privateFolder(made, true)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(made))).isEqualTo("rwx------");
        assertThat(ResidentClient.privateFolder(made, true)).as("twice").isTrue();

        Files.setPosixFilePermissions(made, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(stderrOf(() -> assertThat(ResidentClient.privateFolder(made, true)).isFalse()))
                .isEqualTo("acs: warning: " + made + " is open to other users, so no resident JVM is started there (chmod 700 it)\n");
        assertThat(stderrOf(() -> assertThat(ResidentClient.privateFolder(made, false)).isFalse())).isEmpty();
        assertThat(ResidentClient.connect(made, made.resolve("x.sock"), false)).isNull();

        Path file = Files.writeString(dir.resolve("file"), "");
        assertThat(stderrOf(() -> assertThat(ResidentClient.privateFolder(file, true)).isFalse()))
                .isEqualTo("acs: warning: " + file + " is not a folder of yours (not a folder), so no resident JVM is used there (remove it)\n");
        assertThat(ResidentClient.connect(file, file.resolve("x.sock"), true)).isNull();
    }

    interface Check {
        void run() throws IOException;
    }

    static String stderrOf(Check check) throws IOException {
        PrintStream old = System.err;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        System.setErr(new PrintStream(b, true, UTF_8));
        try {
            check.run();
        } finally {
            System.setErr(old);
        }
        return b.toString(UTF_8);
    }

    @Test void the_default_install_folder_is_homes_local_bin() {
        assertThat(Launcher.defaultDir(Map.of("HOME", "/home/u"))).isEqualTo(Path.of("/home/u/.local/bin"));
        assertThat(Launcher.defaultDir(Map.of("HOME", " "))).isEqualTo(Path.of(System.getProperty("user.home"), ".local", "bin"));
        assertThat(Launcher.defaultDir(Map.of())).isEqualTo(Path.of(System.getProperty("user.home"), ".local", "bin"));
    }

    Path jdk(String name, String release) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name + "/bin")).getParent();
        Path java = Files.writeString(home.resolve("bin/java"), "#!/bin/sh\nexit 0\n");
        java.toFile().setExecutable(true);
        if (release != null) Files.writeString(home.resolve("release"), release);
        return home;
    }

    @Test void the_feature_release_of_a_jdk_comes_from_its_release_file() throws IOException {
        assertThat(Launcher.feature(Path.of(System.getProperty("java.home"), "bin", "java"))).isEqualTo(Runtime.version().feature());
        assertThat(Launcher.feature(jdk("j8", "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"1.8.0_392\"\n").resolve("bin/java"))).isEqualTo(8);
        assertThat(Launcher.feature(jdk("j21", "JAVA_VERSION=\"21.0.2\"\n").resolve("bin/java"))).isEqualTo(21);
        assertThat(Launcher.feature(jdk("odd", "JAVA_VERSION=21\n").resolve("bin/java"))).isZero();
        assertThat(Launcher.feature(jdk("none", null).resolve("bin/java"))).isZero();
        assertThat(Launcher.feature(dir.resolve("missing/bin/java"))).isZero();
    }

    @Test void install_refuses_a_java_too_old_or_not_a_java() throws IOException {
        Path j11 = jdk("j11", "JAVA_VERSION=\"11.0.1\"\n");
        assertThatThrownBy(() -> Launcher.install(dir.resolve("bin"), j11, Map.of(), System.err)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(j11.resolve("bin/java").toRealPath() + " is Java 11; the toolkit needs 17 or later");
        assertThatThrownBy(() -> Launcher.install(dir.resolve("bin"), dir.resolve("nothing"), Map.of(), System.err))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(dir.resolve("nothing") + " is neither a JDK home nor a java binary");
        assertThat(dir.resolve("bin")).doesNotExist();
    }

    @Test void install_copies_only_jars_so_it_refuses_a_class_folder() {
        // this JVM runs from the test classes' folder, as a run from an IDE or Maven does
        assertThatThrownBy(() -> Launcher.install(dir.resolve("bin"), Path.of(System.getProperty("java.home")), Map.of(), System.err))
                .isInstanceOf(ConfigException.class).hasMessageContaining("is not one: run it as './jbang acs install'");
        assertThat(dir.resolve("bin")).doesNotExist();
    }

    @Test void remove_takes_away_only_what_install_wrote() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(b, true, UTF_8);
        Launcher.remove(dir, err);
        assertThat(b.toString(UTF_8)).isEqualTo("acs: nothing to remove: there is no " + dir.resolve("acs") + "\n");

        Files.writeString(dir.resolve("acs"), "#!/bin/sh\necho mine\n");
        assertThatThrownBy(() -> Launcher.remove(dir, err)).isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("acs") + " was not written by 'acs install'; it is left alone");
        assertThat(dir.resolve("acs")).exists();

        Files.writeString(dir.resolve("acs"), "# " + Launcher.MARKER + "\n");
        Files.createDirectories(dir.resolve("acs.d/sub"));
        Files.writeString(dir.resolve("acs.d/sub/a.jar"), "x");
        Files.writeString(dir.resolve("acs-completion.bash"), "x");
        Files.writeString(dir.resolve("jbang"), "#!/bin/sh\n# the user's own\n");
        b.reset();
        Launcher.remove(dir, err);
        assertThat(b.toString(UTF_8)).isEqualTo("acs: removed " + dir.resolve("acs") + ", " + dir.resolve("acs.d") + " and " + dir.resolve("acs-completion.bash") + "\n");
        assertThat(dir.resolve("acs")).doesNotExist();
        assertThat(dir.resolve("acs.d")).doesNotExist();
        assertThat(dir.resolve("acs-completion.bash")).doesNotExist();
        assertThat(dir.resolve("jbang")).exists();

        Files.writeString(dir.resolve("acs"), "# " + Launcher.MARKER + "\n");
        Files.writeString(dir.resolve("jbang"), "# jbang, " + Launcher.MARKER + "\n");
        b.reset();
        Launcher.remove(dir, err);
        assertThat(b.toString(UTF_8)).isEqualTo("acs: removed " + dir.resolve("acs") + ", " + dir.resolve("acs.d") + ", " + dir.resolve("jbang")
                + " and " + dir.resolve("acs-completion.bash") + "\n");
        assertThat(dir.resolve("jbang")).doesNotExist();
    }

    /** The launcher script with a java that logs its words (one per line, a line --- after each run) and exits as told. */
    record Launched(int exit, String log, String err) {}

    Launched launch(Map<String, String> env, String clientExit, String... args) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("it's bin"));
        Path java = bin.resolve("fake java");
        Path log = dir.resolve("log");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done >> '" + log + "'\necho --- >> '" + log + "'\n"
                + "case \"$*\" in *ResidentClient*) exit " + clientExit + ";; esac\nexit 7\n");
        java.toFile().setExecutable(true);
        Files.createDirectories(bin.resolve("acs.d"));
        Files.writeString(bin.resolve("acs.d/installed"), "installed from x\n");
        Path acs = Files.writeString(bin.resolve("acs"), Launcher.script(java, null, List.of("$D/acs.d/a.jar", "$D/acs.d/b.jar"), 21));
        ProcessBuilder pb = new ProcessBuilder("bash", acs.toString());
        pb.command().addAll(List.of(args));
        pb.environment().keySet().removeIf(k -> k.startsWith("ACS_"));
        pb.environment().putAll(env);
        Process p = pb.redirectErrorStream(false).start();
        p.getOutputStream().close();
        String err = new String(p.getErrorStream().readAllBytes(), UTF_8);
        int exit = p.waitFor();
        return new Launched(exit, Files.exists(log) ? Files.readString(log) : "", err);
    }

    @Test void the_launcher_asks_the_resident_client_first_and_runs_its_own_jvm_on_254() throws Exception {
        Path d = dir.resolve("it's bin").toAbsolutePath();
        Launched l = launch(Map.of(), "254", "node-get", "a b");
        assertThat(l.exit()).isEqualTo(7);
        String[] runs = l.log().split("---\n");
        assertThat(runs).hasSize(2);
        assertThat(runs[0].lines().toList()).containsExactlyElementsOf(JvmLaunch.concat(JvmLaunch.CLIENT_OPTIONS,
                List.of("-Dacs.launch.stamp=" + d + "/acs.d/installed", "-Dacs.launch.archive=", "-cp", d + "/acs.d/a.jar:" + d + "/acs.d/b.jar",
                        "acs.cli.launch.ResidentClient", "node-get", "a b")));
        assertThat(runs[1].lines().toList()).containsExactlyElementsOf(JvmLaunch.concat(JvmLaunch.COMMAND_OPTIONS, JvmLaunch.LOG_OPTIONS,
                List.of("-Dacs.launch.stamp=" + d + "/acs.d/installed", "-Dacs.launch.archive=", "-cp", d + "/acs.d/a.jar:" + d + "/acs.d/b.jar",
                        "Acs", "node-get", "a b")));
        assertThat(l.err()).isEmpty();
    }

    @Test void the_clients_exit_code_is_the_commands_when_the_resident_ran_it() throws Exception {
        Launched l = launch(Map.of(), "3", "node-get", "1");
        assertThat(l.exit()).isEqualTo(3);
        assertThat(l.log().split("---\n")).hasSize(1);
    }

    @Test void without_a_resident_the_command_runs_at_once_with_the_users_java_options() throws Exception {
        Launched l = launch(Map.of("ACS_RESIDENT", "0", "ACS_JAVA_OPTS", " -Xmx1g  -Dx=y "), "254", "version");
        assertThat(l.exit()).isEqualTo(7);
        String[] runs = l.log().split("---\n");
        assertThat(runs).hasSize(1);
        assertThat(runs[0].lines().toList()).containsSubsequence("-Xmx1g", "-Dx=y", "-cp").endsWith("Acs", "version")
                .doesNotContain("acs.cli.launch.ResidentClient");
    }

    @Test void the_class_archives_found_beside_the_jars_are_used() throws Exception {
        Path d = dir.resolve("it's bin").toAbsolutePath();
        Files.createDirectories(d.resolve("acs.d"));
        Files.writeString(d.resolve("acs.d/acs.jsa"), "");
        Files.writeString(d.resolve("acs.d/client.jsa"), "");
        Launched l = launch(new HashMap<>(), "254", "x");
        String[] runs = l.log().split("---\n");
        assertThat(runs[0].lines().toList()).contains("-XX:SharedArchiveFile=" + d + "/acs.d/client.jsa", "-Xshare:auto",
                "-Dacs.launch.archive=-XX:SharedArchiveFile=" + d + "/acs.d/acs.jsa");
        assertThat(runs[1].lines().toList()).containsSubsequence("-XX:SharedArchiveFile=" + d + "/acs.d/acs.jsa", "-Xshare:auto", "-cp");

        Files.writeString(d.resolve("acs.d/acs.aot"), "");
        Files.delete(dir.resolve("log"));
        runs = launch(new HashMap<>(), "254", "x").log().split("---\n");
        assertThat(runs[1].lines().toList()).contains("-XX:AOTCache=" + d + "/acs.d/acs.aot").doesNotContain("-Xshare:auto");
    }
}
