package acs.store;

import static org.assertj.core.api.Assertions.assertThat;

import acs.journal.EntryQuery;
import acs.journal.JournalEntry;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The team's PostgreSQL dies in the middle of a CLI fleet run and comes back: the commands already
 * sent are followed to their end and their outcomes kept in the home; nothing new is sent without
 * the store; once it is back the kept outcomes are recorded, and {@code acs resume} finishes the
 * run, each node deployed once (counted in the simulator's access log). The real server is stopped
 * ({@code pg_ctl stop -m immediate}) and started again.
 */
@Tag("child-process")
class StoreDiesMidRunTest {
    static final int NODES = 12, BATCH = 4;
    @TempDir Path home;
    Simulator sim;
    Map<String, String> env;
    ChildCli cli;

    @BeforeEach void start() {
        sim = Simulator.start(SimConfig.defaults().withSeedDemo(false).withExtraNodes(NODES).withCommandDuration(Duration.ofSeconds(4)));
        env = new HashMap<>(ChildCli.env(sim));
        env.putAll(PgServer.get().env());
        env.put("ACS_STORE", PgServer.get().uri(PgServer.get().createDatabase(getClass().getSimpleName())));
        env.put("ACS_LEASE_HEARTBEAT", "500ms");
        env.put("ACS_LEASE_TTL", "3s");
        cli = new ChildCli(home, env);
    }

    @AfterEach void stop() {
        sim.close();
    }

    List<AccessLogEntry> uploads() {
        return sim.accessLog().stream().filter(e -> e.method().equals("POST") && e.path().endsWith("/uploadStart")).toList();
    }

    List<JournalEntry> recorded() {
        try (StateStore s = new PgStoreProvider().open(URI.create(env.get("ACS_STORE")), env)) {
            return s.find(EntryQuery.ALL).stream().filter(e -> e.run() != null).toList();
        }
    }

    @Test void commandsSentBeforeTheStoreDiedAreFollowedKeptAndRecordedAndResumeFinishesEachNodeOnce() throws Exception {
        List<String> args = new ArrayList<>(List.of("node-deploy"));
        LongStream.range(700001, 700001 + NODES).forEach(n -> args.add(Long.toString(n)));
        args.addAll(List.of("--yes", "--batch", Integer.toString(BATCH), "--url", "http://repo.example.com/app-7.war"));
        ProcessBuilder pb = cli.builder("Acs", args.toArray(String[]::new));
        File err = File.createTempFile("acs-err", ".txt");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err);
        Process p = pb.start();
        int sent;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (uploads().size() < BATCH) {
                assertThat(p.isAlive()).as(Files.readString(err.toPath())).isTrue();
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(20);
            }
            // the first batch's commands are running (4 s each): the store dies under them
            PgServer.get().stop();
            try {
                assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("the run stops by itself").isTrue();
                sent = uploads().size();
                assertThat(sent).as("nothing new was sent without the store: " + Files.readString(err.toPath())).isEqualTo(BATCH);
                assertThat(p.exitValue()).as(Files.readString(err.toPath())).isNotZero();
                Path spool = home.resolve("store-spool.jsonl");
                assertThat(spool).as("the outcomes learnt while the store was away are kept in the home").exists();
                assertThat(Files.readString(spool)).contains("succeeded");
                assertThat(Files.readString(err.toPath())).contains("acs resume");
            } finally {
                PgServer.get().restart();
            }
        } finally {
            p.destroyForcibly();
        }

        ChildCli.Result runs = cli.run("Acs", "journal", "--runs");
        assertThat(runs.exit()).as(runs.toString()).isZero();
        assertThat(runs.err()).as("the first command that opens the store again records what was kept").contains("now recorded");
        assertThat(recorded()).filteredOn(e -> e.state() == JournalEntry.State.SUCCEEDED).hasSize(BATCH);
        String run = acs.wire.Json.MAPPER.readTree(runs.out()).get(0).path("run").asText();

        ChildCli.Result r = cli.run("Acs", "resume", run, "--wait-for-lease", "1m");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(uploads().stream().collect(Collectors.groupingBy(e -> Long.valueOf(e.path().split("/")[4]), Collectors.counting())))
                .as("each node deployed once").isEqualTo(LongStream.range(700001, 700001 + NODES).boxed()
                        .collect(Collectors.toMap(Function.identity(), id -> 1L)));
        assertThat(recorded()).filteredOn(e -> e.state() == JournalEntry.State.SUCCEEDED).hasSize(NODES);
    }
}
