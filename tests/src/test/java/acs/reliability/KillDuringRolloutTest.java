package acs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import acs.journal.Journal;
import acs.journal.JournalEntry;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 in the middle of a DSL rollout leaves every command it started in the journal, and command-wait --pending finishes them. */
@Tag("child-process")
class KillDuringRolloutTest {
    @TempDir Path home;
    @TempDir Path work;

    @Test void everyStartedCommandIsPendingAfterKillDashNineAndCommandWaitFinishesThem() throws Exception {
        try (Simulator sim = Simulator.start(SimConfig.defaults().withSeedDemo(false).withExtraNodes(12).withCommandDuration(Duration.ofSeconds(3)))) {
            ChildCli cli = ChildCli.of(home, sim);
            Path script = work.resolve("roll.groovy");
            Files.writeString(script, String.join("\n",
                    "rollout(nodes(), batch: 4, pause: '0s') {",
                    "    deploy url: 'http://repo.example.com/app-3.war'",
                    "    waitDone(timeout: '1m')",
                    "}", ""));
            Journal journal = cli.journal();
            ProcessBuilder pb = cli.builder("Acs", "run", script.toString());
            File err = File.createTempFile("acs-err", ".txt");
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err);
            Process p = pb.start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                // the second batch is under way: some commands done, some running
                while (journal.entries().stream().filter(e -> e.state() == JournalEntry.State.SUCCEEDED).count() < 4
                        || journal.pending().isEmpty()) {
                    assertThat(p.isAlive()).as("the rollout is still running; stderr: %s", Files.readString(err.toPath())).isTrue();
                    assertThat(System.nanoTime()).as("the second batch starts").isLessThan(deadline);
                    Thread.sleep(50);
                }
            } finally {
                p.destroyForcibly();
            }
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();

            List<String> created = sim.accessLog().stream()
                    .filter(e -> e.method().equals("POST") && e.path().endsWith("/uploadStart") && e.code().equals("0")).map(e -> e.path()).toList();
            List<JournalEntry> entries = journal.entries();
            assertThat(entries).allSatisfy(e -> assertThat(e.face()).isEqualTo(JournalEntry.Face.DSL));
            assertThat(entries).as("every change the server accepted is in the journal")
                    .extracting(JournalEntry::path).containsAll(created);
            assertThat(journal.pending()).isNotEmpty().allSatisfy(e ->
                    assertThat(e.state()).isIn(JournalEntry.State.ACCEPTED, JournalEntry.State.SENDING));

            ChildCli.Result r = cli.run("Acs", "command-wait", "--pending");
            // a change killed between its request and its answer is an unknown outcome (exit 5); every accepted one finishes
            assertThat(r.exit()).as(r.toString()).isIn(0, 5);
            assertThat(journal.pending()).allSatisfy(e -> assertThat(e.state()).isEqualTo(JournalEntry.State.SENDING));
            assertThat(journal.entries()).filteredOn(e -> e.commandId() != null)
                    .allSatisfy(e -> assertThat(e.state()).isEqualTo(JournalEntry.State.SUCCEEDED));
        }
    }
}
