package acs.store;

import static org.assertj.core.api.Assertions.assertThat;

import acs.journal.EntryQuery;
import acs.journal.JournalEntry;
import acs.journal.Operator;
import acs.journal.RunClaim;
import acs.journal.RunRecord;
import acs.journal.StateStore;
import acs.pg.PgStoreProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A process paused past its lease (SIGSTOP, a laptop lid) learns when it wakes that it lost its
 * claim, and writes nothing more: a real child JVM, really stopped, on a real PostgreSQL.
 */
@Tag("child-process")
class PausedProcessTest {
    private static final String EP = "http://acs.example.test";

    @Test void aProcessPausedPastItsLeaseFindsItsClaimLostWhenItWakes() throws Exception {
        PgServer server = PgServer.get();
        String db = server.createDatabase("paused");
        Map<String, String> env = new HashMap<>(server.env());
        env.put("ACS_LEASE_HEARTBEAT", "200ms");
        env.put("ACS_LEASE_TTL", "3s");
        String uri = server.uri(db);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Child.class.getName(), uri).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process child = pb.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter in = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8);
             StateStore other = new PgStoreProvider().open(URI.create(uri), env)) {
            String run = out.readLine();
            assertThat(run).as("the child's run").matches("[0-9a-f]+");
            in.println("check");
            assertThat(out.readLine()).isEqualTo("ok");

            signal("STOP", child.pid());
            RunClaim taken = acs.sim.Await.value(Duration.ofSeconds(60), "the paused run's claim to lapse", () -> {
                try {
                    return other.resume(run, new Operator("bob@h2", "h2", 2), false, Duration.ZERO);
                } catch (acs.ConflictException stillHeld) {
                    return null;
                }
            }, c -> c != null);
            signal("CONT", child.pid());

            in.println("check");
            assertThat(out.readLine()).startsWith("lost: ").contains(run);
            in.println("append");
            assertThat(out.readLine()).startsWith("refused: ");
            assertThat(other.find(EntryQuery.ofRun(run))).as("nothing written by the woken process").isEmpty();
            assertThat(taken.token()).isEqualTo(2);
            in.println("quit");
        } finally {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void signal(String sig, long pid) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start();
        assertThat(p.waitFor()).isZero();
    }

    /** The child: starts a run on node 1, then checks its claim or appends a line when told. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            StateStore s = new PgStoreProvider().open(URI.create(args[0]), System.getenv());
            String id = s.newRunId();
            Operator me = new Operator("alice@h1", "h1", ProcessHandle.current().pid());
            RunRecord r = RunRecord.start(id, RunRecord.FLEET, EP, null,
                    new RunRecord.Fleet("node-deploy", "deploy", "POST", Map.of(), List.of(1L), 1, 1, 0, 0, null, 1000), null, me, null);
            RunClaim c = s.start(r, EP, List.of(1L), me, Duration.ZERO);
            System.out.println(id);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
                try {
                    if (line.equals("check")) c.check();
                    else s.append(List.of(new JournalEntry("late", Instant.now(), Instant.now(), EP, null, "node-deploy", "POST", "/x", 1L, null,
                            Map.of(), null, JournalEntry.State.SENDING, null, me.pid(), JournalEntry.Face.FLEET, null, id, c.token(), me.name(), null)));
                    System.out.println("ok");
                } catch (acs.ConflictException e) {
                    System.out.println((line.equals("check") ? "lost: " : "refused: ") + e.getMessage());
                }
            }
            System.exit(0);
        }
    }
}
