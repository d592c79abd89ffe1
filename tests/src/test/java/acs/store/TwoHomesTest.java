package acs.store;

import static org.assertj.core.api.Assertions.assertThat;

import acs.journal.EntryQuery;
import acs.journal.JournalEntry;
import acs.journal.StateStore;
import acs.pg.PgStoreProvider;
import acs.reliability.ChildCli;
import acs.sim.AccessLogEntry;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * Two homes (two machines of a team) on one PostgreSQL store, as users run them: a run killed on
 * home A is finished from home B, each node once; an overlapping run from B is refused naming A's
 * run, or waits for it with --wait-for-lease. Child processes, the real simulator and store.
 */
@Tag("child-process")
class TwoHomesTest {
    static final int NODES = 200;
    @TempDir Path homeA;
    @TempDir Path homeB;
    Simulator sim;
    Map<String, String> env;
    ChildCli a, b;

    @BeforeEach void start() {
        sim = Simulator.start(SimConfig.defaults().withSeedDemo(false).withExtraNodes(NODES).withCommandDuration(Duration.ofMillis(300)));
        env = new HashMap<>(ChildCli.env(sim));
        env.putAll(PgServer.get().env());
        env.put("ACS_STORE", PgServer.get().uri(PgServer.get().createDatabase(getClass().getSimpleName())));
        env.put("ACS_LEASE_HEARTBEAT", "500ms");
        env.put("ACS_LEASE_TTL", "3s");
        Map<String, String> alice = new HashMap<>(env), bob = new HashMap<>(env);
        alice.put("ACS_OPERATOR", "alice");
        bob.put("ACS_OPERATOR", "bob");
        a = new ChildCli(homeA, alice);
        b = new ChildCli(homeB, bob);
    }

    @AfterEach void stop() {
        sim.close();
    }

    long succeeded() {
        try (StateStore s = new PgStoreProvider().open(URI.create(env.get("ACS_STORE")), env)) {
            return s.find(EntryQuery.ALL).stream().filter(e -> e.state() == JournalEntry.State.SUCCEEDED && e.run() != null).count();
        }
    }

    Process start(ChildCli c, String... args) throws Exception {
        ProcessBuilder pb = c.builder("Acs", args);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(File.createTempFile("acs-err", ".txt"));
        return pb.start();
    }

    Map<Long, Long> deploysPerNode() {
        return sim.accessLog().stream().filter(e -> e.method().equals("POST") && e.path().endsWith("/uploadStart"))
                .map(AccessLogEntry::path).collect(Collectors.groupingBy(p -> Long.valueOf(p.split("/")[4]), Collectors.counting()));
    }

    static void await(java.util.function.BooleanSupplier condition, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            assertThat(p.isAlive()).as("the run is still going").isTrue();
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test void aRunKilledOnOneHomeIsFinishedFromAnotherEachNodeOnce() throws Exception {
        Process p = start(a, "node-deploy", "--all", "--yes", "--batch", "50", "--pause", "4s", "--url", "http://repo.example.com/app-7.war");
        try {
            await(() -> succeeded() >= 50, p);
        } finally {
            p.destroyForcibly();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        ChildCli.Result runs = b.run("Acs", "journal", "--runs");
        assertThat(runs.exit()).as(runs.toString()).isZero();
        String run = acs.wire.Json.MAPPER.readTree(runs.out()).get(0).path("run").asText();
        // the killed process's claim lapses after its TTL; B's resume waits for it instead of failing
        ChildCli.Result r = b.run("Acs", "resume", run, "--wait-for-lease", "1m");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(deploysPerNode()).isEqualTo(LongStream.range(700001, 700001 + NODES).boxed()
                .collect(Collectors.toMap(Function.identity(), id -> 1L)));
    }

    @Test void anOverlappingRunFromAnotherHomeIsRefusedOrWaits() throws Exception {
        List<String> alice = new ArrayList<>(List.of("node-deploy"));
        LongStream.rangeClosed(700001, 700010).forEach(n -> alice.add(Long.toString(n)));
        alice.addAll(List.of("--url", "http://repo.example.com/alice.war", "--batch", "2", "--pause", "1s"));
        Process p = start(a, alice.toArray(String[]::new));
        try {
            await(() -> succeeded() >= 1, p);
            String[] bob = {"node-deploy", "700009", "700010", "700011", "--url", "http://repo.example.com/bob.war"};
            ChildCli.Result refused = b.run("Acs", bob);
            assertThat(refused.exit()).as(refused.toString()).isEqualTo(8);
            assertThat(refused.err()).contains("700009").contains("nothing was sent");
            List<String> waiting = new ArrayList<>(List.of(bob));
            waiting.addAll(List.of("--wait-for-lease", "2m"));
            ChildCli.Result waited = b.run("Acs", waiting.toArray(String[]::new));
            assertThat(waited.exit()).as(waited.toString()).isZero();
            assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
        }
        for (long n : new long[] {700009, 700010}) {
            List<AccessLogEntry> d = sim.accessLog().stream().filter(e -> e.path().equals("/api/v1/node/" + n + "/uploadStart")).toList();
            assertThat(d).as("node " + n + ": alice's deploy, then bob's").hasSize(2);
            assertThat(d.get(0).time()).isBefore(d.get(1).time());
        }
        assertThat(Files.exists(homeB.resolve("journal.jsonl"))).as("the team's journal is the store, not a file").isFalse();

        // who changed node 700009, from any home: alice's deploy from home A, then bob's from home B
        ChildCli.Result history = a.run("Acs", "history", "--node", "700009");
        assertThat(history.exit()).as(history.toString()).isZero();
        com.fasterxml.jackson.databind.JsonNode rows = acs.wire.Json.MAPPER.readTree(history.out());
        assertThat(rows).extracting(r -> r.path("operator").asText()).containsExactly("alice", "bob");
        assertThat(rows).extracting(r -> r.path("what").asText()).containsExactly("url=http://repo.example.com/alice.war", "url=http://repo.example.com/bob.war");
    }

    @Test void ofTwoResumesFromTwoHomesAtOnceOneFinishesTheRunAndTheOtherIsRefusedNamingIt() throws Exception {
        Process p = start(a, "node-deploy", "700001", "700002", "700003", "700004", "700005", "700006", "--batch", "2", "--pause", "10s",
                "--url", "http://repo.example.com/app-8.war");
        try {
            await(() -> succeeded() >= 2, p);
        } finally {
            p.destroyForcibly();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        String run;
        try (StateStore s = new PgStoreProvider().open(URI.create(env.get("ACS_STORE")), env)) {
            run = s.runs().get(0).id();
            // the killed process's claim lapses after its TTL: from then on either home may resume it
            acs.sim.Await.value(Duration.ofSeconds(30), "the killed run's heartbeat to lapse", s::leases,
                    l -> !l.isEmpty() && l.stream().noneMatch(StateStore.Lease::alive));
        }
        ProcessBuilder fromA = a.builder("Acs", "resume", run), fromB = b.builder("Acs", "resume", run);
        File errA = File.createTempFile("acs-a", ".txt"), errB = File.createTempFile("acs-b", ".txt");
        fromA.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(errA);
        fromB.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(errB);
        Process ra = fromA.start(), rb = fromB.start();
        assertThat(ra.waitFor(2, TimeUnit.MINUTES) && rb.waitFor(2, TimeUnit.MINUTES)).isTrue();
        List<Integer> exits = List.of(ra.exitValue(), rb.exitValue());
        String errs = Files.readString(errA.toPath()) + "\n---\n" + Files.readString(errB.toPath());
        assertThat(exits).as(errs).containsExactlyInAnyOrder(0, 8);
        String refused = ra.exitValue() == 8 ? Files.readString(errA.toPath()) : Files.readString(errB.toPath());
        assertThat(refused).contains(run).contains(ra.exitValue() == 8 ? "bob" : "alice");
        assertThat(deploysPerNode()).as("each node once").isEqualTo(LongStream.rangeClosed(700001, 700006).boxed()
                .collect(Collectors.toMap(Function.identity(), id -> 1L)));
    }
}
