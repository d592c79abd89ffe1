package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.cli.launch.JvmLaunch;
import acs.reliability.ChildCli;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The re-entrancy contract (docs/ARCHITECTURE.md, "Re-entrancy"): a command run in a JVM that has
 * already run others, through the entry a resident JVM uses, prints the same stdout and stderr and
 * exits with the same code as in a JVM of its own. A representative set of subcommands (reads in
 * every format, a query, errors of the server and of usage, dry runs of a change and of a fleet, a
 * DSL script, the journal, help, completion) runs each in a JVM of its own, then twice over in one
 * JVM, in shuffled order (the seed is in the failure's message).
 */
@Tag("child-process")
class SameJvmTest {
    static Simulator sim;
    @TempDir static Path tmp;

    @BeforeAll
    static void start() {
        sim = Simulator.start(SimConfig.defaults());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void everyCommandGivesTheSameOutputAndExitCodeInAJvmThatRanOthersAsInAJvmOfItsOwn() throws Exception {
        Path script = tmp.resolve("echo.groovy");
        Files.writeString(script, "node(610474) { echo \"${name}: ${status}\" }\n");
        List<List<String>> commands = List.of(
                List.of("node-list"),
                List.of("node-list", "-o", "table"),
                List.of("node-list", "-o", "wide"),
                List.of("node-list", "-o", "yaml", "--query", "[0].name"),
                List.of("node-get", "610474"),
                List.of("node-get", "610474", "-o", "table"),
                List.of("node-get", "999999999"),
                List.of("node-get"),
                List.of("node-get", "not-an-id"),
                List.of("service-list", "-o", "table"),
                List.of("host-list"),
                List.of("image-list", "-o", "table"),
                List.of("container-list"),
                List.of("node-deploy", "610474", "--url", "http://repo.example.com/app-1.2.war", "--dry-run"),
                List.of("node-stop", "--all", "--dry-run", "-o", "table"),
                List.of("run", script.toString(), "--dry-run"),
                List.of("journal"),
                List.of("journal", "--runs", "-o", "json"),
                List.of("no-such-command"),
                List.of("node-get", "--help"),
                List.of("--version"),
                List.of("completion"));

        Path home = tmp.resolve("home");
        Files.createDirectories(home);
        Map<String, String> env = new HashMap<>(ChildCli.env(sim));
        env.put("ACS_HOME", home.toString());
        env.put("ACS_RESIDENT", "0");   // a JVM of its own starts no resident here
        List<String> cp = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        List<Result> own = new ArrayList<>();
        for (List<String> c : commands) {
            own.add(run(JvmLaunch.command(java, cp, List.of(), List.of(), null, null, c.toArray(String[]::new)).withEnv(env)));
        }

        long seed = new Random().nextLong();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) order.add(i);
        List<Integer> twice = new ArrayList<>(order);
        Collections.shuffle(order, new Random(seed));
        twice.addAll(order);
        Path dir = Files.createDirectories(tmp.resolve("same"));
        List<String> lines = new ArrayList<>(List.of(dir.toString()));
        for (int i : twice) lines.add(String.join("\u0001", commands.get(i)));
        JvmLaunch one = JvmLaunch.of(java, JvmLaunch.RESIDENT_OPTIONS, cp, SameJvm.class.getName(), lines.toArray(String[]::new)).withEnv(env);
        Result driver = run(one);
        assertThat(driver.exit()).as("the driver: " + driver).isZero();

        SoftAssertions soft = new SoftAssertions();
        for (int k = 0; k < twice.size(); k++) {
            int i = twice.get(k);
            Result same = new Result(Integer.parseInt(Files.readString(dir.resolve((k + 1) + ".exit"))),
                    Files.readString(dir.resolve((k + 1) + ".out"), StandardCharsets.UTF_8), Files.readString(dir.resolve((k + 1) + ".err"), StandardCharsets.UTF_8));
            soft.assertThat(same).as("acs " + String.join(" ", commands.get(i)) + ", run " + (k + 1) + " of " + twice.size()
                    + " in one JVM (order: as listed, then shuffled with seed " + seed + ")").isEqualTo(own.get(i));
        }
        soft.assertAll();
        assertThat(own.stream().map(Result::exit).distinct()).as("the set has successes and failures").contains(0, 2);
    }

    /** What a command printed: a dry run's request is signed now, so its timestamp is the one thing that may differ. */
    record Result(int exit, String out, String err) {
        Result {
            out = out.replaceAll("timestamp=\\d+", "timestamp=(now)");
        }

        @Override public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private static Result run(JvmLaunch launch) throws Exception {
        File out = File.createTempFile("acs-out", ".txt"), err = File.createTempFile("acs-err", ".txt");
        try {
            Process p = launch.processBuilder().redirectOutput(out).redirectError(err)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", launch.command()) + " did not end within 3 minutes");
            }
            return new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8), Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            out.delete();
            err.delete();
        }
    }
}
