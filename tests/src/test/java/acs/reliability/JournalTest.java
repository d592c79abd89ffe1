package acs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import acs.config.AcsConfig;
import acs.ApiCall;
import acs.Command;
import acs.CommandStatus;
import acs.journal.Journal;
import acs.journal.JournalEntry;
import acs.UploadStart;
import acs.wire.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal: whole lines under concurrency (threads and processes), 0600, rotation that keeps pending entries, redaction. */
class JournalTest {
    @TempDir Path home;
    static final AcsConfig CONFIG = AcsConfig.of("http://127.0.0.1:9", "t9xuit3pt202ou09", "secretKey123");

    static ApiCall<Command> deploy(long node, String url) {
        return ApiCall.uploadStart(node, UploadStart.of(url));
    }

    @Tag("child-process") @Test void concurrentProcessesAndThreadsAppendWholeLines() throws Exception {
        Path file = home.resolve("journal.jsonl");
        ChildCli cli = new ChildCli(home, Map.of());
        List<Process> children = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            children.add(cli.builder("acs.reliability.JournalAppender", file.toString(), "100", "proc" + c)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }
        Journal j = Journal.at(file);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int tt = t;
            fs.add(pool.submit(() -> {
                for (int i = 0; i < 100; i++) j.begin(CONFIG, "thread" + tt + "-" + i, deploy(700001 + i, "http://repo.example.com/x.war"));
            }));
        }
        for (Future<?> f : fs) f.get(2, TimeUnit.MINUTES);
        pool.shutdown();
        for (Process p : children) {
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).isZero();
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(500);
        Set<String> ids = new HashSet<>();
        for (String l : lines) ids.add(Json.MAPPER.readTree(l).path("id").asText()); // every line is whole JSON
        assertThat(ids).hasSize(500);
        assertThat(j.entries()).hasSize(500).allSatisfy(e -> assertThat(e.state()).isEqualTo(JournalEntry.State.SENDING));
        assertThat(Files.readString(file)).doesNotContain("sk-not-journaled").doesNotContain("secretKey123");
    }

    @Test void fileIsPrivate() throws Exception {
        Journal j = Journal.at(home.resolve("journal.jsonl"));
        j.begin(CONFIG, "node-deploy", deploy(610474, "http://repo.example.com/a.war"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(j.file()))).isEqualTo("rw-------");
    }

    @Test void rotationKeepsEveryPendingEntry() throws Exception {
        Journal j = Journal.at(home.resolve("journal.jsonl")).withLimit(8 * 1024);
        List<String> pendingIds = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            JournalEntry e = j.begin(CONFIG, "node-deploy", deploy(700001 + i, "http://repo.example.com/app-" + i + ".war"));
            if (i % 50 == 7) {
                pendingIds.add(e.id()); // left sending (as after a crash)
            } else {
                // finished: accepted, then succeeded
                Command c = new Command("cmd-" + i, "node_upload_start", CommandStatus.DONE, "200", "", null, null, List.of());
                assertThat(j.finished(c)).isFalse(); // nothing accepted with that id yet
                j.accepted(e, c.commandId());
                assertThat(j.finished(c)).isTrue();
            }
        }
        assertThat(Files.size(j.file())).isLessThan(16 * 1024);
        Path archive = j.file().resolveSibling("journal.d").resolve("000001.jsonl");
        assertThat(archive).as("what ended moved to the archive").exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(archive))).isEqualTo("rw-------");
        assertThat(j.entries()).as("nothing forgotten").hasSize(300);
        assertThat(j.pending()).extracting(JournalEntry::id).containsExactlyElementsOf(pendingIds);
    }

    /**
     * A long run whose lines all stay live (here 600 changes left pending, as a fleet's are while it
     * runs) is not rewritten at every limit's worth of lines: a compaction waits until it could drop
     * as much as it keeps, so the file is rewritten a handful of times in all. Once the changes have
     * ended and are the larger part, they still move to the archive; the file stays within twice what
     * is live plus the limit, and nothing is forgotten.
     */
    @Test void aLongRunsJournalIsRewrittenRarelyYetItsEndedLinesStillMoveToTheArchive() throws Exception {
        long limit = 8 * 1024;
        Journal j = Journal.at(home.resolve("journal.jsonl")).withLimit(limit);
        Path f = j.file();
        Set<Object> files = new HashSet<>(); // the live file's identity: a compaction replaces the file
        List<JournalEntry> started = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            started.add(j.begin(CONFIG, "node-deploy", deploy(700001 + i, "http://repo.example.com/app-" + i + ".war")));
            files.add(Files.readAttributes(f, BasicFileAttributes.class).fileKey());
        }
        long live = Files.size(f); // every line is live (pending): what any compaction has to keep
        int rewrites = files.size() - 1;
        assertThat(live).as("many times the limit").isGreaterThan(20 * limit);
        assertThat(rewrites).as("rewritten at 1, 2, 4… times the limit, not every %d bytes", limit)
                .isBetween(1, 64 - Long.numberOfLeadingZeros(live / limit) + 1);
        assertThat(j.pending()).as("nothing dropped").hasSize(600);

        long most = live;
        for (int i = 0; i < started.size(); i++) {
            j.append(started.get(i).with(JournalEntry.State.SUCCEEDED, "c-" + i, null));
            most = Math.max(most, Files.size(f));
            files.add(Files.readAttributes(f, BasicFileAttributes.class).fileKey());
        }
        // more ended changes after the run, until the ended lines are the larger part and move out
        int more = 0;
        Object before = Files.readAttributes(f, BasicFileAttributes.class).fileKey();
        while (Files.readAttributes(f, BasicFileAttributes.class).fileKey().equals(before) && more < 2000) {
            JournalEntry e = j.begin(CONFIG, "node-stop", ApiCall.stop(700001 + more, null));
            j.append(e.with(JournalEntry.State.SUCCEEDED, "s-" + more++, null));
            most = Math.max(most, Files.size(f));
        }
        assertThat(more).as("compacted once what it drops is at least what stays").isLessThan(2000);
        assertThat(most).as("the live file stays within twice what is live plus the limit").isLessThanOrEqualTo(2 * live + limit + 1024);
        assertThat(Files.readAllLines(f)).as("the ended lines moved out: what is left is at most the last change").hasSizeLessThanOrEqualTo(2);
        assertThat(f.resolveSibling("journal.d").resolve("000001.jsonl")).as("the archive").exists();
        List<JournalEntry> all = j.entries();
        assertThat(all).as("nothing forgotten: each change once, ended").hasSize(600 + more)
                .extracting(JournalEntry::id).doesNotHaveDuplicates();
        assertThat(all).allSatisfy(e -> assertThat(e.state()).isEqualTo(JournalEntry.State.SUCCEEDED));
        assertThat(j.pending()).isEmpty();
    }

    @Test void parametersAreStoredWithSecretsRedacted() throws Exception {
        Journal j = Journal.at(home.resolve("journal.jsonl"));
        ApiCall<Command> call = new ApiCall<>("POST", "/api/v1/node/610474/uploadStart",
                Map.of("url", "https://deployer:hunter2@repo.example.com/app.war?OSSAccessKeyId=AK1&Expires=1&Signature=abcDEF%3D",
                        "password", "hunter2", "comment", "v1.2"),
                com.fasterxml.jackson.databind.type.TypeFactory.defaultInstance().constructType(Command.class));
        JournalEntry e = j.begin(CONFIG, "node-deploy", call);
        String text = Files.readString(j.file());
        assertThat(text).doesNotContain("hunter2").doesNotContain("abcDEF").doesNotContain("AK1").contains("v1.2").contains("Expires=1");
        assertThat(e.params().get("url")).startsWith("https://<redacted>@repo.example.com/app.war?");
        assertThat(e.params()).containsEntry("password", "<redacted>");
    }

    @Test void tornOrForeignLinesAreSkipped() throws Exception {
        Journal j = Journal.at(home.resolve("journal.jsonl"));
        j.begin(CONFIG, "node-deploy", deploy(610474, "http://repo.example.com/a.war"));
        Files.writeString(j.file(), "{\"id\":\"half", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(j.file(), "\nnot json\n", java.nio.file.StandardOpenOption.APPEND);
        j.begin(CONFIG, "node-stop", ApiCall.stop(610474, null));
        assertThat(j.entries()).extracting(JournalEntry::operation).containsExactly("node-deploy", "node-stop");
    }

    @Test void aLineOfInvalidUtf8IsSkippedByItsNumberAndTheRestReads() throws Exception {
        Journal j = Journal.at(home.resolve("journal.jsonl"));
        j.begin(CONFIG, "node-deploy", deploy(610474, "http://repo.example.com/a.war"));
        Files.write(j.file(), new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'}, java.nio.file.StandardOpenOption.APPEND);
        JournalEntry after = j.begin(CONFIG, "node-stop", ApiCall.stop(610474, null));
        Journal.Snapshot s = j.read();
        assertThat(s.entries()).extracting(JournalEntry::operation).containsExactly("node-deploy", "node-stop");
        assertThat(s.problems()).singleElement().asString().contains("line 2").contains("not valid UTF-8");
        assertThat(j.pending()).extracting(JournalEntry::id).contains(after.id());
    }

    @Test void aLineLeftOpenByAFailedWriteIsClosedSoTheNextLineIsKept() throws Exception {
        Journal j = Journal.at(home.resolve("journal.jsonl"));
        JournalEntry first = j.begin(CONFIG, "node-deploy", deploy(700053, "http://repo.example.com/a.war"));
        // a full disk cut the accepted line short: no newline at the end of the file
        String accepted = Journal.toJson(first.with(JournalEntry.State.ACCEPTED, "c-1", null)).toString();
        Files.writeString(j.file(), accepted.substring(0, accepted.length() / 2), java.nio.file.StandardOpenOption.APPEND);
        j.append(first.with(JournalEntry.State.SUCCEEDED, "c-1", null));
        assertThat(j.entries()).singleElement().satisfies(e -> assertThat(e.state()).isEqualTo(JournalEntry.State.SUCCEEDED));
        assertThat(j.read().problems()).singleElement().asString().contains("line 2");
        assertThat(j.pending()).isEmpty();
    }
}
