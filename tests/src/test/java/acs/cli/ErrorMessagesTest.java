package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.sim.Simulator;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors name the cause and the fix, with the exit code of their kind. */
class ErrorMessagesTest {
    static Simulator sim;

    @BeforeAll static void start() {
        sim = Simulator.start();
    }

    @AfterAll static void stop() {
        sim.close();
    }

    static CliHarness.Result acs(String endpoint, String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--endpoint", endpoint, "--access-key", sim.accessKey())).toArray(String[]::new);
        java.io.InputStream in = System.in;
        System.setIn(new java.io.ByteArrayInputStream((sim.secretKey() + "\n").getBytes()));
        try {
            String[] withSecret = java.util.Arrays.copyOf(all, all.length + 1);
            withSecret[all.length] = "--secret-key-stdin";
            return CliHarness.run(withSecret);
        } finally {
            System.setIn(in);
        }
    }

    @Test
    void httpsToAPlainHttpServerAsksWhetherItIsHttp() {
        String https = sim.endpoint().toString().replace("http://", "https://");
        CliHarness.Result r = acs(https, "node-list");
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).contains("is this an http:// endpoint?").contains("Use " + sim.endpoint()).contains("(endpoint from --endpoint)");
    }

    @Test
    void anUnknownHostIsNamedAsSuch() {
        CliHarness.Result r = acs("http://no-such-host.invalid:8080", "node-list");
        assertThat(r.exit()).as(r.toString()).isEqualTo(5);
        assertThat(r.err()).contains("unknown host 'no-such-host.invalid'").doesNotContain("refused").contains("(endpoint from --endpoint)");
    }

    @Test
    void anEndpointWithTheApiPathSaysToUseTheBaseUrl() {
        CliHarness.Result r = acs(sim.endpoint() + "/api/v1", "node-list");
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).contains("use the base URL, without /api/v1").contains("e.g. " + sim.endpoint());
    }

    @Test
    void aTimeoutOfZeroIsBadInput() {
        CliHarness.Result r = acs(sim.endpoint().toString(), "node-list", "--timeout", "0s");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--timeout").contains("more than zero");
    }

    @Test
    void aMissingPackageVersionSaysSoWithTheServersDetail() {
        CliHarness.Result r = acs(sim.endpoint().toString(), "node-redeploy", "610474", "--package-version", "99");
        assertThat(r.exit()).as(r.toString()).isEqualTo(4);
        assertThat(r.err()).contains("no package version 99").contains("no such package version").doesNotContain("check the id");
    }

    @Test
    void anIdThatIsNotANumberSaysWhatIsExpected() {
        for (String[] args : new String[][] {{"node-get", "abc"}, {"container-get", "-5"}, {"node-stop", "--service", "x", "--yes"}}) {
            CliHarness.Result r = CliHarness.run(args);
            assertThat(r.exit()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).contains("expected a positive number").doesNotContain("is not a long");
        }
    }

    @Tag("child-process") @Test
    void aRefusedConnectionSaysWhichProfileAndFileTheEndpointCameFrom(@TempDir Path home) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path file = home.resolve("config.json");
        Files.writeString(file, "{\"default\":\"p\",\"profiles\":{\"p\":{\"endpoint\":\"http://127.0.0.1:" + port
                + "\",\"accessKey\":\"ak\",\"secretKey\":\"sk\"}}}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        ChildAcs.Result r = new ChildAcs(home).run("node-list");
        assertThat(r.exit()).as(r.toString()).isEqualTo(5);
        assertThat(r.err()).contains("connection refused").contains("(endpoint from profile 'p' of " + file + ")");
    }
}
