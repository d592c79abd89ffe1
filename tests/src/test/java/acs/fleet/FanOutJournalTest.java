package acs.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import acs.ApiCall;
import acs.journal.Journal;
import acs.journal.JournalEntry;
import acs.UploadStart;
import acs.sim.NetworkFault;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fleet run journals each node like the single-node path, and never repeats a start whose answer was lost. */
class FanOutJournalTest {
    @TempDir Path dir;

    @Test
    void aLostAnswerIsAnUnknownOutcomeJournaledAndNeverRepeated() {
        try (Simulator sim = Simulator.start(SimConfig.defaults().withCommandDuration(Duration.ofMillis(60)))) {
            sim.faults().networkOnNode(610247, 1.0, NetworkFault.LOST_RESPONSE);
            Journal journal = Journal.at(dir.resolve("journal.jsonl"));
            FleetReport<Long, Void> report = FanOut.of(sim.client().withJournal(journal, Journal.Origin.of(sim.client().config(), JournalEntry.Face.FLEET))).withPollDelays(Duration.ofMillis(50), Duration.ofMillis(200))
                    .run(List.of(610474L, 610247L), id -> ApiCall.uploadStart(id, UploadStart.of("http://repo.example.com/f.war")));

            Map<Long, FleetResult<Long, Void>> byNode = report.results().stream().collect(Collectors.toMap(FleetResult::item, Function.identity()));
            assertThat(byNode.get(610474L).outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(byNode.get(610247L).outcome()).isEqualTo(Outcome.UNKNOWN);
            assertThat(byNode.get(610247L).error()).contains("may or may not have been applied").contains("node-get 610247");
            assertThat(report.exitCode()).isEqualTo(5);
            assertThat(sim.state().commandIds(610247)).as("applied once, never repeated").hasSize(1);

            Map<Long, JournalEntry> last = journal.entries().stream().collect(Collectors.toMap(JournalEntry::node, Function.identity(), (a, b) -> b));
            assertThat(last.get(610247L).state()).isEqualTo(JournalEntry.State.UNKNOWN);
            assertThat(last.get(610247L).commandId()).isEqualTo("unknown");
            assertThat(last.get(610474L).state()).isEqualTo(JournalEntry.State.SUCCEEDED);
            assertThat(last.get(610474L).commandId()).isEqualTo(byNode.get(610474L).commandId());
            assertThat(journal.pending()).extracting(JournalEntry::node).containsExactly(610247L);
        }
    }
}
