package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.journal.JournalEntry;
import acs.journal.JournalEntry.State;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import acs.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code acs command-wait} in this JVM against an in-process simulator, with a journal of the
 * test's own (the system property {@code acs.journal}, put back after each test): one command by its
 * id, and {@code --pending} after a run that did not wait.
 */
class CommandWaitInProcessTest {
    @RegisterExtension final OwnJournal own = new OwnJournal();

    private static JournalEntry entry(String id, String endpoint, String profile, Long node, Long container, State state, String commandId, long pid) {
        Instant now = Instant.now();
        return new JournalEntry(id, now, now, endpoint, profile, "node-stop", "POST", "/x", node, container, Map.of(), commandId, state, null, pid,
                JournalEntry.Face.CLI, null, null, 0, "bob@h2", null);
    }

    private static String commandIdOf(CliHarness.Result r) throws Exception {
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode n = Json.MAPPER.readTree(r.out());
        String id = n.path("commandId").asText(n.path("id").asText());
        assertThat(id).as(r.toString()).isNotEmpty();
        return id;
    }

    @Test void aCommandIdOrPendingIsRequiredButNotBoth() {
        CliHarness.Result neither = CliHarness.run("command-wait");
        assertThat(neither.exit()).isEqualTo(2);
        assertThat(neither.err()).contains("--pending").contains("give a COMMAND_ID or --pending");
        CliHarness.Result both = CliHarness.run("command-wait", "abc", "--pending");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("COMMAND_ID").contains("not with --pending");
        CliHarness.Result all = CliHarness.run("command-wait", "abc", "--all-endpoints");
        assertThat(all.exit()).isEqualTo(2);
        assertThat(all.err()).contains("--all-endpoints").contains("only makes sense with --pending");
    }

    @Test void nothingPendingSaysSoAndSucceeds() {
        try (Simulator sim = Simulator.start()) {
            CliHarness.Result r = CliHarness.runAgainst(sim, "command-wait", "--pending");
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.err()).contains("acs: nothing pending in " + own.file());
            assertThat(r.out()).isEmpty();
        }
    }

    @Test void aCommandIsWaitedForByItsIdAndATimeoutExitsSeven() throws Exception {
        try (Simulator sim = Simulator.start(SimConfig.defaults().withCommandDuration(Duration.ofMillis(200)))) {
            String id = commandIdOf(CliHarness.runAgainst(sim, "node-stop", "610474", "--yes"));
            CliHarness.Result r = CliHarness.runAgainst(sim, "command-wait", id);
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).contains(id);
        }
        try (Simulator slow = Simulator.start(SimConfig.defaults().withCommandDuration(Duration.ofMinutes(5)))) {
            String id = commandIdOf(CliHarness.runAgainst(slow, "node-stop", "610474", "--yes"));
            CliHarness.Result r = CliHarness.runAgainst(slow, "command-wait", id, "--wait-timeout", "100ms");
            assertThat(r.exit()).as(r.toString()).isEqualTo(7);
        }
    }

    @Test void pendingWaitsForWhatWasAcceptedHereAndNamesEverythingElse() throws Exception {
        try (Simulator sim = Simulator.start(SimConfig.defaults().withCommandDuration(Duration.ofMillis(100)))) {
            String id = commandIdOf(CliHarness.runAgainst(sim, "node-stop", "610474", "--yes"));
            JournalEntry accepted = own.journal().store().find(acs.journal.EntryQuery.pending()).get(0);
            assertThat(accepted.commandId()).isEqualTo(id);
            String here = accepted.endpoint();
            own.journal().store().append(List.of(
                    entry("e-unknown", here, null, 610247L, null, State.UNKNOWN, null, 1),
                    entry("e-sending", here, null, null, 77L, State.SENDING, null, ProcessHandle.current().pid()),
                    entry("e-other", "http://other.example.test", "p1", 610475L, null, State.ACCEPTED, "cmd-elsewhere", 1),
                    entry("e-other2", "http://other2.example.test", null, null, null, State.ACCEPTED, "cmd-elsewhere-2", 1)));

            CliHarness.Result r = CliHarness.runAgainst(sim, "command-wait", "--pending");
            assertThat(r.exit()).as("an outcome is unknown: " + r).isEqualTo(5);
            assertThat(r.err()).contains("acs: node-stop node 610474 (entry " + accepted.id() + ")\n")
                    .contains("acs: node-stop node 610247 has an unknown outcome (entry e-unknown, ")
                    .contains("check 'acs node-get 610247' and the node's latest command before retrying; then 'acs journal --resolve e-unknown --applied'")
                    .contains("acs: node-stop container 77 is still being sent by process " + ProcessHandle.current().pid() + " (entry e-sending)")
                    .contains("acs: skipping node-stop node 610475 (command cmd-elsewhere, entry e-other): it was made on http://other.example.test (profile p1), not on " + here)
                    .contains("acs: skipping node-stop (command cmd-elsewhere-2, entry e-other2): it was made on http://other2.example.test, not on")
                    .contains("acs: 2 pending command(s) were made on other endpoints and were not waited for;")
                    .doesNotContain("cmd-elsewhere (");
            assertThat(r.out()).contains(id);
            assertThat(sim.accessLog()).noneMatch(l -> l.path().contains("cmd-elsewhere"));
        }
    }

    @Test void withAllEndpointsACommandMadeOnAnotherEmbeddedSimulatorIsNamedAndItsExitKept() throws Exception {
        try (Simulator sim = Simulator.start()) {
            own.journal().store().append(List.of(entry("e-emb", Connections.EMBEDDED + "/some/home/sim-state.json", null, 5L, null, State.ACCEPTED, "cmd-emb", 1)));
            CliHarness.Result r = CliHarness.runAgainst(sim, "command-wait", "--pending", "--all-endpoints");
            assertThat(r.exit()).as(r.toString()).isEqualTo(3);
            assertThat(r.err()).contains("acs: cannot reach " + Connections.EMBEDDED + "/some/home/sim-state.json for node-stop node 5 (entry e-emb): ")
                    .contains("run 'acs command-wait --pending' with that ACS_HOME").doesNotContain("were not waited for");
        }
    }

    @Test void aPendingCommandThatTimesOutMakesTheExitSevenEvenWithAnUnknownOutcome() throws Exception {
        try (Simulator slow = Simulator.start(SimConfig.defaults().withCommandDuration(Duration.ofMinutes(5)))) {
            commandIdOf(CliHarness.runAgainst(slow, "node-stop", "610474", "--yes"));
            JournalEntry accepted = own.journal().store().find(acs.journal.EntryQuery.pending()).get(0);
            own.journal().store().append(List.of(entry("e-unknown", accepted.endpoint(), null, 610247L, null, State.UNKNOWN, null, 1)));
            CliHarness.Result r = CliHarness.runAgainst(slow, "command-wait", "--pending", "--wait-timeout", "100ms");
            assertThat(r.exit()).as(r.toString()).isEqualTo(7);
            assertThat(r.err()).contains("acs: error: ").contains("has an unknown outcome");
        }
    }

    @Test void pendingCommandsThatAllSucceedExitZeroAndAFailureExitsSix() throws Exception {
        try (Simulator sim = Simulator.start(SimConfig.defaults().withCommandDuration(Duration.ofMillis(50)))) {
            commandIdOf(CliHarness.runAgainst(sim, "node-stop", "610474", "--yes"));
            CliHarness.Result ok = CliHarness.runAgainst(sim, "command-wait", "--pending");
            assertThat(ok.exit()).as(ok.toString()).isZero();
            assertThat(ok.err()).contains("acs: node-stop node 610474 (entry ").doesNotContain("unknown outcome");

            sim.faults().onNode(610247, acs.sim.CommandFault.START_FAILED);
            String failing = commandIdOf(CliHarness.runAgainst(sim, "node-stop", "610247", "--yes"));
            CliHarness.Result byId = CliHarness.runAgainst(sim, "command-wait", failing);
            assertThat(byId.exit()).as(byId.toString()).isEqualTo(6);
            String again = commandIdOf(CliHarness.runAgainst(sim, "node-stop", "610247", "--yes"));
            JournalEntry accepted = own.journal().store().find(acs.journal.EntryQuery.pending()).stream()
                    .filter(e -> again.equals(e.commandId())).findFirst().orElseThrow();
            own.journal().store().append(List.of(entry("e-unknown", accepted.endpoint(), null, 5L, null, State.UNKNOWN, null, 1)));
            Files.writeString(own.file(), "{not a journal line\n", java.nio.file.StandardOpenOption.APPEND);
            CliHarness.Result failed = CliHarness.runAgainst(sim, "command-wait", "--pending");
            assertThat(failed.exit()).as("a failure outranks an unknown outcome: " + failed).isEqualTo(6);
            assertThat(failed.err()).startsWith("acs: warning: ").contains("has an unknown outcome");
        }
    }
}
