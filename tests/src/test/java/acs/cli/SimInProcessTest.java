package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.sim.Await;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code acs sim} in this JVM: what it refuses before it listens (exit 2 naming the option), and the
 * banner that says what the operator asked for. A foreground simulator runs until it is stopped;
 * here it runs on a thread of its own, which the test interrupts once the banner is out.
 */
class SimInProcessTest {
    @TempDir Path dir;

    private static void refused(String option, String says, String... args) {
        List<String> all = new ArrayList<>(List.of("sim", "--port", "0", "--quiet"));
        all.addAll(List.of(args));
        CliHarness.Result r = CliHarness.run(all.toArray(String[]::new));
        assertThat(r.exit()).as(String.join(" ", all) + "\n" + r).isEqualTo(2);
        assertThat(r.err()).as(String.join(" ", all)).contains(option).contains(says);
        assertThat(r.out()).isEmpty();
    }

    @Test void badOptionsAreRefusedBeforeItListensNamingTheOption() {
        refused("--secret-key", "is required together with --access-key", "--access-key", "ak");
        refused("--access-key", "is required together with --secret-key", "--secret-key", "sk");
        refused("--nodes", "-1 must not be negative", "--nodes", "-1");
        refused("--command-seconds", "'1:2:3': expected SECONDS or NODE_ID:SECONDS", "--command-seconds", "1:2:3");
        refused("--command-seconds", "'-1' is not a number of seconds (0 or more)", "--command-seconds", "-1");
        refused("--command-seconds", "'1e9' is not a number of seconds", "--command-seconds", "1e9");
        refused("--command-seconds", "'0' is not a node id", "--command-seconds", "0:5");
        refused("--command-seconds", "'x' is not a node id", "--command-seconds", "x:5");
        refused("--command-seconds", "node 999 does not exist in this simulator", "--command-seconds", "999:1");
        refused("--fault-node", "'1#2#3:START_FAILED': expected NODE_ID[#N]:KIND[:STEP]", "--fault-node", "1#2#3:START_FAILED");
        refused("--fault-node", "'#0' is not a command number (1 = the node's first command)", "--fault-node", "610474#0:START_FAILED");
        refused("--fault-node", "'#x' is not a command number", "--fault-node", "610474#x:START_FAILED");
        refused("--fault-node", "'610474': expected NODE_ID[#N]:KIND[:STEP], e.g. 610474:START_FAILED", "--fault-node", "610474");
        refused("--fault-rate", "1.5 must be between 0 and 1", "--fault-rate", "1.5");
        refused("--fault-rate", "-0.1 must be between 0 and 1", "--fault-rate", "-0.1");
        refused("--fault-kinds", "bogus", "--fault-kinds", "bogus");
    }

    @Test void aStepIsAcceptedForTheFailuresThatHaveOne() {
        // a failing step is refused for other faults only: these start (and are stopped at once by a bad node)
        refused("--fault-node", "node 999 does not exist", "--fault-node", "610474:START_FAILED:check params", "--fault-node", "999:result-failed: x ");
    }

    /** What a test does while the simulator runs: its banner so far (endpoint, keys). */
    interface WhileRunning {
        void run(String banner) throws Exception;
    }

    /** Runs {@code acs sim ARGS} on a thread until its banner is out, then stops it; its stdout. */
    private static String banner(String... args) throws Exception {
        return banner(List.of("--quiet"), b -> { }, null, args);
    }

    /**
     * Runs {@code acs sim} with {@code flags} and ARGS on a thread until its banner is out, runs {@code body}, then stops it by
     * interrupting the thread; its stdout (and its stderr into {@code err}, if given).
     */
    private static String banner(List<String> flags, WhileRunning body, StringBuilder err, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("sim", "--port", "0"));
        all.addAll(flags);
        all.addAll(List.of(args));
        PrintStream stdout = System.out, stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream(), capturedErr = new ByteArrayOutputStream();
        AtomicReference<CliHarness.Result> end = new AtomicReference<>();
        Thread t = new Thread(() -> end.set(CliHarness.run(all.toArray(String[]::new))), "acs-sim-in-process");
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        if (err != null) System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
        try {
            t.start();
            Await.until(Duration.ofSeconds(30), "the simulator's banner", () -> captured.toString(StandardCharsets.UTF_8).contains("Try:") || !t.isAlive());
            if (t.isAlive()) body.run(captured.toString(StandardCharsets.UTF_8));
        } finally {
            t.interrupt();
            t.join(30_000);
            System.setOut(stdout);
            System.setErr(stderr);
        }
        if (err != null) err.append(capturedErr.toString(StandardCharsets.UTF_8));
        assertThat(t.isAlive()).as("the simulator stopped when interrupted").isFalse();
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out).as(String.valueOf(end.get())).contains("Try:");
        return out;
    }

    private static String field(String banner, String prefix) {
        return banner.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length()).trim().split("\\s+")[0];
    }

    /** Runs acs against the simulator of this banner, with its demo key (the secret on stdin). */
    private static CliHarness.Result acs(String banner, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint", field(banner, "ACS simulator listening on "), "--access-key", field(banner, "  access key:"), "--secret-key-stdin"));
        java.io.InputStream in = System.in;
        System.setIn(new java.io.ByteArrayInputStream((field(banner, "  secret key:") + "\n").getBytes(StandardCharsets.UTF_8)));
        try {
            return CliHarness.run(all.toArray(String[]::new));
        } finally {
            System.setIn(in);
        }
    }

    @Test void theRunningSimulatorDoesWhatItsOptionsSay() throws Exception {
        Path state = dir.resolve("state.json");
        StringBuilder log = new StringBuilder();
        banner(List.of(), b -> {
            CliHarness.Result other = acs(b, "node-get", "610247");
            assertThat(other.exit()).as("a service the key may not touch: " + other).isEqualTo(3);
            assertThat(other.err()).contains("code 1006 NoPermission");
            CliHarness.Result own = acs(b, "node-get", "610474");
            assertThat(own.exit()).as(own.toString()).isZero();
            CliHarness.Result failed = acs(b, "node-stop", "610474", "--yes", "--wait");
            assertThat(failed.exit()).as("the node's fault: " + failed).isEqualTo(6);
        }, log, "--key-services", "12209", "--state", state.toString(), "--fault-node", "610474:START_FAILED");
        assertThat(log.toString()).as("the access log, without --quiet").contains("/api/v1/node/610474");
        assertThat(state).as("the state is kept in the --state file").exists();

        banner(List.of("--quiet"), b -> {
            CliHarness.Result r = acs(b, "node-get", "610474", "--timeout", "2s");
            assertThat(r.exit()).as("every request meets the fault: " + r).isNotZero();
            assertThat(r.err()).contains("1009");
        }, null, "--fault-rate", "1", "--fault-kinds", "timeout1009", "--fault-stall", "100ms");
    }

    @Test void theBannerSaysWhatTheSimulatorWasAskedFor() throws Exception {
        Path state = dir.resolve("sim-state.json");
        String out = banner("--command-seconds", "0.5", "--command-seconds", "610474:2", "--fault-node", "610247#2:START_FAILED",
                "--fault-node", "610474:result-failed:check params", "--key-services", "12209", "--latency", "20ms",
                "--fault-rate", "0.5", "--fault-kinds", "timeout1009", "--fault-stall", "2s", "--state", state.toString());
        assertThat(out).contains("ACS simulator listening on http://")
                .contains("  access key: ").contains("(the documented demo key)")
                .contains("  commands take 500ms; state in " + state + "\n")
                .contains("  commands on node 610474 take 2s\n")
                .contains("  command #2 on node 610247 (only) meets START_FAILED\n")
                .contains("  commands on node 610474 meet RESULT_FAILED at step 'check params'\n")
                .contains("  the access key may touch services [12209] only (others: 1006 NoPermission)\n")
                .contains("  every answer is delayed 20ms\n")
                .contains("  network faults on 0.5 of requests: [timeout1009]; stalls last 2s\n")
                .contains(" ACS_SECRET_KEY=").contains("./jbang acs node-list");
    }

    @Test void aSuppliedKeyIsNeverShownAndTheDefaultsSayLittle() throws Exception {
        String own = banner("--access-key", "my-ak", "--secret-key", "my-very-secret-sk");
        assertThat(own).contains("  access key: my-ak\n").contains("  secret key: (the one you supplied; not shown)")
                .doesNotContain("my-very-secret-sk").doesNotContain("ACS_SECRET_KEY=").contains("ACS_ACCESS_KEY=my-ak ./jbang acs node-list")
                .contains("  commands take 3s\n").doesNotContain("state in").doesNotContain("delayed").doesNotContain("network faults")
                .doesNotContain("may touch services").doesNotContain("commands on node");
        String faultsWithoutRate = banner("--fault-kinds", "timeout1009", "--fault-stall", "2s");
        assertThat(faultsWithoutRate).as("no rate: no network faults").doesNotContain("network faults");
    }

    @Test void resetEmbeddedSaysWhichStateFileItRemoved() {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        CliHarness.Result r;
        try {
            r = CliHarness.run("sim", "--reset-embedded");
        } finally {
            System.setErr(stderr);
        }
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("acs: the embedded simulator starts from the demo data again (")
                .contains(acs.config.AcsHome.of(System.getenv()).toString()).contains(" removed)");
    }
}
