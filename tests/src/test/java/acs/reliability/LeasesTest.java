package acs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import acs.journal.JournalEntry;
import acs.sim.AccessLogEntry;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node leases on the file store (one home, two processes collide as two machines on a shared
 * store do): a run that wants a node another run holds is refused before anything is sent,
 * naming the holder, or waits with --wait-for-lease; a single change on a held node too.
 */
@Tag("child-process")
class LeasesTest {
    @TempDir Path home;
    Simulator sim;
    ChildCli cli;

    @BeforeEach void start() {
        sim = Simulator.start(SimConfig.defaults().withSeedDemo(false).withExtraNodes(30).withCommandDuration(Duration.ofMillis(300)));
        cli = ChildCli.of(home, sim);
    }

    @AfterEach void stop() {
        sim.close();
    }

    static String[] deploy(String url, long from, long to, String... more) {
        List<String> a = new ArrayList<>(List.of("node-deploy"));
        LongStream.rangeClosed(from, to).forEach(n -> a.add(Long.toString(n)));
        a.addAll(List.of("--url", url));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    List<AccessLogEntry> deploysOf(long node) {
        return sim.accessLog().stream().filter(e -> e.path().equals("/api/v1/node/" + node + "/uploadStart")).toList();
    }

    @Test void anOverlappingRunIsRefusedNamingTheHolderAndWaitsWhenAsked() throws Exception {
        ProcessBuilder alice = cli.builder("Acs", deploy("http://repo.example.com/alice-5.2.war", 700001, 700010, "--batch", "2", "--pause", "1s"));
        File err = File.createTempFile("acs-alice", ".txt");
        alice.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err);
        Process a = alice.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (cli.journal().entries().stream().noneMatch(e -> e.state() == JournalEntry.State.SUCCEEDED)) {
                assertThat(a.isAlive()).as(Files.readString(err.toPath())).isTrue();
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(20);
            }
            int before = sim.accessLog().size();
            ChildCli.Result bob = cli.run("Acs", deploy("http://repo.example.com/bob-4.9.war", 700008, 700012));
            assertThat(bob.exit()).as(bob.toString()).isEqualTo(8);
            assertThat(bob.err()).containsPattern("nodes \\[700008, 700009, 700010\\] are leased by run [0-9a-f]{6} \\(")
                    .contains("node-deploy on 10 nodes").contains("running now").contains("nothing was sent").contains("--wait-for-lease");
            ChildCli.Result one = cli.run("Acs", "node-deploy", "700010", "--url", "http://repo.example.com/bob-4.9.war");
            assertThat(one.exit()).as("a single change on a held node: " + one).isEqualTo(8);
            assertThat(sim.accessLog().subList(before, sim.accessLog().size())).as("nothing of bob's was sent, not even to his own nodes")
                    .noneMatch(e -> e.path().equals("/api/v1/node/700011/uploadStart") || e.path().equals("/api/v1/node/700012/uploadStart"));

            ChildCli.Result waited = cli.run("Acs", deploy("http://repo.example.com/bob-4.9.war", 700008, 700012, "--wait-for-lease", "2m"));
            assertThat(waited.exit()).as(waited.toString()).isZero();
            assertThat(a.waitFor(1, TimeUnit.MINUTES)).isTrue();
            assertThat(a.exitValue()).as(Files.readString(err.toPath())).isZero();
        } finally {
            a.destroyForcibly();
        }
        for (long n = 700008; n <= 700010; n++) {
            List<AccessLogEntry> d = deploysOf(n);
            assertThat(d).as("node " + n + ": alice's, then bob's after alice's run let go").hasSize(2);
            assertThat(d.get(0).time()).isBefore(d.get(1).time());
        }
    }

    @Test void aSingleChangeHoldsItsNodeUntilItsWaitEndsSoAnOverlappingRunIsRefusedNamingIt() throws Exception {
        sim.close();
        // alice's command runs 30 s: two child JVMs (lease list, bob's run) must start while it does, on a loaded machine too
        sim = Simulator.start(SimConfig.defaults().withSeedDemo(false).withExtraNodes(30).withCommandDuration(Duration.ofSeconds(30)));
        cli = ChildCli.of(home, sim);
        java.util.Map<String, String> env = new java.util.HashMap<>(ChildCli.env(sim));
        env.put("ACS_OPERATOR", "alice");
        ProcessBuilder pb = new ChildCli(home, env).builder("Acs", "node-deploy", "700002", "--url", "http://repo.example.com/alice-5.2.war", "--wait");
        File err = File.createTempFile("acs-alice", ".txt");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err);
        Process a = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (deploysOf(700002).isEmpty()) { // sent: the command runs now, and alice's process waits for it
                assertThat(a.isAlive()).as(Files.readString(err.toPath())).isTrue();
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(20);
            }
            com.fasterxml.jackson.databind.JsonNode leases = acs.wire.Json.MAPPER.readTree(cli.run("Acs", "lease", "list").out());
            assertThat(leases).as("the single change's hold, shown as its operator and what it does").singleElement().satisfies(l -> {
                assertThat(l.path("nodes").toString()).isEqualTo("[700002]");
                assertThat(l.path("run").isNull()).as("held by no run").isTrue();
                assertThat(l.path("operator").asText()).isEqualTo("alice");
                assertThat(l.path("what").asText()).isEqualTo("node-deploy on node 700002");
            });
            ChildCli.Result bob = cli.run("Acs", deploy("http://repo.example.com/bob-4.9.war", 700001, 700003));
            boolean aliceStillWaits = a.isAlive();
            assertThat(bob.exit()).as(bob + " (alice's deploy still waiting: " + aliceStillWaits + ")").isEqualTo(8);
            assertThat(bob.err()).contains("node 700002 is held by a single change (alice: node-deploy on node 700002, since ")
                    .contains("nothing was sent");
            assertThat(deploysOf(700001)).as("nothing of bob's run was sent").isEmpty();

            assertThat(a.waitFor(1, TimeUnit.MINUTES)).isTrue();
            assertThat(a.exitValue()).as(Files.readString(err.toPath())).isZero();
        } finally {
            a.destroyForcibly();
        }
        assertThat(acs.wire.Json.MAPPER.readTree(cli.run("Acs", "lease", "list").out())).as("given back when the wait ended").isEmpty();
        ChildCli.Result after = cli.run("Acs", deploy("http://repo.example.com/bob-4.9.war", 700001, 700003));
        assertThat(after.exit()).as("alice's change ended: bob's run proceeds: " + after).isZero();
    }

    @Test void aKilledRunKeepsItsLeasesUntilResumedOrReleased() throws Exception {
        ProcessBuilder pb = cli.builder("Acs", deploy("http://repo.example.com/a.war", 700001, 700006, "--batch", "2", "--pause", "30s"));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (cli.journal().entries().stream().filter(e -> e.state() == JournalEntry.State.SUCCEEDED).count() < 2) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(20);
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        ChildCli.Result done = cli.run("Acs", "node-deploy", "700001", "--url", "http://repo.example.com/b.war");
        assertThat(done.exit()).as("a node the killed run finished is free: " + done).isZero();
        ChildCli.Result held = cli.run("Acs", "node-deploy", "700005", "--url", "http://repo.example.com/b.war");
        assertThat(held.exit()).as(held.toString()).isEqualTo(8);
        assertThat(held.err()).contains("interrupted: 'acs resume");

        // (e) nobody will resume it: carol frees its nodes by force, and the history says she did
        String run = acs.wire.Json.MAPPER.readTree(cli.run("Acs", "journal", "--runs").out()).get(0).path("run").asText();
        java.util.Map<String, String> env = new java.util.HashMap<>(ChildCli.env(sim));
        env.put("ACS_OPERATOR", "carol");
        ChildCli carol = new ChildCli(home, env);
        ChildCli.Result released = carol.run("Acs", "lease", "release", run, "--force", "--yes");
        assertThat(released.exit()).as(released.toString()).isZero();
        assertThat(released.err()).contains(run).contains("carol");
        com.fasterxml.jackson.databind.JsonNode history = acs.wire.Json.MAPPER.readTree(cli.run("Acs", "history", "--run", run).out());
        assertThat(history).filteredOn(e -> e.path("operation").asText().equals("lease-release")).singleElement()
                .satisfies(e -> assertThat(e.path("operator").asText()).isEqualTo("carol"));
        ChildCli.Result free = cli.run("Acs", "node-deploy", "700005", "--url", "http://repo.example.com/b.war");
        assertThat(free.exit()).as("released: " + free).isZero();
    }
}
