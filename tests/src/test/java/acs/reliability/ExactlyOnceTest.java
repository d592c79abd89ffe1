package acs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import acs.ApiCall;
import acs.UploadStart;
import acs.config.AcsConfig;
import acs.journal.Journal;
import acs.journal.JournalEntry;
import acs.sim.AccessLogEntry;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import acs.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each node exactly once, whatever happens around a run (docs/RELIABILITY.md): a kill right after
 * the journal compacted, two resumes of one run at once, a copied home, a kill with requests in
 * the air followed by checks by hand. Counted in the simulator's access log; child processes.
 */
@Tag("child-process")
class ExactlyOnceTest {
    static final int NODES = 200;
    static final String URL = "http://repo.example.com/app-5.war";
    @TempDir Path home;
    Simulator sim;
    ChildCli cli;

    @BeforeEach void start() {
        sim = Simulator.start(SimConfig.defaults().withSeedDemo(false).withExtraNodes(NODES).withCommandDuration(Duration.ofMillis(300)));
        cli = ChildCli.of(home, sim);
    }

    @AfterEach void stop() {
        sim.close();
    }

    /** Starts a fleet deploy in batches of 50 with a pause (the resume keeps it: 3 pauses), waits until {@code done} nodes succeeded, kills it; returns the run id. */
    String killInPauseAfter(ChildCli c, int done) throws Exception {
        Process p = startDeploy(c, "--batch", "50", "--pause", "4s");
        try {
            await(() -> c.journal().entries().stream().filter(e -> e.state() == JournalEntry.State.SUCCEEDED && e.run() != null).count() >= done, p);
        } finally {
            p.destroyForcibly();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        return onlyRun(c);
    }

    Process startDeploy(ChildCli c, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("node-deploy", "--all", "--url", URL, "--yes"));
        args.addAll(List.of(more));
        ProcessBuilder pb = c.builder("Acs", args.toArray(String[]::new));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(File.createTempFile("acs-err", ".txt"));
        return pb.start();
    }

    static void await(java.util.function.BooleanSupplier condition, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            assertThat(p.isAlive()).as("the run is still going").isTrue();
            assertThat(System.nanoTime()).as("in time").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    static String onlyRun(ChildCli c) throws Exception {
        JsonNode runs = Json.MAPPER.readTree(c.run("Acs", "journal", "--runs").out());
        assertThat(runs).hasSize(1);
        return runs.get(0).path("run").asText();
    }

    Map<Long, Long> deploysPerNode() {
        return sim.accessLog().stream().filter(e -> e.method().equals("POST") && e.path().endsWith("/uploadStart"))
                .map(AccessLogEntry::path).collect(Collectors.groupingBy(p -> Long.valueOf(p.split("/")[4]), Collectors.counting()));
    }

    static Map<Long, Long> oncePerNode() {
        return LongStream.range(700001, 700001 + NODES).boxed().collect(Collectors.toMap(Function.identity(), id -> 1L));
    }

    JsonNode runRow(ChildCli c) throws Exception {
        return Json.MAPPER.readTree(c.run("Acs", "journal", "--runs").out()).get(0);
    }

    /** (a) A journal past its limit is compacted at the run's first line: the kill after it loses nothing of the run. */
    @Test void aRunKilledRightAfterCompactionResumesAndDeploysEachNodeOnce() throws Exception {
        Path journal = home.resolve("journal.jsonl");
        Files.createDirectories(home);
        JournalEntry template = Journal.at(home.resolve("seed.jsonl")).begin(AcsConfig.of("http://old.example.com", "ak", "sk"), null,
                ApiCall.uploadStart(610474, UploadStart.of("http://repo.example.com/old.war"))).with(JournalEntry.State.SUCCEEDED, "c-old", null);
        String line = Journal.toJson(template).toString();
        StringBuilder old = new StringBuilder();
        for (int i = 0; old.length() < Journal.DEFAULT_LIMIT + 1024; i++) old.append(line.replace(template.id(), "old-" + i)).append('\n');
        Files.writeString(journal, old.toString(), StandardCharsets.UTF_8);
        int oldEntries = (int) old.chars().filter(ch -> ch == '\n').count();

        String run = killInPauseAfter(cli, 50);
        assertThat(Files.size(journal)).as("compacted").isLessThan(Journal.DEFAULT_LIMIT / 4);
        JsonNode before = runRow(cli);
        assertThat(before.path("done").asInt()).as(before.toString()).isEqualTo(50);
        assertThat(before.path("left").asInt()).isEqualTo(150);

        ChildCli.Result r = cli.run("Acs", "resume", run, "-o", "json");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(deploysPerNode()).isEqualTo(oncePerNode());
        assertThat(Json.MAPPER.readTree(r.out())).filteredOn(o -> o.path("earlierAttempt").asBoolean()).hasSize(50);
        assertThat(runRow(cli).path("state").asText()).isEqualTo("finished");
        assertThat(cli.journal().entries()).as("nothing forgotten: the old entries are in the archive").hasSize(oldEntries + NODES);
    }

    /** (b) Two `acs resume RUN` at the same moment: one runs the run, the other is refused naming it; each node once. */
    @Test void twoSimultaneousResumesOfOneRunLetExactlyOneProceed() throws Exception {
        String run = killInPauseAfter(cli, 50);
        ProcessBuilder a = cli.builder("Acs", "resume", run), b = cli.builder("Acs", "resume", run);
        File errA = File.createTempFile("acs-a", ".txt"), errB = File.createTempFile("acs-b", ".txt");
        a.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(errA);
        b.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(errB);
        Process pa = a.start(), pb = b.start();
        assertThat(pa.waitFor(2, TimeUnit.MINUTES) && pb.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String ea = Files.readString(errA.toPath()), eb = Files.readString(errB.toPath());
        List<Integer> exits = List.of(pa.exitValue(), pb.exitValue());
        assertThat(exits).as(ea + "\n---\n" + eb).containsExactlyInAnyOrder(0, 8);
        String refused = pa.exitValue() == 8 ? ea : eb;
        assertThat(refused).contains("run " + run + " is being run by").contains("nothing was sent");
        assertThat(deploysPerNode()).isEqualTo(oncePerNode());
    }

    /** (c) A copy of the home (another machine, a CI cache) is told apart and refused; the original resumes; each node once. */
    @Test void aCopiedHomeDoesNotResumeTheRunAgain() throws Exception {
        String run = killInPauseAfter(cli, 50);
        Path copy = home.resolveSibling(home.getFileName() + "-copy");
        try (var files = Files.walk(home)) {
            for (Path p : files.toList()) {
                Path to = copy.resolve(home.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        ChildCli other = new ChildCli(copy, ChildCli.env(sim));
        ChildCli.Result refused = other.run("Acs", "resume", run);
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(8);
        assertThat(refused.err()).contains("this home may be a copy").contains("--force").contains("nothing was sent");
        ChildCli.Result r = cli.run("Acs", "resume", run);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(deploysPerNode()).isEqualTo(oncePerNode());
    }

    /**
     * (e) Killed with changes in the air: what left may be UNKNOWN; the run stays resumable until
     * each is checked and resolved; then a resume sends only what was not applied. No node is left
     * behind and none gets two deploys.
     */
    @Test void aRunKilledMidBatchIsFinishedAfterTheUnknownsAreResolved() throws Exception {
        Process p = startDeploy(cli, "--batch", "50", "--concurrency", "50");
        try {
            await(() -> sim.accessLog().stream().anyMatch(e -> e.path().endsWith("/uploadStart")), p);
        } finally {
            p.destroyForcibly();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        String run = onlyRun(cli);
        for (int attempt = 0; attempt < 4 && !runRow(cli).path("state").asText().equals("finished"); attempt++) {
            ChildCli.Result r = cli.run("Acs", "resume", run);
            assertThat(r.exit()).as(r.toString()).isIn(0, 5, 6);
            // the operator checks each unknown outcome (here: did its POST reach the server and succeed?) and records it
            for (JournalEntry e : cli.journal().pending()) {
                if (e.state() != JournalEntry.State.UNKNOWN && !e.outcomeUnknown()) continue;
                boolean applied = sim.accessLog().stream().anyMatch(x -> x.path().equals(e.path()) && x.code().equals("0"));
                ChildCli.Result resolved = cli.run("Acs", "journal", "--resolve", e.id(), applied ? "--applied" : "--not-applied");
                assertThat(resolved.exit()).as(resolved.toString()).isZero();
            }
        }
        assertThat(runRow(cli).path("state").asText()).as(runRow(cli).toString()).isEqualTo("finished");
        assertThat(deploysPerNode()).isEqualTo(oncePerNode());
    }
}
