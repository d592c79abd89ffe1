package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.reliability.ChildCli;
import acs.sim.Await;
import acs.sim.CommandFault;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import acs.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The installed launcher's resident JVM: after a first command, the next ones of the same folder and
 * environment run in it, and a user cannot tell but by the time: the same stdout, stderr and exit
 * code as a JVM of their own (ACS_RESIDENT=0), the terminal's question, Ctrl-C, a script's
 * System.exit, relative paths of another folder.
 */
@Tag("child-process")
class ResidentTest {
    @TempDir static Path root;
    static Path acs;
    static Simulator sim;

    @BeforeAll
    static void install() throws Exception {
        Path bin = root.resolve("bin");
        Proc install = Proc.jbang(root.resolve("install-home"), Map.of(), "acs", "install", "--dir", bin.toString());
        assertThat(install.exit()).as(install.toString()).isZero();
        acs = bin.resolve("acs");
        sim = Simulator.start(SimConfig.defaults().withCommandDuration(Duration.ofMillis(300)));
    }

    /** Removing the install ends its residents (they watch their jars); none is left behind by this class. */
    @AfterAll
    static void removeEndsTheResidents() throws Exception {
        try {
            assertThat(new ProcessBuilder(acs.toString(), "install", "--remove", "--dir", acs.getParent().toString()).start().waitFor()).isZero();
            Await.until(Duration.ofSeconds(60), "every resident of " + root + " gone",
                    () -> ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("").contains(root + "/")
                            && p.info().commandLine().orElse("").contains(acs.cli.launch.Resident.class.getName())));
        } finally {
            if (sim != null) sim.close();
        }
    }

    @Test
    void theNextCommandsRunInTheResidentWithTheOutputAndExitCodeOfAJvmOfTheirOwn() throws Exception {
        Path home = root.resolve("same");
        Map<String, String> env = ChildCli.env(sim);
        startResident(home, root, env);
        List<List<String>> commands = List.of(
                List.of("node-get", "610474", "-o", "json"),
                List.of("node-list", "-o", "table"),
                List.of("node-get", "999"),                    // exit 4
                List.of("node-get", "abc"),                    // exit 2
                List.of("node-get", "610474", "--query", "containers[].id"),
                List.of("--version"));
        for (List<String> c : commands) {
            Proc direct = launcher(home, root, with(env, "ACS_RESIDENT", "0"), null, c);
            Proc served = launcher(home, root, env, null, c);
            assertThat(served).as(String.join(" ", c)).isEqualTo(direct);
        }
        assertThat(log(home)).contains("node-get: exit 0", "node-list: exit 0", "node-get: exit 4", "node-get: exit 2", "--version: exit 0");

        // standard input is the client's: the key read from it (wrong here) is the one the server refuses
        List<String> stdin = List.of("node-get", "610474", "--secret-key-stdin");
        Proc direct = launcher(home, root, with(env, "ACS_RESIDENT", "0"), "not-the-key\n", stdin);
        Proc served = launcher(home, root, env, "not-the-key\n", stdin);
        assertThat(direct.exit()).as(direct.toString()).isEqualTo(3);
        assertThat(served).isEqualTo(direct);
        assertThat(log(home)).containsPattern("node-get: exit 3");
    }

    @Test
    void aDestructiveCommandAsksTheClientsTerminalAndNotConfirmedSendsNothing() throws Exception {
        Path home = root.resolve("terminal");
        Map<String, String> env = ChildCli.env(sim);
        startResident(home, root, env);
        // script(1) gives the launcher a terminal, and types "n" into it
        Proc asked = Proc.run(home, root, with(env, "ACS_NO_UPDATE_CHECK", "1"), "n\n", List.of("script", "-qec", acs + " node-delete 610475", "/dev/null"));
        assertThat(asked.exit()).as(asked.toString()).isEqualTo(2);
        assertThat(asked.out()).contains("Delete node 610475 on " + sim.endpoint()).contains("[y/N]").contains("not confirmed; nothing was sent");
        assertThat(sim.accessLog()).noneMatch(e -> e.method().equals("DELETE"));
        assertThat(log(home)).contains("node-delete: exit 2");

        // help on a terminal is in colour, as a JVM of its own prints it
        Map<String, String> quiet = with(env, "ACS_NO_UPDATE_CHECK", "1");
        Proc direct = Proc.run(home, root, with(quiet, "ACS_RESIDENT", "0"), null, List.of("script", "-qec", acs + " node-get --help", "/dev/null"));
        Proc served = Proc.run(home, root, quiet, null, List.of("script", "-qec", acs + " node-get --help", "/dev/null"));
        assertThat(direct.out()).contains("\u001b[");
        assertThat(served).isEqualTo(direct);
        assertThat(log(home)).contains("node-get: exit 0");
    }

    @Test
    void ctrlCEndsTheCommandAsItsOwnJvmWouldAndReportsWhatIsInFlight() throws Exception {
        try (Simulator slow = Simulator.start(SimConfig.defaults().withCommandDuration(Duration.ofMillis(300)))) {
            slow.faults().onAllNodes(CommandFault.NEVER_FINISHES);
            Path home = root.resolve("interrupt");
            Map<String, String> env = ChildCli.env(slow);
            startResident(home, root, env);
            // its own session, so the signal goes to the launcher and its client as a terminal's Ctrl-C does
            List<String> cmd = new ArrayList<>(List.of("setsid", acs.toString(), "node-stop", "610474", "610247", "--concurrency", "1", "--yes"));
            ProcessBuilder pb = builder(home, root, env, cmd);
            File out = home.resolve("out.txt").toFile(), err = home.resolve("err.txt").toFile();
            Process p = pb.redirectOutput(out).redirectError(err).start();
            Await.until(Duration.ofSeconds(30), "the command's first poll", () -> slow.accessLog().stream().anyMatch(e -> e.path().startsWith("/api/v1/command/")));
            // busy with it: a second command at the same moment runs in a JVM of its own
            Proc meanwhile = launcher(home, root, env, null, List.of("node-get", "610247", "-o", "json"));
            assertThat(meanwhile.exit()).as(meanwhile.toString()).isZero();
            assertThat(Json.MAPPER.readTree(meanwhile.out()).get("id").asLong()).isEqualTo(610247);
            assertThat(log(home)).contains("declined: busy");
            new ProcessBuilder("kill", "-INT", "--", "-" + p.pid()).inheritIO().start().waitFor();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

            String stdout = Files.readString(out.toPath(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(stdout + Files.readString(err.toPath(), StandardCharsets.UTF_8)).isEqualTo(130);
            JsonNode rows = Json.MAPPER.readTree(stdout);
            assertThat(rows.findValuesAsText("outcome")).containsExactly("IN_FLIGHT", "CANCELLED");
            assertThat(slow.state().commandIds(610247)).as("concurrency 1: the second node was never started").isEmpty();
            assertThat(log(home)).contains("node-stop: interrupted by its client");
        }
    }

    /**
     * Issue 25 #1: a supervisor's signal goes to the launcher's PID only (kill PID, Popen.terminate()); the
     * command stops as in a JVM of its own: the exit code of the signal, nothing more sent, what was in flight said.
     */
    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"TERM", "INT", "HUP"})
    void aSignalToTheLaunchersPidEndsTheCommandAsInAJvmOfItsOwn(String signal) throws Exception {
        try (Simulator slow = Simulator.start(SimConfig.defaults().withCommandDuration(Duration.ofMillis(300)))) {
            slow.faults().onAllNodes(CommandFault.NEVER_FINISHES);
            Path home = root.resolve("signal-" + signal);
            Map<String, String> env = ChildCli.env(slow);
            startResident(home, root, env);
            List<String> cmd = new ArrayList<>(List.of(acs.toString(), "node-stop", "610474", "610247", "--concurrency", "1", "--yes"));
            File out = home.resolve("out.txt").toFile(), err = home.resolve("err.txt").toFile();
            Process p = builder(home, root, env, cmd).redirectOutput(out).redirectError(err).start();
            Await.until(Duration.ofSeconds(30), "the command's first poll", () -> slow.accessLog().stream().anyMatch(e -> e.path().startsWith("/api/v1/command/")));
            new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

            String stdout = Files.readString(out.toPath(), StandardCharsets.UTF_8), stderr = Files.readString(err.toPath(), StandardCharsets.UTF_8);
            int expected = 128 + switch (signal) { case "HUP" -> 1; case "INT" -> 2; default -> 15; };
            assertThat(p.exitValue()).as(stdout + stderr).isEqualTo(expected);
            assertThat(Json.MAPPER.readTree(stdout).findValuesAsText("outcome")).containsExactly("IN_FLIGHT", "CANCELLED");
            assertThat(stderr).containsPattern("acs resume [0-9a-f]{6}");
            long changes = slow.accessLog().stream().filter(e -> e.method().equals("POST")).count();
            assertThat(changes).as("the second node was never stopped").isEqualTo(1);
            assertThat(slow.state().commandIds(610247)).isEmpty();
            assertThat(log(home)).contains("node-stop: interrupted by its client").doesNotContain("node-stop: exit 0");
        }
    }

    /** A resident killed mid-command (the OOM killer, kill -9): the client names the run and the way to finish it. */
    @Test
    void aResidentKilledMidCommandNamesTheRunToResume() throws Exception {
        try (Simulator slow = Simulator.start(SimConfig.defaults().withCommandDuration(Duration.ofMillis(300)))) {
            slow.faults().onAllNodes(CommandFault.NEVER_FINISHES);
            Path home = root.resolve("killed");
            Map<String, String> env = ChildCli.env(slow);
            startResident(home, root, env);
            long pid = live(home).get(0).path("pid").asLong();
            List<String> cmd = new ArrayList<>(List.of(acs.toString(), "node-stop", "610474", "610247", "--concurrency", "1", "--yes"));
            File out = home.resolve("out.txt").toFile(), err = home.resolve("err.txt").toFile();
            Process p = builder(home, root, env, cmd).redirectOutput(out).redirectError(err).start();
            Await.until(Duration.ofSeconds(30), "the command's first poll", () -> slow.accessLog().stream().anyMatch(e -> e.path().startsWith("/api/v1/command/")));
            new ProcessBuilder("kill", "-KILL", Long.toString(pid)).inheritIO().start().waitFor();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

            String stderr = Files.readString(err.toPath(), StandardCharsets.UTF_8);
            java.util.regex.Matcher run = java.util.regex.Pattern.compile("acs: run (\\S+) \\(resume with").matcher(stderr);
            assertThat(run.find()).as(stderr).isTrue();
            assertThat(p.exitValue()).as(stderr).isEqualTo(1);
            assertThat(stderr).contains("the resident JVM ended before the command did")
                    .contains("run " + run.group(1) + " may have made changes").contains("'acs resume " + run.group(1) + "' finishes it");
        }
    }

    @Test
    void aScriptsSystemExitIsTheExitCode() throws Exception {
        Path home = root.resolve("exit");
        Path dir = Files.createDirectories(root.resolve("exit-dir"));
        Files.writeString(dir.resolve("ops.groovy"), "node(610474) { echo \"status ${status}\" }\nSystem.exit(5)\n");
        Files.writeString(dir.resolve("ok.groovy"), "echo 'ok'\n");
        Map<String, String> env = ChildCli.env(sim);
        startResident(home, dir, env, List.of("run", "ok.groovy", "--dry-run"));
        Proc direct = launcher(home, dir, with(env, "ACS_RESIDENT", "0"), null, List.of("run", "ops.groovy", "--dry-run"));
        Proc served = launcher(home, dir, env, null, List.of("run", "ops.groovy", "--dry-run"));
        assertThat(direct.exit()).as(direct.toString()).isEqualTo(5);
        assertThat(served.exit()).as(served.toString()).isEqualTo(5);
        assertThat(served.err()).contains("status RUNNING");
        assertThat(log(home)).contains("System.exit(5)");
    }

    @Test
    void anotherFolderOrEnvironmentHasAResidentOfItsOwn() throws Exception {
        Path home = root.resolve("folders");
        Map<String, String> env = ChildCli.env(sim);
        for (String name : List.of("a", "b")) {
            Path dir = Files.createDirectories(root.resolve("folder-" + name));
            Files.writeString(dir.resolve("ops.groovy"), "echo 'this is " + name + "'\n");
            startResident(home, dir, env, List.of("run", "ops.groovy", "--dry-run"));
            Proc served = launcher(home, dir, env, null, List.of("run", "ops.groovy", "--dry-run"));
            assertThat(served.exit()).as(served.toString()).isZero();
            assertThat(served.err()).contains("this is " + name);
        }
        // another endpoint: another resident, which talks to that endpoint
        try (Simulator other = Simulator.start(SimConfig.defaults())) {
            Map<String, String> otherEnv = ChildCli.env(other);
            startResident(home, root, otherEnv);
            Proc served = launcher(home, root, otherEnv, null, List.of("node-get", "610474"));
            assertThat(served.exit()).as(served.toString()).isZero();
            assertThat(other.accessLog()).anyMatch(e -> e.path().equals("/api/v1/node/610474"));
        }
        assertThat(sockets(home)).hasSize(3);
        assertThat(String.join("\n", logs(home))).contains("run: exit 0").contains("node-get: exit 0");
    }

    @Test
    void aSocketFolderOpenToOtherUsersIsNotUsed() throws Exception {
        Path home = root.resolve("open");
        Path dir = Files.createDirectories(home.resolve("resident"));
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = ChildCli.env(sim);
        for (int run = 1; run <= 2; run++) {
            Proc own = launcher(home, root, env, null, List.of("node-get", "610474", "-o", "json"));
            assertThat(own.exit()).as(own.toString()).isZero();
            assertThat(own.err()).contains(dir + " is open to other users").contains("chmod 700");
        }
        assertThat(sockets(home)).isEmpty();
    }

    @Test
    void anIdleLimitThatIsNoDurationIsSaidAndTheCommandRunsInAJvmOfItsOwn() throws Exception {
        Path home = root.resolve("bad-setting");
        Map<String, String> env = with(ChildCli.env(sim), "ACS_RESIDENT", "ten minutes");
        for (int run = 1; run <= 2; run++) {
            Proc own = launcher(home, root, env, null, List.of("node-get", "610474", "-o", "json"));
            assertThat(own.exit()).as(own.toString()).isZero();
            assertThat(own.err()).contains("ACS_RESIDENT: 'ten minutes' is not a duration").contains("0 turns the resident JVM off");
        }
        assertThat(sockets(home)).isEmpty();
    }

    /** Issue 25 #2: a wrong secret or profile starts no resident; a variable no command reads does not make another. */
    @Test
    void onlyASucceededCommandStartsAResidentAndUnreadVariablesShareIt() throws Exception {
        Path home = root.resolve("succeeded");
        Map<String, String> env = ChildCli.env(sim);
        Proc wrong = launcher(home, root, with(env, "ACS_SECRET_KEY", "not-the-key"), null, List.of("node-get", "610474"));
        assertThat(wrong.exit()).as(wrong.toString()).isEqualTo(3);
        assertThat(files(home, ".log")).as("a resident is spawned with its log file: none for a failed command").isEmpty();

        startResident(home, root, env);
        Map<String, String> python = with(with(env, "WINDOWID", "77"), "PYTHONUNBUFFERED", "1");
        Proc served = launcher(home, root, python, null, List.of("node-get", "610474", "-o", "json"));
        assertThat(served.exit()).as(served.toString()).isZero();
        assertThat(log(home)).contains("node-get: exit 0");
        assertThat(sockets(home)).hasSize(1);
    }

    /** acs resident list shows each resident with its memory; stop ends them; at most three live per home, the least recently used leaves. */
    @Test
    void residentsAreListedStoppedAndCapped() throws Exception {
        Path home = root.resolve("capped");
        Map<String, String> env = ChildCli.env(sim);
        List<Path> folders = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            Path dir = Files.createDirectories(root.resolve("capped-" + i));
            folders.add(dir);
            int before = live(home).size();
            Proc first = launcher(home, dir, env, null, List.of("--version"));
            assertThat(first.exit()).as(first.toString()).isZero();
            int n = i;
            Await.until(Duration.ofSeconds(60), "a resident of " + dir, () -> live(home).stream().anyMatch(r -> r.path("folder").asText().equals(dir.toString())));
            assertThat(live(home).size()).as("after %d starts (%d before)", n, before).isLessThanOrEqualTo(3);
        }
        Await.until(Duration.ofSeconds(30), "the first folder's resident gone", () -> live(home).stream().noneMatch(r -> r.path("folder").asText().equals(folders.get(0).toString())));
        List<JsonNode> listed = live(home);
        assertThat(listed).hasSize(3);
        assertThat(listed).allSatisfy(r -> assertThat(r.path("rssKb").asLong()).as(r.toString()).isPositive());
        Proc table = launcher(home, root, env, null, List.of("resident", "list"));
        assertThat(table.out()).startsWith("KEY").contains(folders.get(3).toString()).contains(" MB");

        Proc stop = launcher(home, root, env, null, List.of("resident", "stop"));
        assertThat(stop.exit()).as(stop.toString()).isZero();
        assertThat(stop.err()).contains("stopped");
        Await.until(Duration.ofSeconds(30), "every resident of " + home + " gone", () -> sockets(home).isEmpty());
        assertThat(launcher(home, root, env, null, List.of("resident", "list")).err()).contains("no resident JVM is running");
    }

    /** acs resident list -o json, as a user runs it. */
    private static List<JsonNode> live(Path home) {
        try {
            Proc r = launcher(home, root, Map.of(), null, List.of("resident", "list", "-o", "json"));
            assertThat(r.exit()).as(r.toString()).isZero();
            List<JsonNode> out = new ArrayList<>();
            Json.MAPPER.readTree(r.out()).forEach(out::add);
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Issue 21 (h): a socket whose listener is another user (a folder swapped between check and connect)
     * gets not one byte, secret key included: the client checks the peer's uid on the connected socket.
     */
    @Test
    void aSocketHeldByAnotherUserIsRefusedBeforeAByteIsSent() throws Exception {
        Assumptions.assumeTrue(System.getProperty("user.name").equals("root"), "needs root to run a listener as nobody");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runuser")) && Files.isExecutable(Path.of("/usr/bin/python3")));
        Path home = root.resolve("peer");
        Map<String, String> env = ChildCli.env(sim);
        startResident(home, root, env);
        Path socket = sockets(home).get(0);
        assertThat(launcher(home, root, env, null, List.of("resident", "stop")).exit()).isZero();
        Await.until(Duration.ofSeconds(30), "the resident gone", () -> sockets(home).isEmpty());

        Path theirs = Files.createTempDirectory(Path.of("/tmp"), "acs-nobody");
        Files.setPosixFilePermissions(theirs, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Path got = theirs.resolve("got");
        String listener = "import socket,sys,os\n"
                + "s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); os.chmod(sys.argv[1],0o777); s.listen(1)\n"
                + "open(sys.argv[2]+'.ready','w').close()\n"
                + "c,_=s.accept(); c.settimeout(5); data=b''\n"
                + "try:\n  while True:\n    b=c.recv(65536)\n    if not b: break\n    data+=b\nexcept Exception: pass\n"
                + "open(sys.argv[2],'wb').write(data)\n";
        Process nobody = new ProcessBuilder("/usr/sbin/runuser", "-u", "nobody", "--", "/usr/bin/python3", "-c", listener,
                theirs.resolve("l.sock").toString(), got.toString()).inheritIO().start();
        try {
            Await.until(Duration.ofSeconds(30), "nobody listening", () -> Files.exists(Path.of(got + ".ready")));
            Files.move(theirs.resolve("l.sock"), socket);   // what a swapped folder would put before the client

            Proc r = launcher(home, root, env, null, List.of("node-get", "610474", "-o", "json"));
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.err()).contains(socket + " is held by user nobody, not by you: nothing was sent to it");
            assertThat(nobody.waitFor(30, TimeUnit.SECONDS)).as("the listener saw the connection end").isTrue();
            assertThat(Files.readAllBytes(got)).as("bytes the other user received").isEmpty();
        } finally {
            nobody.destroy();
            Files.deleteIfExists(socket);
        }
    }

    /** Runs a first command (in a JVM of its own; it starts the resident) and waits until the resident listens. */
    private static void startResident(Path home, Path dir, Map<String, String> env) throws Exception {
        startResident(home, dir, env, List.of("--version"));
    }

    /** As above with a first command of one's choice: a script's resident is started by a script's command. */
    private static void startResident(Path home, Path dir, Map<String, String> env, List<String> first) throws Exception {
        int before = sockets(home).size();
        Proc r = launcher(home, dir, env, null, first);
        assertThat(r.exit()).as(r.toString()).isZero();
        Await.until(Duration.ofSeconds(60), "a resident listening in " + home, () -> sockets(home).size() > before);
    }

    private static Proc launcher(Path home, Path dir, Map<String, String> env, String stdin, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(acs.toString()));
        cmd.addAll(args);
        return Proc.run(home, dir, with(env, "ACS_NO_UPDATE_CHECK", "1"), stdin, cmd);
    }

    private static ProcessBuilder builder(Path home, Path dir, Map<String, String> env, List<String> cmd) throws Exception {
        Files.createDirectories(home);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ACS_"));
        pb.environment().put("ACS_HOME", home.toString());
        pb.environment().putAll(with(env, "ACS_NO_UPDATE_CHECK", "1"));
        return pb;
    }

    private static Map<String, String> with(Map<String, String> env, String key, String value) {
        Map<String, String> m = new HashMap<>(env);
        m.put(key, value);
        return m;
    }

    private static List<Path> sockets(Path home) {
        return files(home, ".sock");
    }

    private static List<String> logs(Path home) throws Exception {
        List<String> all = new ArrayList<>();
        for (Path p : files(home, ".log")) all.add(Files.readString(p));
        return all;
    }

    private static String log(Path home) throws Exception {
        return String.join("\n", logs(home));
    }

    private static List<Path> files(Path home, String suffix) {
        Path dir = home.resolve("resident");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }
}
