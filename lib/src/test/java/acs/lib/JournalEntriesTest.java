package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.ApiCall;
import acs.Command;
import acs.CommandStatus;
import acs.HistoryStart;
import acs.InvalidInputException;
import acs.NodeStart;
import acs.UploadStart;
import acs.journal.Journal;
import acs.journal.JournalEntry;
import acs.journal.JournalEntry.State;
import acs.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user reads in the journal: the file's lines (README "Journal"), the names of operations
 * in messages, what to check after an unknown outcome, resolving by an id prefix.
 */
class JournalEntriesTest {
    static final Journal.Origin CLI = new Journal.Origin(JournalEntry.Face.CLI, "http://acs.example.com", null, null, 0, "tester@ci", () -> null);

    @TempDir Path home;

    Journal journal() {
        return Journal.at(home.resolve("journal.jsonl"));
    }

    @Test
    void everyLineIsAFullSnapshotWithTheApisSpellings() throws Exception {
        Journal j = journal();
        JournalEntry e = j.begin(new Journal.Origin(JournalEntry.Face.DSL, "http://acs.example.com", "prod", "run-7", 0, "tester@ci", () -> "deploy.groovy:12"), null,
                ApiCall.uploadStart(610474, UploadStart.of("http://repo.example.com/a.war")));
        j.accepted(e, "c-1");
        List<String> lines = Files.readAllLines(j.file());
        assertThat(lines).hasSize(2);
        JsonNode first = Json.MAPPER.readTree(lines.get(0)), second = Json.MAPPER.readTree(lines.get(1));
        assertThat(first.path("state").asText()).isEqualTo("sending");
        assertThat(first.get("commandId").isNull()).isTrue();
        assertThat(second.path("state").asText()).isEqualTo("accepted");
        assertThat(second.path("commandId").asText()).isEqualTo("c-1");
        for (JsonNode line : List.of(first, second)) {
            assertThat(line.path("id").asText()).isEqualTo(e.id());
            assertThat(line.path("operation").asText()).isEqualTo("node-deploy");
            assertThat(line.path("method").asText()).isEqualTo("POST");
            assertThat(line.path("path").asText()).isEqualTo("/api/v1/node/610474/uploadStart");
            assertThat(line.path("node").asLong()).isEqualTo(610474L);
            assertThat(line.has("container")).isFalse();
            assertThat(line.path("params").path("url").asText()).isEqualTo("http://repo.example.com/a.war");
            assertThat(line.path("endpoint").asText()).isEqualTo("http://acs.example.com");
            assertThat(line.path("profile").asText()).isEqualTo("prod");
            assertThat(line.path("face").asText()).isEqualTo("dsl");
            assertThat(line.path("source").asText()).isEqualTo("deploy.groovy:12");
            assertThat(line.path("run").asText()).isEqualTo("run-7");
            assertThat(line.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            assertThat(java.time.Instant.parse(line.path("time").asText())).isNotNull();
        }
        JournalEntry back = j.entries().get(0);
        assertThat(back).usingRecursiveComparison().ignoringFields("updated", "time").isEqualTo(e.with(State.ACCEPTED, "c-1", null));
        assertThat(back.time()).isEqualTo(e.time());
    }

    @Test
    void aContainerChangeRecordsTheContainerAndNoNode() throws Exception {
        Journal j = journal();
        j.begin(CLI, null, ApiCall.containerStart(16237));
        JsonNode line = Json.MAPPER.readTree(Files.readAllLines(j.file()).get(0));
        assertThat(line.path("container").asLong()).isEqualTo(16237L);
        assertThat(line.has("node")).isFalse();
        assertThat(line.has("face")).isTrue();
        assertThat(line.has("source")).as("no script, no source").isFalse();
        assertThat(line.has("run")).isFalse();
        JournalEntry e = j.entries().get(0);
        assertThat(e.container()).isEqualTo(16237L);
        assertThat(e.node()).isNull();
        assertThat(e.operation()).isEqualTo("container-start");
    }

    @Test
    void operationsAreNamedAsAPersonWouldSayThem() {
        Journal j = journal();
        assertThat(Journal.describe(j.begin(CLI, null, ApiCall.uploadStart(1, UploadStart.of("http://r/a.war"))))).isEqualTo("the deploy to node 1");
        assertThat(Journal.describe(j.begin(CLI, null, ApiCall.historyStart(2, HistoryStart.of("1"))))).isEqualTo("the redeploy to node 2");
        assertThat(Journal.describe(j.begin(CLI, null, ApiCall.start(3, NodeStart.plain())))).isEqualTo("the start of node 3");
        assertThat(Journal.describe(j.begin(CLI, null, ApiCall.stop(4, null)))).isEqualTo("the stop of node 4");
        assertThat(Journal.describe(j.begin(CLI, null, ApiCall.delete(5)))).isEqualTo("the delete of node 5");
        assertThat(Journal.describe(j.begin(CLI, null, ApiCall.containerStop(6)))).isEqualTo("the stop of container 6");
        assertThat(Journal.describe(j.begin(CLI, "something", new ApiCall<>("POST", "/api/v1/other", Map.of(), ApiCall.node(1).dataType()))))
                .isEqualTo("the POST /api/v1/other");
    }

    @Test
    void whatToCheckNamesTheCommandThatShowsTheResource() {
        Journal j = journal();
        assertThat(j.begin(CLI, null, ApiCall.stop(610474, null)).whatToCheck())
                .isEqualTo("check 'acs node-get 610474' and the node's latest command before retrying");
        assertThat(j.begin(CLI, null, ApiCall.containerStop(16237)).whatToCheck()).isEqualTo("check 'acs container-get 16237' before retrying");
        assertThat(j.begin(CLI, null, new ApiCall<>("POST", "/api/v1/other", Map.of(), ApiCall.node(1).dataType())).whatToCheck())
                .isEqualTo("check the resource before retrying");
    }

    @Test
    void pendingIsSendingAcceptedOrUnknown() {
        for (State s : State.values()) {
            boolean expected = s == State.SENDING || s == State.ACCEPTED || s == State.UNKNOWN;
            assertThat(s.pending()).as(s.name()).isEqualTo(expected);
            assertThat(s.wire()).isEqualTo(s.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    @Test
    void aSendingLineIsAnUnknownOutcomeOnlyOnceItsProcessIsGone() throws Exception {
        JournalEntry mine = journal().begin(CLI, null, ApiCall.stop(1, null));
        assertThat(mine.outcomeUnknown()).as("this process is alive").isFalse();
        Process gone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        gone.waitFor();
        JournalEntry orphan = new JournalEntry(mine.id(), mine.time(), mine.updated(), null, null, "node-stop", "POST", mine.path(), 1L,
                null, Map.of(), null, State.SENDING, null, gone.pid(), JournalEntry.Face.CLI, null, null, 0, null, null);
        assertThat(orphan.outcomeUnknown()).isTrue();
        assertThat(mine.with(State.UNKNOWN, Journal.UNKNOWN, "lost").outcomeUnknown()).isTrue();
        assertThat(mine.with(State.ACCEPTED, "c", null).outcomeUnknown()).isFalse();
    }

    @Test
    void anUnknownOutcomeIsResolvedByAnyUniquePrefixOfItsId() throws Exception {
        Journal j = journal();
        JournalEntry a = j.append(j.begin(CLI, null, ApiCall.stop(1, null)).with(State.UNKNOWN, Journal.UNKNOWN, "lost"));
        JournalEntry b = j.append(j.begin(CLI, null, ApiCall.stop(2, null)).with(State.UNKNOWN, Journal.UNKNOWN, "lost"));
        assertThat(j.resolve("zzz-no-such", JournalEntry.Resolution.APPLIED, null)).isFalse();
        assertThatThrownBy(() -> j.resolve("", JournalEntry.Resolution.APPLIED, "note")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("matches 2 pending entries").hasMessageContaining(a.id()).hasMessageContaining("give more of the id");
        assertThat(j.resolve(a.id().substring(0, 8), JournalEntry.Resolution.NOT_APPLIED, null)).isTrue();
        assertThat(j.resolve(b.id(), JournalEntry.Resolution.APPLIED, "node-get shows it ran")).isTrue();
        assertThat(j.entries()).extracting(JournalEntry::state).containsExactly(State.RESOLVED, State.RESOLVED);
        assertThat(j.entries()).extracting(JournalEntry::resolution).containsExactly(JournalEntry.Resolution.NOT_APPLIED, JournalEntry.Resolution.APPLIED);
        assertThat(j.entries()).extracting(JournalEntry::detail).containsExactly("checked by hand: not applied", "checked by hand: applied: node-get shows it ran");
        assertThat(j.pending()).isEmpty();
        assertThat(j.resolve(a.id(), JournalEntry.Resolution.APPLIED, null)).as("resolved once").isFalse();
    }

    @Test
    void theEndOfACommandIsFoundByItsIdOnlyWhileItIsPendingAndOnlyWhenItEnded() throws Exception {
        Journal j = journal();
        JournalEntry e = j.accepted(j.begin(CLI, null, ApiCall.stop(1, null)), "c-1");
        assertThat(j.finished(new Command("c-1", "", CommandStatus.RUNNING, "", "", null, null, null))).as("not ended yet").isFalse();
        assertThat(j.finished(new Command("c-2", "", CommandStatus.DONE, "200", "", null, null, null))).as("another command").isFalse();
        assertThat(j.entries().get(0).state()).isEqualTo(State.ACCEPTED);
        assertThat(j.finished(e, new Command("c-1", "", CommandStatus.RUNNING, "", "", null, null, null)).join()).isSameAs(e);
        assertThat(j.finished(new Command("c-1", "", CommandStatus.PUBLISH_FAILED, "", "", null, null, null))).isTrue();
        assertThat(j.entries().get(0).state()).isEqualTo(State.FAILED);
        assertThat(j.finished(new Command("c-1", "", CommandStatus.DONE, "200", "", null, null, null))).as("ended already").isFalse();
    }

    @Test
    void aLimitBelowOneKilobyteIsRefused() {
        assertThatThrownBy(() -> journal().withLimit(1023)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("1023 must be at least 1024 bytes");
        assertThat(journal().withLimit(1024).limit()).isEqualTo(1024);
        assertThat(journal().limit()).isEqualTo(Journal.DEFAULT_LIMIT);
    }

    @Test
    void unparseableLinesAreNamedByTheirLineNumberAndBlankLinesIgnored() throws Exception {
        Journal j = journal();
        j.begin(CLI, null, ApiCall.stop(1, null));
        Files.writeString(j.file(), "\n{\"no\":\"id\"}\n{torn\n", StandardOpenOption.APPEND);
        j.begin(CLI, null, ApiCall.stop(2, null));
        Journal.Snapshot s = j.read();
        assertThat(s.entries()).hasSize(2);
        assertThat(s.problems()).containsExactly(
                j.file() + " line 3 does not parse (a torn or foreign line); skipped",
                j.file() + " line 4 does not parse (a torn or foreign line); skipped");
    }

    @Test
    void theSystemPropertyNamesTheJournalOfInProcessRuns() {
        String before = System.getProperty("acs.journal");
        Path file = home.resolve("elsewhere.jsonl");
        try {
            System.setProperty("acs.journal", file.toString());
            assertThat(Journal.open().file()).isEqualTo(file.toAbsolutePath());
            System.setProperty("acs.journal", " ");
            assertThat(Journal.open().file()).as("blank: the toolkit's home")
                    .isEqualTo(acs.config.AcsHome.of(System.getenv()).resolve("journal.jsonl").toAbsolutePath());
            assertThat(Journal.open(Map.of("ACS_HOME", home.toString())).file()).isEqualTo(home.resolve("journal.jsonl").toAbsolutePath());
        } finally {
            if (before == null) System.clearProperty("acs.journal");
            else System.setProperty("acs.journal", before);
        }
    }
    @Test
    void aBeginThatCannotBeBuiltFailsItsFutureAndWritesNothing() {
        Journal j = journal();
        Journal.Origin broken = CLI.withSource(() -> { throw new IllegalStateException("no script line"); });
        java.util.concurrent.CompletableFuture<JournalEntry> f = j.beginAsync(broken, null, ApiCall.stop(1, null));
        assertThat(f).isCompletedExceptionally();
        assertThatThrownBy(f::join).hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("no script line");
        assertThatThrownBy(() -> j.begin(broken, null, ApiCall.stop(1, null))).isInstanceOf(IllegalStateException.class);
        assertThat(j.file()).doesNotExist();
    }

    @Test
    void aQueuedLineIsOnDiskOnceFlushedAndItsFutureGivesTheEntry() throws Exception {
        Journal j = journal();
        JournalEntry e = j.begin(CLI, null, ApiCall.stop(7, null));
        JournalEntry accepted = e.with(State.ACCEPTED, "c-7", null);
        java.util.concurrent.CompletableFuture<JournalEntry> queued = j.writeAsync(accepted);
        j.flush().join();
        assertThat(queued.join()).isSameAs(accepted);
        assertThat(Journal.at(j.file()).entries()).singleElement().satisfies(x -> assertThat(x.commandId()).isEqualTo("c-7"));
    }

    @Test
    void aJournalThatHasReachedItsLimitIsCompactedBeforeItsNextLine() throws Exception {
        Journal j = journal();
        while (Files.notExists(j.file()) || Files.size(j.file()) < 2048) {
            j.append(j.begin(CLI, null, ApiCall.stop(7, null)).with(State.SUCCEEDED, "c-7", null));
        }
        int written = j.entries().size();
        Path segment = j.file().resolveSibling("journal.d").resolve("000001.jsonl");
        JournalEntry pending = j.accepted(j.begin(CLI, null, ApiCall.stop(6, null)), "c-6");
        JournalEntry eight = j.begin(CLI, null, ApiCall.stop(8, null));
        Journal.at(j.file()).withLimit(Files.size(j.file()) + 1).append(eight.with(State.SUCCEEDED, "c-8", null));
        assertThat(segment).as("below the limit").doesNotExist();
        JournalEntry nine = j.begin(CLI, null, ApiCall.stop(9, null));
        long reached = Files.size(j.file());
        Journal.at(j.file()).withLimit(reached).append(nine.with(State.SUCCEEDED, "c-9", null));
        assertThat(segment).as("at the limit: the ended entries moved to the archive").exists();
        assertThat(Files.size(j.file())).isLessThan(reached);
        assertThat(Files.readAllLines(j.file())).as("the live file: the pending entries (node 6, node 9 then sending) and the line after compaction")
                .hasSize(3).noneSatisfy(l -> assertThat(l).contains(eight.id()));
        assertThat(j.entries()).as("nothing forgotten: each entry once, in its latest state").hasSize(written + 3)
                .extracting(JournalEntry::id).doesNotHaveDuplicates();
        assertThat(j.pending()).extracting(JournalEntry::id).containsExactly(pending.id());
    }

    @Test
    void aLibraryCallerIsJournaledWithItsEndpointAndNoScriptLine() throws Exception {
        Journal j = journal();
        j.begin(Journal.Origin.of(acs.config.AcsConfig.of("http://e.example.com:8080", "ak", "sk"), JournalEntry.Face.LIBRARY), null, ApiCall.stop(7, null));
        JsonNode line = Json.MAPPER.readTree(Files.readAllLines(j.file()).get(0));
        assertThat(line.path("face").asText()).isEqualTo("library");
        assertThat(line.path("endpoint").asText()).isEqualTo("http://e.example.com:8080");
        assertThat(line.hasNonNull("source")).as("no script, no source line").isFalse();
    }
}
