package acs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import acs.config.AcsConfig;
import acs.ApiCall;
import acs.Command;
import acs.fleet.FanOut;
import acs.fleet.FleetReport;
import acs.journal.Journal;
import acs.journal.JournalEntry;
import acs.journal.StateStore;
import java.lang.reflect.Proxy;
import acs.UploadStart;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's cost does not grow with its size; lines in flight are group-committed; bad lines and unwritable homes are said as such. */
class JournalScaleTest {
    @TempDir Path home;

    /** A file store (never compacted) that counts what the journal asks of it: its appends, and its reads of entries. */
    static final class CountingStore {
        final AtomicInteger reads = new AtomicInteger();
        final List<Integer> appends = Collections.synchronizedList(new ArrayList<>());
        final StateStore store;

        CountingStore(Path f) {
            StateStore file = Journal.at(f).withLimit(Long.MAX_VALUE).store();
            store = (StateStore) Proxy.newProxyInstance(StateStore.class.getClassLoader(), new Class<?>[] {StateStore.class}, (p, m, args) -> {
                if (m.getName().equals("append")) appends.add(((List<?>) args[0]).size());
                if (m.getName().equals("find") || m.getName().equals("forEach")) reads.incrementAndGet();
                try {
                    return m.invoke(file, args);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                }
            });
        }
    }

    @Test void aChangeAndItsEndAreRecordedWithoutReadingAFiftyThousandLineJournal() throws Exception {
        Path f = home.resolve("journal.jsonl");
        Journal seed = Journal.at(f);
        AcsConfig config = AcsConfig.of("http://127.0.0.1:1", "ak", "sk");
        StringBuilder big = new StringBuilder();
        JournalEntry template = seed.begin(config, null, ApiCall.uploadStart(610474, UploadStart.of("http://repo.example.com/a.war")));
        String line = Journal.toJson(template).toString();
        for (int i = 0; i < 50_000; i++) big.append(line.replace(template.id(), "old-" + i)).append('\n');
        Files.writeString(f, big.toString(), StandardCharsets.UTF_8);

        try (Simulator sim = Simulator.start(SimConfig.defaults().withCommandDuration(Duration.ofMillis(200)))) {
            CountingStore store = new CountingStore(f);
            Journal journal = Journal.on(store.store);
            var acs = sim.client().withJournal(journal, Journal.Origin.of(sim.client().config(), JournalEntry.Face.LIBRARY));
            Command done = acs.waitFor(acs.uploadStart(610474, UploadStart.of("http://repo.example.com/b.war")));
            assertThat(done.succeeded()).isTrue();
            assertThat(store.reads.get()).as("recording a change and its end reads nothing of the journal").isZero();
            assertThat(store.appends).as("sending, accepted, succeeded: one line each").containsExactly(1, 1, 1);
            assertThat(Files.readAllLines(f)).hasSize(50_003);
            List<JournalEntry> all = journal.entries();
            assertThat(all.get(all.size() - 1).state()).isEqualTo(JournalEntry.State.SUCCEEDED);
        }
    }

    @Test void aFleetRunGroupCommitsItsLinesAndReadsNothing() throws Exception {
        try (Simulator sim = Simulator.start(SimConfig.defaults().withSeedDemo(false).withExtraNodes(200).withCommandDuration(Duration.ofMillis(300)))) {
            CountingStore store = new CountingStore(home.resolve("journal.jsonl"));
            Journal journal = Journal.on(store.store);
            var acs = sim.client().withJournal(journal, Journal.Origin.of(sim.client().config(), JournalEntry.Face.FLEET));
            List<Long> ids = LongStream.range(700001, 700201).boxed().toList();
            FleetReport<Long, Void> r = FanOut.of(acs).withConcurrency(200).withPollDelays(Duration.ofMillis(50), Duration.ofMillis(200))
                    .run(ids, id -> ApiCall.uploadStart(id, UploadStart.of("http://repo.example.com/c.war")));
            assertThat(r.allSucceeded()).as(r.describe()).isTrue();
            assertThat(store.reads.get()).isZero();
            int lines = store.appends.stream().mapToInt(Integer::intValue).sum();
            assertThat(lines).as("sending, accepted, succeeded for each node, all on disk when the report is").isEqualTo(600);
            assertThat(store.appends.size()).as("lines of commands in flight share writes").isLessThan(lines);
            assertThat(journal.entries()).hasSize(200).allSatisfy(e -> assertThat(e.state()).isEqualTo(JournalEntry.State.SUCCEEDED));
        }
    }

    @Test void aLineThatDoesNotParseIsSkippedAndNamedByItsNumber() throws Exception {
        Path f = home.resolve("journal.jsonl");
        Journal journal = Journal.at(f);
        AcsConfig config = AcsConfig.of("http://127.0.0.1:1", "ak", "sk");
        journal.begin(config, null, ApiCall.delete(610474));
        Files.writeString(f, "{\"id\": \"torn-li\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        journal.begin(config, null, ApiCall.delete(610247));
        Journal.Snapshot s = journal.read();
        assertThat(s.entries()).extracting(JournalEntry::node).containsExactly(610474L, 610247L);
        assertThat(s.problems()).singleElement().asString().contains("line 2").contains(f.toString());
    }

    @Tag("child-process") @Test void aJournalThatCannotBeWrittenStopsTheChangeBeforeItIsSentAndReadsStillWork() throws Exception {
        try (Simulator sim = Simulator.start(SimConfig.defaults())) {
            ChildCli cli = ChildCli.of(home, sim);
            assertThat(cli.run("Acs", "node-deploy", "610474", "--url", "http://repo.example.com/a.war").exit()).isZero();
            // the lock file cannot be opened for writing (a directory), whoever runs the test (root ignores modes)
            Files.delete(home.resolve("journal.jsonl.lock"));
            Files.createDirectory(home.resolve("journal.jsonl.lock"));
            sim.clearAccessLog();
            ChildCli.Result r = cli.run("Acs", "node-deploy", "610247", "--url", "http://repo.example.com/a.war");
            assertThat(r.exit()).as(r.toString()).isEqualTo(3);
            assertThat(r.err()).contains(home.resolve("journal.jsonl").toString()).contains("ACS_HOME");
            assertThat(sim.accessLog()).noneMatch(e -> e.method().equals("POST"));
            ChildCli.Result list = cli.run("Acs", "journal");
            assertThat(list.exit()).as(list.toString()).isZero();
            assertThat(list.out()).contains("610474");
        }
    }
}
