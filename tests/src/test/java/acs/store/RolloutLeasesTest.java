package acs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.client.AcsClient;
import acs.ConflictException;
import acs.UploadStart;
import acs.journal.Journal;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A script's {@code rollout} leases all its nodes when it starts, as a fleet command does: on the
 * file store (two processes on one home) and on a team's PostgreSQL store (two homes). A rollout
 * that wants a node a fleet run holds stops before anything is sent, naming the holder, or waits
 * with {@code acs run --wait-for-lease}; a node a running rollout has not reached yet is refused
 * to anyone else. Child processes, the real simulator and store.
 */
@Tag("child-process")
class RolloutLeasesTest {
    @TempDir Path homeA;
    @TempDir Path homeB;
    @TempDir Path scripts;
    Simulator sim;

    @BeforeEach void start() {
        sim = Simulator.start(SimConfig.defaults().withSeedDemo(false).withExtraNodes(20).withCommandDuration(Duration.ofMillis(300)));
    }

    @AfterEach void stop() {
        sim.close();
    }

    @Test void onTheFileStoreARolloutLeasesItsNodesWhenItStarts() throws Exception {
        ChildCli one = ChildCli.of(homeA, sim);
        collide(one, one, true);
    }

    private Map<String, String> teamStore(String name) {
        Map<String, String> env = new HashMap<>(ChildCli.env(sim));
        env.putAll(PgServer.get().env());
        env.put("ACS_STORE", PgServer.get().uri(PgServer.get().createDatabase(name)));
        env.put("ACS_LEASE_HEARTBEAT", "500ms");
        env.put("ACS_LEASE_TTL", "5s");
        return env;
    }

    @Test void aLibraryUsersChangeOnANodeAnotherMachinesRunHoldsIsRefusedLikeTheClis() throws Exception {
        Map<String, String> env = teamStore("library");
        Process fleet = start(new ChildCli(homeA, env), "node-deploy", "700001", "700002", "700003", "--batch", "1", "--pause", "3s",
                "--url", "http://repo.example.com/alice-5.2.war");
        try (StateStore store = new PgStoreProvider().open(URI.create(env.get("ACS_STORE")), env)) {
            await(() -> deploys(700001) >= 1, fleet);
            AcsClient plain = AcsClient.create(sim.endpoint().toString(), sim.accessKey(), sim.secretKey());
            // what 'acs shell' and AcsClient.create().journaled() do: a journaled client, here on the team's store
            AcsClient lib = plain.withJournal(Journal.on(store), Journal.Origin.of(plain.config(), acs.journal.JournalEntry.Face.LIBRARY));
            assertThatThrownBy(() -> lib.uploadStart(700003, UploadStart.of("http://repo.example.com/lib.war")))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("700003").hasMessageContaining("nothing was sent");
            assertThat(fleet.waitFor(1, TimeUnit.MINUTES)).isTrue();
            assertThat(fleet.exitValue()).isZero();
            assertThat(lib.uploadStart(700003, UploadStart.of("http://repo.example.com/lib.war")).commandId())
                    .as("free once the run ended").isNotBlank();
        } finally {
            fleet.destroyForcibly();
        }
        assertThat(uploadsPerNode()).as("the refused change was not sent").containsEntry(700003L, 2L);
    }

    @Test void onATeamsStoreARolloutLeasesItsNodesWhenItStartsForEveryHome() throws Exception {
        Map<String, String> env = teamStore(getClass().getSimpleName());
        collide(new ChildCli(homeA, env), new ChildCli(homeB, env), false);
        assertThat(Files.exists(homeB.resolve("journal.jsonl"))).as("the team's journal is the store, not a file").isFalse();
    }

    /** @param waitInScript whether bob's second try waits with the rollout's {@code waitForLease:} (else {@code acs run --wait-for-lease}) */
    private void collide(ChildCli alice, ChildCli bob, boolean waitInScript) throws Exception {
        // 1. alice's fleet run holds 700001-700004; bob's rollout over 700004-700006 is refused before anything is sent
        Process fleet = start(alice, "node-deploy", "700001", "700002", "700003", "700004", "--batch", "1", "--pause", "3s",
                "--url", "http://repo.example.com/alice-5.2.war");
        Path bobs = script("bob.groovy", 700004, 700006);
        try {
            await(() -> deploys(700001) >= 1, fleet);
            ChildCli.Result refused = bob.run("Acs", "run", bobs.toString(), "-Purl=http://repo.example.com/bob-4.9.war");
            assertThat(refused.exit()).as(refused.toString()).isEqualTo(8);
            assertThat(refused.err()).contains("700004").contains("leased by").contains("nothing was sent").contains("--wait-for-lease");
            assertThat(deploys(700005) + deploys(700006)).as("nothing of bob's rollout was sent, not even to nodes no one holds").isZero();

            ChildCli.Result waited = waitInScript
                    ? bob.run("Acs", "run", script("bob-waits.groovy", 700004, 700006, ", waitForLease: '2m'").toString(), "-Purl=http://repo.example.com/bob-4.9.war")
                    : bob.run("Acs", "run", bobs.toString(), "-Purl=http://repo.example.com/bob-4.9.war", "--wait-for-lease", "2m");
            assertThat(waited.exit()).as(waited.toString()).isZero();
            assertThat(fleet.waitFor(1, TimeUnit.MINUTES)).isTrue();
            assertThat(fleet.exitValue()).isZero();
        } finally {
            fleet.destroyForcibly();
        }
        List<AccessLogEntry> d = uploads(700004);
        assertThat(d).as("node 700004: alice's deploy, then bob's rollout once alice's run let go").hasSize(2);
        assertThat(d.get(0).time()).isBefore(d.get(1).time());

        // 2. a running rollout leases the nodes it has not reached yet: a fleet run on one of them is refused naming the script's run
        Process rollout = start(alice, "run", script("alice.groovy", 700011, 700014).toString(), "-Purl=http://repo.example.com/alice-5.3.war");
        try {
            await(() -> deploys(700011) >= 1, rollout);
            ChildCli.Result held = bob.run("Acs", "node-deploy", "700014", "700015", "--url", "http://repo.example.com/bob-5.0.war");
            assertThat(held.exit()).as(held.toString()).isEqualTo(8);
            assertThat(held.err()).contains("700014").contains("alice.groovy").contains("nothing was sent");
            assertThat(deploys(700015)).isZero();
            assertThat(rollout.waitFor(1, TimeUnit.MINUTES)).isTrue();
            assertThat(rollout.exitValue()).isZero();
        } finally {
            rollout.destroyForcibly();
        }
        ChildCli.Result free = bob.run("Acs", "node-deploy", "700014", "700015", "--url", "http://repo.example.com/bob-5.0.war");
        assertThat(free.exit()).as("the rollout ended: its nodes are free: " + free).isZero();
        assertThat(uploadsPerNode()).containsEntry(700011L, 1L).containsEntry(700014L, 2L).containsEntry(700015L, 1L);
    }

    /** A rollout over nodes FROM-TO, one at a time with a pause between them. */
    private Path script(String name, long from, long to) throws Exception {
        return script(name, from, to, "");
    }

    private Path script(String name, long from, long to, String options) throws Exception {
        String nodes = LongStream.rangeClosed(from, to).mapToObj(n -> "node(" + n + ")").collect(Collectors.joining(", "));
        Path p = scripts.resolve(name);
        Files.writeString(p, "rollout([" + nodes + "], batch: 1, pause: '1s'" + options + ") {\n    deploy url: param('url')\n    waitDone()\n}\n");
        return p;
    }

    private static Process start(ChildCli c, String... args) throws Exception {
        ProcessBuilder pb = c.builder("Acs", args);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(File.createTempFile("acs-err", ".txt"));
        return pb.start();
    }

    private List<AccessLogEntry> uploads(long node) {
        return sim.accessLog().stream().filter(e -> e.method().equals("POST") && e.path().equals("/api/v1/node/" + node + "/uploadStart")).toList();
    }

    private long deploys(long node) {
        return uploads(node).size();
    }

    private Map<Long, Long> uploadsPerNode() {
        return sim.accessLog().stream().filter(e -> e.method().equals("POST") && e.path().endsWith("/uploadStart"))
                .collect(Collectors.groupingBy(e -> Long.valueOf(e.path().split("/")[4]), Collectors.counting()));
    }

    private static void await(java.util.function.BooleanSupplier condition, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            assertThat(p.isAlive()).as("the run is still going").isTrue();
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
