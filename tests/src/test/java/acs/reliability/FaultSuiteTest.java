package acs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import acs.client.AcsClient;
import acs.config.AcsConfig;
import acs.AcsException;
import acs.ApiCall;
import acs.ApiException;
import acs.Command;
import acs.journal.Journal;
import acs.journal.JournalEntry;
import acs.Node;
import acs.OutcomeUnknownException;
import acs.lifecycle.RetryPolicy;
import acs.UploadStart;
import acs.WaitOptions;
import acs.sim.NetworkFault;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault suite of issue 7: fault rate 0.3, every network fault kind on. 100 reads all end
 * correct; 50 deploys never make two commands from one call, and every outcome is known or
 * journaled as unknown; the waiter rides through. The suite proves it ran what it claims: every
 * fault kind was injected and every outcome (accepted, unknown after a 500 answer, unknown applied and unknown not
 * applied) occurred.
 *
 * <p>The faults are seeded: {@code -Dacs.faultSeed=N} replays a run (the seed is printed). The
 * figures docs/RELIABILITY.md quotes are this test's output, written to
 * {@code tests/target/reliability-figures.md} with the seed that made them.
 */
class FaultSuiteTest {
    static final double RATE = 0.3;
    static final int READS = 100, DEPLOYS = 50, FIRST_NODE = 700001;
    /** 10 attempts: at 30% faults a read fails all of them with p = 0.3^10 ≈ 6e-6. */
    static final RetryPolicy SUITE = new RetryPolicy(10, Duration.ofMillis(5), Duration.ofMillis(50));

    /** A seed whose run meets every fault kind and every outcome; another seed that does not fails the test, saying so. */
    static final long SEED = Long.getLong("acs.faultSeed", 20261201L);

    @TempDir Path home;

    @Test void faultSuite() throws Exception {
        try (Simulator sim = Simulator.start(SimConfig.defaults().withExtraNodes(DEPLOYS).withCommandDuration(Duration.ofMillis(200)))) {
            AcsConfig config = AcsConfig.of(sim.endpoint().toString(), sim.accessKey(), sim.secretKey()).withRequestTimeout(Duration.ofMillis(400));
            AtomicInteger retries = new AtomicInteger();
            AcsClient acs = AcsClient.create(config).withRetry(SUITE).trace(line -> {
                if (line.startsWith("!")) retries.incrementAndGet();
            });
            // The truth, read before any fault.
            Map<Long, Node> truth = new LinkedHashMap<>();
            for (Node n : sim.client().nodes()) truth.put(n.id(), n);
            List<Long> ids = new ArrayList<>(truth.keySet());

            System.out.println("fault suite: -Dacs.faultSeed=" + SEED);
            sim.faults().seed(SEED).network(RATE, NetworkFault.values()).stallTime(Duration.ofMillis(1000));
            long t0 = System.nanoTime();

            // ---- 100 reads ----
            Random r = new Random(SEED);
            int readsOk = 0;
            for (int i = 0; i < READS; i++) {
                if (i % 4 == 0) {
                    assertThat(acs.nodes()).extracting(Node::id).containsExactlyElementsOf(ids);
                } else {
                    long id = ids.get(r.nextInt(ids.size()));
                    Node n = acs.node(id);
                    assertThat(n.id()).isEqualTo(id);
                    assertThat(n.name()).isEqualTo(truth.get(id).name());
                    assertThat(n.serviceId()).isEqualTo(truth.get(id).serviceId());
                }
                readsOk++;
            }
            int readRetries = retries.get();
            long faultsAfterReads = sim.faults().injectedTotal();

            // ---- 50 deploys, journaled ----
            Journal journal = Journal.at(home.resolve("journal.jsonl"));
            Map<Long, String> accepted = new LinkedHashMap<>();
            Map<Long, String> unknown = new LinkedHashMap<>();
            List<Long> answered500 = new ArrayList<>();
            for (int i = 0; i < DEPLOYS; i++) {
                long node = FIRST_NODE + i;
                try {
                    JsonNode data = acs.withJournal(journal, Journal.Origin.of(acs.config(), JournalEntry.Face.LIBRARY)).callRaw(ApiCall.uploadStart(node, UploadStart.of("http://repo.example.com/app-" + i + ".war")));
                    accepted.put(node, data.path("commandId").asText());
                } catch (OutcomeUnknownException e) {
                    assertThat(e.getMessage()).contains("node " + node).contains("acs node-get " + node).contains("may or may not have been applied");
                    assertThat(e.exitCode()).isEqualTo(AcsException.EXIT_TRANSPORT);
                    unknown.put(node, e.entryId());
                    // a 500 answer proves nothing: a server that failed after applying answers so
                    if (e.getCause() instanceof ApiException a && a.httpStatus() == 500) answered500.add(node);
                }
            }

            // ---- the waiter rides through the same faults ----
            int waited = 0;
            for (String commandId : accepted.values()) {
                Command done = acs.waitFor(commandId, WaitOptions.timeout(Duration.ofSeconds(60)).withDelays(Duration.ofMillis(20), Duration.ofMillis(100)));
                assertThat(done.succeeded()).isTrue();
                journal.finished(done);
                waited++;
            }
            long faults = sim.faults().injectedTotal();
            Map<NetworkFault, Long> byKind = sim.faults().injected();
            sim.faults().clear();
            long millis = (System.nanoTime() - t0) / 1_000_000;

            // ---- compare the simulator's commands per node with the client's outcomes ----
            int unknownApplied = 0, unknownNotApplied = 0;
            for (int i = 0; i < DEPLOYS; i++) {
                long node = FIRST_NODE + i;
                List<String> cmds = sim.state().commandIds(node);
                assertThat(cmds).as("commands on node %d", node).hasSizeLessThanOrEqualTo(1);
                if (accepted.containsKey(node)) assertThat(cmds).containsExactly(accepted.get(node));
                if (unknown.containsKey(node)) {
                    if (cmds.isEmpty()) unknownNotApplied++;
                    else unknownApplied++;
                }
            }
            assertThat(accepted.size() + unknown.size()).isEqualTo(DEPLOYS);

            // ---- the journal: every unknown outcome is there as unknown, every accepted one finished ----
            Map<String, JournalEntry> entries = new LinkedHashMap<>();
            for (JournalEntry e : journal.entries()) entries.put(e.id(), e);
            assertThat(entries).hasSize(DEPLOYS);
            unknown.forEach((node, entryId) -> {
                JournalEntry e = entries.get(entryId);
                assertThat(e.state()).isEqualTo(JournalEntry.State.UNKNOWN);
                assertThat(e.commandId()).isEqualTo(Journal.UNKNOWN);
                assertThat(e.node()).isEqualTo(node);
            });
            assertThat(journal.pending()).extracting(JournalEntry::id).containsExactlyInAnyOrderElementsOf(unknown.values());
            assertThat(entries.values().stream().filter(e -> e.state() == JournalEntry.State.SUCCEEDED).count()).isEqualTo(accepted.size());
            assertThat(Files.readString(journal.file())).doesNotContain(sim.secretKey());

            // ---- the suite proves itself: what it claims to have survived did happen ----
            String replay = " (seed " + SEED + "; try another -Dacs.faultSeed)";
            assertThat(byKind).as("faults injected by kind" + replay).allSatisfy((kind, n) -> assertThat(n).as(kind + replay).isPositive());
            assertThat(accepted).as("accepted deploys" + replay).isNotEmpty();
            assertThat(answered500).as("deploys answered HTTP 500, journaled as unknown" + replay).isNotEmpty();
            assertThat(unknownApplied).as("unknown outcomes the simulator had applied" + replay).isPositive();
            assertThat(unknownNotApplied).as("unknown outcomes the simulator had not applied" + replay).isPositive();
            assertThat(readRetries).as("client retries during the reads" + replay).isPositive();

            String figures = String.join("\n",
                    "Fault suite, seed " + SEED + " (`mvn -B -o -pl tests -am test -Dtest=FaultSuiteTest -Dacs.faultSeed=" + SEED + "`):",
                    "",
                    "| | seed " + SEED + " |",
                    "|---|---|",
                    "| faults injected (reads + deploys + waits) | " + faults + " " + byKind + " |",
                    "| reads / correct | " + READS + " / " + readsOk + " |",
                    "| client retries during reads (faults during reads) | " + readRetries + " (" + faultsAfterReads + ") |",
                    "| deploys | " + DEPLOYS + " |",
                    "| accepted, then waited to success through the faults | " + accepted.size() + " (waited " + waited + ") |",
                    "| answered HTTP 500 (unknown: a server may fail after applying) | " + answered500.size() + " |",
                    "| unknown outcomes, all journaled as unknown | " + unknown.size() + " |",
                    "| … of which the simulator had applied / had not | " + unknownApplied + " / " + unknownNotApplied + " |",
                    "| nodes with two commands from one call | 0 (asserted) |",
                    "| commands applied but unknown to client and journal | 0 (asserted) |",
                    "| wall time | " + millis + " ms |", "");
            System.out.print(figures);
            Files.writeString(Path.of("target", "reliability-figures.md"), figures);
        }
    }
}
