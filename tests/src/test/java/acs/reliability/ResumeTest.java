package acs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import acs.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import acs.journal.JournalEntry;
import acs.sim.AccessLogEntry;
import acs.sim.NetworkFault;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * acs resume: a fleet run or a script killed with SIGKILL finishes where it stopped, each node
 * changed exactly once (counted in the simulator's access log). The kill lands in a pause between
 * batches, when no request is in the air, so that "exactly once" is exact.
 */
@Tag("child-process")
class ResumeTest {
    static final int NODES = 200;
    @TempDir Path home;
    @TempDir Path work;
    Simulator sim;
    ChildCli cli;

    @BeforeEach void start() {
        sim = Simulator.start(SimConfig.defaults().withSeedDemo(false).withExtraNodes(NODES).withCommandDuration(Duration.ofMillis(500)));
        cli = ChildCli.of(home, sim);
    }

    @AfterEach void stop() {
        sim.close();
    }

    /** Starts the CLI, waits until {@code succeeded} changes are done (the run is then in its pause), and kills it. */
    void killAfter(int succeeded, String... args) throws Exception {
        ProcessBuilder pb = cli.builder("Acs", args);
        File err = File.createTempFile("acs-err", ".txt");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err);
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (cli.journal().entries().stream().filter(e -> e.state() == JournalEntry.State.SUCCEEDED).count() < succeeded) {
                assertThat(p.isAlive()).as("the run is still going; stderr: %s", Files.readString(err.toPath())).isTrue();
                assertThat(System.nanoTime()).as("the first batch ends").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(Files.readString(err.toPath())).containsPattern("acs: run [0-9a-f]{6} \\(resume with: acs resume [0-9a-f]{6}\\)");
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    Map<Long, Long> deploysPerNode() {
        return sim.accessLog().stream().filter(e -> e.method().equals("POST") && e.path().endsWith("/uploadStart"))
                .map(AccessLogEntry::path).collect(Collectors.groupingBy(p -> Long.valueOf(p.split("/")[4]), Collectors.counting()));
    }

    static Map<Long, Long> oncePerNode() {
        return LongStream.range(700001, 700001 + NODES).boxed().collect(Collectors.toMap(Function.identity(), id -> 1L));
    }

    @Test void aKilledFleetRunResumesAndDeploysEveryNodeExactlyOnce() throws Exception {
        killAfter(50, "node-deploy", "--all", "--batch", "50", "--pause", "5s", "--concurrency", "40", "--connections", "7",
                "--url", "http://repo.example.com/app-4.war", "--yes");
        assertThat(deploysPerNode()).hasSize(50);

        ChildCli.Result runs = cli.run("Acs", "journal", "--runs");
        assertThat(runs.exit()).isZero();
        JsonNode before = json(runs.out()).get(0);
        assertThat(before.path("state").asText()).isEqualTo("interrupted");
        assertThat(before.path("done").asInt()).isEqualTo(50);
        assertThat(before.path("left").asInt()).isEqualTo(150);

        ChildCli.Result r = cli.run("Acs", "resume", "-o", "json");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).contains("attempt 2");
        assertThat(r.err()).as("the resumed run keeps its settings").contains("(concurrency 40, 7 connections, batches of 50)");
        assertThat(deploysPerNode()).isEqualTo(oncePerNode());
        JsonNode rows = json(r.out());
        assertThat(rows).hasSize(NODES).allSatisfy(o -> assertThat(o.path("outcome").asText()).isEqualTo("SUCCEEDED"));
        assertThat(rows).filteredOn(o -> o.path("earlierAttempt").asBoolean()).hasSize(50);
        JsonNode after = json(cli.run("Acs", "journal", "--runs").out()).get(0);
        assertThat(after.path("state").asText()).isEqualTo("finished");
        assertThat(after.path("done").asInt()).isEqualTo(NODES);
    }

    @Test void aKilledDslRolloutResumesAndDeploysEveryNodeExactlyOnce() throws Exception {
        Path script = work.resolve("roll.groovy");
        Files.writeString(script, String.join("\n",
                "rollout(nodes(), batch: 50, pause: '5s', maxFailures: 0) {",
                "    deploy url: 'http://repo.example.com/app-5.war'",
                "    waitDone(timeout: '1m')",
                "}", ""));
        killAfter(50, "run", script.toString());
        assertThat(deploysPerNode()).hasSize(50);
        ChildCli.Result r = cli.run("Acs", "resume");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(deploysPerNode()).isEqualTo(oncePerNode());
    }

    @Test void aScriptEditedAfterTheKillIsRefusedAndDryRunSendsNothing() throws Exception {
        Path script = work.resolve("roll.groovy");
        Files.writeString(script, String.join("\n",
                "rollout(nodes(), batch: 50, pause: '20s') {",
                "    deploy url: 'http://repo.example.com/app-6.war'",
                "    waitDone(timeout: '1m')",
                "}", ""));
        killAfter(50, "run", script.toString());
        String run = onlyRun(home);

        sim.clearAccessLog();
        ChildCli.Result dry = cli.run("Acs", "resume", run, "--dry-run");
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("not sent again").contains("not sent (dry run)");
        assertThat(sim.accessLog()).as("a dry run sends no change").noneMatch(e -> e.method().equals("POST"));

        Files.writeString(script, Files.readString(script).replace("app-6", "app-7"));
        ChildCli.Result r = cli.run("Acs", "resume", run);
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains(run).contains(script.toString()).contains("--force");
        assertThat(sim.accessLog()).noneMatch(e -> e.method().equals("POST"));
    }

    /** HTTP500: the server applied the change, then answered 500 / 1001 — as unknown as a lost answer. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = NetworkFault.class, names = {"LOST_RESPONSE", "HTTP500"})
    void anUnknownOutcomeIsNeverSentAgain(NetworkFault fault) throws Exception {
        sim.faults().applyBeforeFault(true).networkOnNode(700002, 1.0, fault);
        killAfter(2, "node-deploy", "700001", "700002", "700003", "700004", "700005", "700006", "--batch", "3", "--pause", "20s",
                "--max-failures", "5", "--url", "http://repo.example.com/app-8.war");
        assertThat(cli.journal().entries()).filteredOn(e -> e.node() == 700002L).singleElement()
                .satisfies(e -> assertThat(e.state()).isEqualTo(JournalEntry.State.UNKNOWN));
        sim.faults().clear();
        ChildCli.Result r = cli.run("Acs", "resume", "-o", "json");
        assertThat(r.exit()).as(r.toString()).isEqualTo(5);
        assertThat(json(r.out())).filteredOn(o -> o.path("node").asLong() == 700002L).singleElement()
                .satisfies(o -> assertThat(o.path("outcome").asText()).isEqualTo("UNKNOWN"));
        assertThat(deploysPerNode()).containsEntry(700002L, 1L).containsEntry(700006L, 1L).hasSize(6);
    }

    /** A run made on one endpoint, resumed against another: refused, naming the way to its endpoint (no "--profile null"). */
    @Test void aRunOfAnotherEndpointIsRefusedNamingHowToReachItsOwn() throws Exception {
        ChildCli.Result made = cli.run("Acs", "node-stop", "700001", "700002", "--yes");
        assertThat(made.exit()).as(made.toString()).isZero();
        String run = onlyRun(home);
        try (Simulator other = Simulator.start(SimConfig.defaults())) {
            ChildCli.Result r = ChildCli.of(home, other).run("Acs", "resume", run);
            assertThat(r.exit()).as(r.toString()).isEqualTo(3);
            assertThat(r.err()).contains("run " + run + " was made on " + sim.endpoint()).contains("nothing was sent")
                    .contains("(--endpoint or ACS_ENDPOINT)").doesNotContain("null");
        }
    }

    static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    static String onlyRun(Path home) throws Exception {
        try (var files = Files.list(home.resolve("runs"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).map(n -> n.replace(".json", "")).findFirst().orElseThrow();
        }
    }
}
