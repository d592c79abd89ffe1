package acs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import acs.AcsException;
import acs.ConfigException;
import acs.ConflictException;
import acs.journal.Operator;
import acs.journal.RunClaim;
import acs.journal.RunRecord;
import acs.journal.StateStore;
import acs.pg.PgStateStore;
import acs.pg.PgStoreProvider;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL store's faults and set-up, on a real server: every way of not reaching or not
 * writing the store is a configuration error (exit 3) naming the store, the cause and the fix,
 * never with the password; the schema is made once however many processes start at once.
 */
class PgStoreFaultsTest {
    private static final Operator ME = new Operator("alice@h1", "h1", 101);
    private static PgServer server;
    private static String database;

    @BeforeAll static void server() {
        server = PgServer.get();
        database = server.createDatabase("faults");
    }

    private static StateStore open(String uri, Map<String, String> env) {
        return new PgStoreProvider().open(URI.create(uri), env);
    }

    private static ConfigException refused(String uri, Map<String, String> env) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> open(uri, env).close());
        assertThat(e).as("refused with a configuration error").isNotNull();
        assertThat(e.exitCode()).isEqualTo(AcsException.EXIT_CONFIG);
        return e;
    }

    @Test void theStoreIsNamedWithoutItsPasswordWhereverItShows() {
        String secret = server.password();
        String uri = "postgresql://postgres:" + secret + "@127.0.0.1:" + server.port() + "/" + database;
        try (StateStore s = open(uri, Map.of())) {
            assertThat(s.where()).isEqualTo("postgresql://postgres@127.0.0.1:" + server.port() + "/" + database).doesNotContain(secret);
        }
        ConfigException e = refused("postgresql://postgres:" + secret + "@127.0.0.1:" + server.port() + "/no_such_db", Map.of());
        assertThat(e.getMessage()).doesNotContain(secret);
        assertThat(String.valueOf(e.getCause())).doesNotContain(secret);
    }

    @Test void aWrongPasswordSaysWhichUserAndWhereThePasswordCameFrom() {
        ConfigException e = refused(server.uri(database), Map.of("PGPASSWORD", "not-the-password"));
        assertThat(e.getMessage()).contains("postgresql://postgres@127.0.0.1:" + server.port() + "/" + database)
                .contains("refused user postgres").contains("fix the password in PGPASSWORD").doesNotContain("not-the-password");
    }

    @Test void aMissingDatabaseSaysHowToCreateIt() {
        assertThat(refused(server.uri("no_such_db"), server.env()).getMessage()).contains("has no database no_such_db").contains("createdb");
    }

    @Test void anUnreachableStoreSaysSoAndThatNothingIsSent() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertThat(refused("postgresql://postgres@127.0.0.1:" + closed + "/x", server.env()).getMessage())
                .contains("cannot reach the store postgresql://postgres@127.0.0.1:" + closed + "/x").contains("start PostgreSQL");
    }

    @Test void aRoleThatMayOnlyReadIsRefusedBeforeAnythingIsSent() {
        open(server.uri(database), server.env()).close(); // the schema exists
        server.sql("CREATE ROLE reader LOGIN PASSWORD 'reader-pw'");
        server.sqlIn(database, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader");
        ConfigException e = refused("postgresql://reader@127.0.0.1:" + server.port() + "/" + database, Map.of("PGPASSWORD", "reader-pw"));
        assertThat(e.getMessage()).contains("does not let user reader write").contains("GRANT");
    }

    @Test void aSchemaNewerThanThisAcsIsRefused() {
        String db = server.createDatabase("newer");
        open(server.uri(db), server.env()).close();
        server.sqlIn(db, "INSERT INTO schema_version (version) VALUES (99)");
        assertThat(refused(server.uri(db), server.env()).getMessage())
                .contains("schema is version 99, this acs knows up to 1: upgrade acs");
    }

    @Test void manyProcessesOpeningANewStoreAtOnceMakeItsSchemaOnce() throws Exception {
        String db = server.createDatabase("concurrent");
        CyclicBarrier together = new CyclicBarrier(4);
        List<CompletableFuture<Void>> opens = LongStream.range(0, 4).mapToObj(i -> CompletableFuture.runAsync(() -> {
            try {
                together.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            open(server.uri(db), server.env()).close();
        })).toList();
        CompletableFuture.allOf(opens.toArray(CompletableFuture[]::new)).get();
        server.sqlIn(db, "DO $$ BEGIN IF (SELECT count(*) FROM schema_version) <> 1 THEN RAISE 'not once'; END IF; END $$");
    }

    @Test void thePasswordFileIsUsedOnlyWhenNoOneElseMayReadIt(@TempDir Path home) throws Exception {
        Path pgpass = home.resolve(".pgpass");
        Files.writeString(pgpass, "# team store\n127.0.0.1:" + server.port() + ":*:postgres:" + server.password() + "\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(refused(server.uri(database), Map.of("HOME", home.toString())).getMessage()).contains("chmod 600 " + pgpass);
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        open(server.uri(database), Map.of("HOME", home.toString())).close();
        Path elsewhere = Files.move(pgpass, home.resolve("team.pgpass"));
        open(server.uri(database), Map.of("PGPASSFILE", elsewhere.toString(), "HOME", "/nonexistent")).close();
    }

    @Test void theStoreComesBackAfterTheServerRestartsAndALostConnectionIsSaid() {
        String db = server.createDatabase("restart");
        try (StateStore s = open(server.uri(db), server.env())) {
            assertThat(s.runs()).isEmpty();
            server.stop();
            try {
                assertThatThrownBy(s::runs).isInstanceOf(ConfigException.class).hasMessageContaining("cannot reach the store");
            } finally {
                server.restart();
            }
            assertThat(s.runs()).as("connected again").isEmpty();
        }
    }

    @Test void leasingAThousandNodesCostsAsManyStatementsAsLeasingTen() {
        String db = server.createDatabase("bulk");
        Map<String, String> env = new HashMap<>(server.env());
        try (PgStateStore s = (PgStateStore) open(server.uri(db), env)) {
            long small = statements(s, LongStream.rangeClosed(1, 10).boxed().toList());
            long large = statements(s, LongStream.rangeClosed(1001, 2000).boxed().toList());
            assertThat(large).isEqualTo(small);
            List<Long> held = LongStream.rangeClosed(1001, 2000).boxed().toList();
            s.start(run(s.newRunId(), held), "http://ep", held, ME, Duration.ZERO);
            String other = s.newRunId();
            List<Long> overlap = LongStream.rangeClosed(1990, 2010).boxed().toList();
            long before = s.roundTrips();
            assertThatThrownBy(() -> s.start(run(other, overlap), "http://ep", overlap, ME, Duration.ZERO))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("11 nodes (1990, 1991");
            assertThat(s.roundTrips() - before).as("refused: insert, stale holds, holders, rollback, and the run id").isLessThanOrEqualTo(6);
        }
    }

    private static long statements(PgStateStore s, List<Long> nodes) {
        String id = s.newRunId();
        long before = s.roundTrips();
        RunClaim c = s.start(run(id, nodes), "http://ep", nodes, ME, Duration.ZERO);
        for (long n : nodes) c.release("http://ep", n);
        c.end(c.record().ended(null));
        return s.roundTrips() - before;
    }

    private static RunRecord run(String id, List<Long> nodes) {
        return RunRecord.start(id, RunRecord.Kind.FLEET, "http://ep", null,
                new RunRecord.Fleet("node-deploy", "deploy", "POST", Map.of(), nodes, 4, 50, 0, 0, null, 1000), null, ME, null);
    }
}
