package acs.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import acs.journal.JournalEntry;
import acs.reliability.ChildCli;
import acs.sim.AccessLogEntry;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "sending" means it left: a fleet's change is journaled when its request is about to go, not
 * while it waits for the request budget. A CLI killed (SIGKILL) while most of its 300 changes are
 * still queued leaves unknown only changes whose request reached the server.
 */
@Tag("child-process")
class QueuedChangesTest {
    @TempDir Path home;
    Simulator sim;

    @AfterEach void stop() {
        if (sim != null) sim.close();
    }

    @Test void aKillWhileRequestsAreQueuedLeavesUnknownOnlyTheRequestsThatLeft() throws Exception {
        CompletableFuture<Process> child = new CompletableFuture<>();
        CompletableFuture<Void> killed = new CompletableFuture<>();
        // The kill comes from the simulator as the first start arrives, before it is answered.
        sim = Simulator.start(SimConfig.defaults().withExtraNodes(298).withCommandDuration(Duration.ofSeconds(30)).withAccessLogSink(line -> {
            if (line.contains("/uploadStart") && !killed.isDone()) {
                child.join().destroyForcibly();
                killed.complete(null);
            }
        }));
        ChildCli cli = ChildCli.of(home, sim);
        ProcessBuilder pb = cli.builder("Acs", "node-deploy", "--all", "--yes", "--concurrency", "300", "--wait",
                "--url", "http://repo.example.com/app-2.0.war");
        File err = File.createTempFile("acs-err", ".txt");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err);
        Process p = pb.start();
        child.complete(p);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("the CLI ends").isTrue();
        assertThat(killed).as("killed by the first start; stderr: %s", Files.readString(err.toPath())).isDone();
        assertThat(p.exitValue()).isEqualTo(137);

        List<JournalEntry> pending = cli.journal().pending();
        assertThat(pending).as("the changes that were begun").isNotEmpty()
                .allSatisfy(e -> assertThat(e.state()).isEqualTo(JournalEntry.State.SENDING));
        Set<String> begun = pending.stream().map(JournalEntry::path).collect(Collectors.toSet());
        // Requests the child wrote before it died reach the server after it: wait for every begun one.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!starts().containsAll(begun) && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(starts()).as("each change left unknown reached the server").containsAll(begun);
        assertThat(pending.size()).as("unknown changes, of 300 queued").isLessThanOrEqualTo(RequestBudget.FIRST_WINDOW);
        err.delete();
    }

    private Set<String> starts() {
        return sim.accessLog().stream().map(AccessLogEntry::path).filter(x -> x.endsWith("/uploadStart")).collect(Collectors.toSet());
    }
}
