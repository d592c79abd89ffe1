package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.journal.JournalEntry;
import acs.journal.JournalEntry.State;
import acs.journal.Operator;
import acs.journal.RunClaim;
import acs.journal.RunRecord;
import acs.journal.StateStore;
import acs.pg.PgStoreProvider;
import acs.sim.Await;
import acs.store.PgServer;
import acs.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code acs history}, {@code acs run-status} and {@code acs lease}, in child JVMs as an operator
 * runs them, on a real PostgreSQL store another "machine" (a store opened here) wrote.
 */
@Tag("child-process")
class StoreCommandsTest {
    private static final String EP = "http://acs.example.test";
    private static final Operator ALICE = new Operator("alice@h1", "h1", 101);
    private static final Operator BOB = new Operator("bob@h2", "h2", 202);

    @TempDir Path home;
    private String database;
    private Map<String, String> env;

    @BeforeEach void store() {
        database = PgServer.get().createDatabase("cli");
        env = new HashMap<>(PgServer.get().env());
        env.put("ACS_STORE", PgServer.get().uri(database));
        env.put("ACS_LEASE_HEARTBEAT", "200ms");
        env.put("ACS_LEASE_TTL", "3s");
    }

    private StateStore open() {
        return new PgStoreProvider().open(URI.create(PgServer.get().uri(database)), env);
    }

    private ChildAcs.Result acs(String... args) throws Exception {
        ChildAcs child = new ChildAcs(home);
        env.forEach((k, v) -> child.env(k, v));
        return child.run(args);
    }

    private static RunRecord record(String id, List<Long> nodes) {
        return RunRecord.start(id, RunRecord.FLEET, EP, null,
                new RunRecord.Fleet("node-deploy", "deploy", "POST", Map.of("url", "http://repo/app-5.2.war"), nodes, 4, 2, 0, 0, null, 60_000), null, ALICE, null);
    }

    private static JournalEntry change(RunClaim c, long node, State s, String operator, Instant when) {
        return new JournalEntry(UUID.randomUUID().toString(), when, when, EP, null, "node-deploy", "POST", "/node/uploadStart", node, null,
                Map.of("url", "http://repo/" + operator.charAt(0) + ".war"), "cmd-" + node, s, null, 1, JournalEntry.Face.FLEET, null,
                c == null ? null : c.runId(), c == null ? 0 : c.token(), operator, null);
    }

    @Test void historyShowsEveryChangeOfANodeByEveryoneWithTheFiltersInTheQuery() throws Exception {
        try (StateStore s = open()) {
            RunClaim a = s.start(record(s.newRunId(), List.of(610474L, 610475L)), EP, List.of(610474L, 610475L), ALICE, Duration.ZERO);
            s.append(List.of(change(a, 610474, State.SUCCEEDED, "alice@h1", Instant.now()), change(a, 610475, State.FAILED, "alice@h1", Instant.now())));
            a.end(a.record().ended(null));
            s.append(List.of(change(null, 610474, State.SUCCEEDED, "bob@h2", Instant.now()),
                    change(null, 610474, State.SUCCEEDED, "carol@h3", Instant.parse("2020-01-01T00:00:00Z"))));

            ChildAcs.Result node = acs("history", "--node", "610474");
            assertThat(node.exit()).as(node.toString()).isZero();
            JsonNode rows = Json.MAPPER.readTree(node.out());
            assertThat(rows).extracting(r -> r.path("operator").asText()).containsExactly("alice@h1", "bob@h2", "carol@h3");
            assertThat(rows.get(0).path("what").asText()).isEqualTo("url=http://repo/a.war");
            assertThat(rows.get(0).path("run").asText()).isEqualTo(a.runId());

            JsonNode recent = Json.MAPPER.readTree(acs("history", "--node", "610474", "--since", "7d").out());
            assertThat(recent).extracting(r -> r.path("operator").asText()).containsExactly("alice@h1", "bob@h2");
            JsonNode bobs = Json.MAPPER.readTree(acs("history", "--user", "bob").out());
            assertThat(bobs).extracting(r -> r.path("operator").asText()).containsExactly("bob@h2");
            JsonNode run = Json.MAPPER.readTree(acs("history", "--run", a.runId()).out());
            assertThat(run).extracting(r -> r.path("node").asLong()).containsExactly(610474L, 610475L);

            ChildAcs.Result table = acs("history", "--node", "610474", "-o", "table");
            assertThat(table.out()).contains("WHO").contains("bob@h2").contains("node 610474").contains("succeeded");
        }
    }

    @Test void runStatusShowsAnotherMachinesRunAndWatchFollowsItToItsEnd() throws Exception {
        try (StateStore s = open()) {
            List<Long> nodes = List.of(1L, 2L, 3L);
            RunClaim c = s.start(record(s.newRunId(), nodes), EP, nodes, ALICE, Duration.ZERO);
            s.append(List.of(change(c, 1, State.SUCCEEDED, "alice@h1", Instant.now())));

            ChildAcs.Result now = acs("run-status", c.runId().substring(0, 4));
            assertThat(now.exit()).as(now.toString()).isZero();
            JsonNode st = Json.MAPPER.readTree(now.out());
            assertThat(st.path("state").asText()).isEqualTo("running");
            assertThat(st.path("done").asInt()).isEqualTo(1);
            assertThat(st.path("left").asInt()).isEqualTo(2);
            assertThat(st.path("heldBy").asText()).isEqualTo("alice@h1");

            CompletableFuture<ChildAcs.Result> watch = CompletableFuture.supplyAsync(() -> {
                try {
                    return acs("run-status", c.runId(), "--watch", "--interval", "100ms");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            s.append(List.of(change(c, 2, State.SUCCEEDED, "alice@h1", Instant.now()), change(c, 3, State.FAILED, "alice@h1", Instant.now())));
            c.end(c.record().ended(null));
            ChildAcs.Result watched = watch.get();
            assertThat(watched.exit()).as("a run that ended with a failure: " + watched).isEqualTo(6);
            assertThat(watched.err()).contains("run " + c.runId() + " node-deploy on 3 nodes: finished, 2 done, 1 failed, 0 unknown, 0 left");
            assertThat(Json.MAPPER.readTree(watched.out()).path("state").asText()).isEqualTo("finished");
        }
    }

    @Test void aGoneRunsLeasesAreListedAndReleasedOnlyWithForceConfirmationAndOnceItsHeartbeatLapsed() throws Exception {
        StateStore killed = open();
        RunClaim run = killed.start(record(killed.newRunId(), List.of(5L, 6L)), EP, List.of(5L, 6L), ALICE, Duration.ZERO);
        String id = run.runId();

        JsonNode listed = Json.MAPPER.readTree(acs("lease", "list").out());
        assertThat(listed).singleElement().satisfies(l -> {
            assertThat(l.path("run").asText()).isEqualTo(id);
            assertThat(l.path("operator").asText()).isEqualTo("alice@h1");
            assertThat(l.path("alive").asBoolean()).isTrue();
            assertThat(l.path("nodes")).extracting(JsonNode::asLong).containsExactly(5L, 6L);
        });
        assertThat(acs("lease", "release", id).exit()).as("without --force").isEqualTo(2);
        ChildAcs.Result unconfirmed = acs("lease", "release", id, "--force");
        assertThat(unconfirmed.exit()).isEqualTo(2);
        assertThat(unconfirmed.err()).contains("without --yes").contains(id).contains("2 node leases");
        ChildAcs.Result alive = acs("lease", "release", id, "--force", "--yes");
        assertThat(alive.exit()).as("its holder is alive: " + alive).isEqualTo(8);

        killed.close();
        env.put("ACS_OPERATOR", "carol");
        ChildAcs.Result released = Await.value(Duration.ofSeconds(30), "the release once the heartbeat lapsed", () -> {
            try {
                return acs("lease", "release", id, "--force", "--yes");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, r -> r.exit() != 8);
        assertThat(released.exit()).as(released.toString()).isZero();
        assertThat(released.err()).contains("released run " + id).contains("carol");
        assertThat(Json.MAPPER.readTree(acs("lease", "list").out())).isEmpty();
        JsonNode history = Json.MAPPER.readTree(acs("history", "--run", id).out());
        assertThat(history).singleElement().satisfies(e -> {
            assertThat(e.path("operation").asText()).isEqualTo("lease-release");
            assertThat(e.path("operator").asText()).isEqualTo("carol");
        });
    }

    @Test void aStoreThatRefusesItsPasswordOrIsOfAnUnknownKindStopsTheCommandWithoutShowingIt() throws Exception {
        env.put("PGPASSWORD", "wrong-secret-123");
        ChildAcs.Result r = acs("history");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("refused user postgres").contains("PGPASSWORD").doesNotContain("wrong-secret-123");
        env.put("ACS_STORE", "mysql://db/acs");
        ChildAcs.Result foreign = acs("lease", "list");
        assertThat(foreign.exit()).as("never a silent fall-back to the home's files").isEqualTo(3);
        assertThat(foreign.err()).contains("ACS_STORE").contains("mysql");
    }

    @Test void aProfilesStoreIsUsedUnlessAcsStoreIsSetAndItsPasswordIsNeverShownEvenVerbose() throws Exception {
        String secret = PgServer.get().password();
        String good = "postgresql://postgres:" + secret + "@127.0.0.1:" + PgServer.get().port() + "/" + database;
        String missing = "postgresql://postgres:" + secret + "@127.0.0.1:" + PgServer.get().port() + "/no_such_db";
        StateStore other = open();
        RunClaim run = other.start(record(other.newRunId(), List.of(7L)), EP, List.of(7L), ALICE, Duration.ZERO);
        try {
            env.remove("ACS_STORE");
            env.remove("PGPASSWORD"); // the profile's URI carries the password
            ChildAcs.Result configured = new ChildAcs(home).runWithInput("sk\n", "configure", "--profile", "team", "--endpoint", "http://127.0.0.1:9",
                    "--access-key", "ak", "--secret-key-stdin", "--store", good);
            assertThat(configured.exit()).as(configured.toString()).isZero();
            assertThat(configured.toString()).doesNotContain(secret);

            ChildAcs.Result listed = acs("lease", "list");
            assertThat(listed.exit()).as(listed.toString()).isZero();
            assertThat(Json.MAPPER.readTree(listed.out())).as("the profile's store, another machine's run in it")
                    .singleElement().satisfies(l -> assertThat(l.path("run").asText()).isEqualTo(run.runId()));

            ChildAcs.Result other2 = acs("configure", "--profile", "team", "--store", missing);
            assertThat(other2.exit()).as(other2.toString()).isZero();
            ChildAcs.Result broken = acs("history", "--verbose");
            assertThat(broken.exit()).as("never a silent fall-back to the home's files: " + broken).isEqualTo(3);
            assertThat(broken.err()).contains("postgresql://postgres@127.0.0.1:" + PgServer.get().port() + "/no_such_db");
            ChildAcs.Result change = acs("node-deploy", "7", "--url", "http://repo.example.com/a.war", "-v");
            assertThat(change.exit()).as(change.toString()).isEqualTo(3);
            assertThat(broken + change.toString()).doesNotContain(secret);

            env.put("ACS_STORE", good);
            ChildAcs.Result wins = acs("lease", "list");
            assertThat(wins.exit()).as("ACS_STORE wins over the profile's store: " + wins).isZero();
            assertThat(Json.MAPPER.readTree(wins.out())).singleElement().satisfies(l -> assertThat(l.path("run").asText()).isEqualTo(run.runId()));
            assertThat(wins.toString()).doesNotContain(secret);
        } finally {
            run.close();
            other.close();
        }
    }
}
