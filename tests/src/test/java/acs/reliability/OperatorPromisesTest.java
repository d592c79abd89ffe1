package acs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import acs.AcsException;
import acs.journal.Journal;
import acs.journal.JournalEntry;
import acs.sim.AccessLogEntry;
import acs.sim.NetworkFault;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promises of the CLI as an operator meets them: a child process, its exit code and stderr,
 * the journal in its ACS_HOME and the simulator's access log.
 */
@Tag("child-process")
class OperatorPromisesTest {
    static final String URL = "http://repo.example.com/ops.war";
    @TempDir Path home;
    Simulator sim;
    ChildCli cli;

    @BeforeEach void start() {
        sim = Simulator.start(SimConfig.defaults().withExtraNodes(4).withCommandDuration(Duration.ofMillis(200)));
        cli = ChildCli.of(home, sim);
    }

    @AfterEach void stop() {
        sim.close();
    }

    List<AccessLogEntry> changes() {
        return sim.accessLog().stream().filter(e -> !e.method().equals("GET")).toList();
    }

    @Test void aFleetDeployJournalsEveryNodeInAcsHome() throws Exception {
        ChildCli.Result r = cli.run("Acs", "node-deploy", "700001", "700002", "700003", "--url", URL, "--wait");
        assertThat(r.exit()).as(r.toString()).isZero();
        List<JournalEntry> entries = cli.journal().entries();
        assertThat(entries).extracting(JournalEntry::node).containsExactlyInAnyOrder(700001L, 700002L, 700003L);
        for (JournalEntry e : entries) {
            assertThat(e.state()).as("entry of node %d", e.node()).isEqualTo(JournalEntry.State.SUCCEEDED);
            assertThat(sim.state().commandIds(e.node())).containsExactly(e.commandId());
        }
        assertThat(Files.readString(home.resolve(Journal.FILE))).doesNotContain(sim.secretKey());
    }

    @Test void aFleetDryRunPrintsTheRequestsAndSendsNothing() throws Exception {
        ChildCli.Result r = cli.run("Acs", "node-deploy", "--all", "--url", URL, "--dry-run");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("POST ").contains("/api/v1/node/700004/uploadStart").contains("/api/v1/node/610474/uploadStart");
        assertThat(changes()).as("requests other than reads").isEmpty();
        assertThat(sim.state().commands()).isEmpty();
        assertThat(home.resolve(Journal.FILE)).satisfiesAnyOf(
                f -> assertThat(f).doesNotExist(), f -> assertThat(Journal.at(f).entries()).isEmpty());
    }

    /** Killed while the POST is on the wire (the server applied it and holds the answer): the journal still knows. */
    @Test void killDashNineDuringASendLeavesThePendingEntry() throws Exception {
        sim.faults().applyBeforeFault(true).stallTime(Duration.ofMinutes(5)).networkOnNode(610474, 1, NetworkFault.STALL);
        ProcessBuilder pb = cli.builder("Acs", "node-deploy", "610474", "--url", URL, "--timeout", "5m");
        File err = File.createTempFile("acs-err", ".txt");
        Process p = pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err).start();
        try {
            Await.until("the POST reached the simulator", () -> !changes().isEmpty(), p, err.toPath());
        } finally {
            p.destroyForcibly(); // SIGKILL, mid-send
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(137);
        sim.faults().clear();
        assertThat(sim.state().commandIds(610474)).as("applied by the server").hasSize(1);

        List<JournalEntry> pending = cli.journal().pending();
        assertThat(pending).singleElement().satisfies(e -> {
            assertThat(e.node()).isEqualTo(610474L);
            assertThat(e.state()).isEqualTo(JournalEntry.State.SENDING);
        });
        ChildCli.Result list = cli.run("Acs", "journal", "--pending");
        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(list.out()).contains("610474").contains(pending.get(0).id());
    }

    @Test void timeoutEndsARequestWithExit5AndSaysWhy() throws Exception {
        sim.faults().stallTime(Duration.ofMinutes(5)).networkOnNode(610474, 1, NetworkFault.STALL);
        ChildCli.Result r = cli.run("Acs", "node-get", "610474", "--timeout", "300ms");
        assertThat(r.exit()).as(r.toString()).isEqualTo(AcsException.EXIT_TRANSPORT);
        assertThat(r.err()).contains("no response within the request timeout");
        ChildCli.Result bad = cli.run("Acs", "node-get", "610474", "--timeout", "soon");
        assertThat(bad.exit()).as(bad.toString()).isEqualTo(AcsException.EXIT_USAGE);
        assertThat(bad.err()).contains("--timeout").contains("soon");
    }

    /** Polls a condition every 20 ms; fails if the child died or after two minutes (a hang, not a slow machine). */
    static final class Await {
        static void until(String what, java.util.function.BooleanSupplier done, Process p, Path err) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!done.getAsBoolean()) {
                assertThat(p.isAlive()).as("the CLI is still running; stderr: %s", Files.readString(err)).isTrue();
                if (System.nanoTime() > deadline) throw new AssertionError("never happened: " + what);
                Thread.sleep(20);
            }
        }
    }
}
