package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.sim.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An https:// endpoint that is a plain-HTTP server (the simulator) is named as such at once: a
 * configuration error (exit 3) asking "is this an http:// endpoint?" and saying where the endpoint
 * came from; not a connect timeout, not retried, nothing sent.
 */
class TlsToPlainHttpTest {
    static Simulator sim;
    @TempDir Path home;

    @BeforeAll static void start() {
        sim = Simulator.start();
    }

    @AfterAll static void stop() {
        sim.close();
    }

    static String https() {
        return sim.endpoint().toString().replace("http://", "https://");
    }

    /** Timeouts of ten minutes: the answer cannot come from one of them (the harness gives a run two minutes). */
    @Test
    void aReadNamesThePlainHttpServerAndTheProfileTheEndpointCameFrom() throws Exception {
        Path file = Files.writeString(home.resolve("config.json"), "{\"default\":\"prod\",\"profiles\":{\"prod\":{\"endpoint\":\"" + https()
                + "\",\"accessKey\":\"" + sim.accessKey() + "\",\"secretKey\":\"" + sim.secretKey()
                + "\",\"connectTimeout\":\"10m\",\"requestTimeout\":\"10m\"}}}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        ChildAcs.Result r = new ChildAcs(home).run("node-list", "-v");
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).contains("answers plain HTTP, not TLS: is this an http:// endpoint? Use " + sim.endpoint())
                .contains("(endpoint from profile 'prod' of " + file + ")")
                .doesNotContain("timed out").as("not retried").doesNotContain("attempt 2");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aChangeIsNotSentAndNotRetried() throws Exception {
        int before = sim.accessLog().size();
        ChildAcs.Result r = new ChildAcs(home).env("ACS_ENDPOINT", https(), "ACS_ACCESS_KEY", sim.accessKey(), "ACS_SECRET_KEY", sim.secretKey())
                .run("node-deploy", "610474", "--url", "http://repo.example.com/a.war", "-v");
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).contains("POST " + https() + "/api/v1/node/610474/uploadStart: ")
                .contains("is this an http:// endpoint?").contains("(endpoint from ACS_ENDPOINT)")
                .doesNotContain("timed out").doesNotContain("outcome").as("not retried").doesNotContain("attempt 2");
        assertThat(sim.accessLog().subList(before, sim.accessLog().size())).as("no request reached the simulator's API")
                .noneMatch(e -> e.path().startsWith("/api/"));
    }
}
