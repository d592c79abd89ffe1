package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.sim.Simulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An https:// endpoint that is a plain-HTTP server (the simulator) is named as such at once: a
 * configuration error (exit 3) asking "is this an http:// endpoint?" and saying where the endpoint
 * came from; not a connect timeout, not retried, nothing sent.
 */
@Tag("child-process")
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

    /**
     * A TLS port that refuses every handshake (a fatal alert) and, like nginx's, answers a plain-HTTP
     * request with an HTTP 400: a TLS server all the same, whose failure must not be blamed on http://.
     */
    @Test
    void aTlsServerThatAlsoAnswersPlainHttpIsNotTakenForAPlainOne() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        InputStream in = s.getInputStream();
                        OutputStream out = s.getOutputStream();
                        int first = in.read();
                        drain(s, in); // all the client sent, so that closing sends no reset
                        if (first == 0x16) {
                            out.write(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28}); // alert: fatal, handshake_failure
                        } else {
                            out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                        out.flush();
                        s.shutdownOutput();
                        drain(s, in);
                    } catch (IOException e) {
                        // closed by the test, or a client that went away
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            String endpoint = "https://127.0.0.1:" + server.getLocalPort();
            ChildAcs.Result r = new ChildAcs(home).env("ACS_ENDPOINT", endpoint, "ACS_ACCESS_KEY", "ak", "ACS_SECRET_KEY", "sk")
                    .run("node-list");
            assertThat(r.exit()).as(r.toString()).isEqualTo(5);
            assertThat(r.err()).contains("TLS failed").contains("handshake_failure").doesNotContain("plain HTTP")
                    .doesNotContain("is this an http://");
        }
    }

    /** Reads what arrives until a pause of 200 ms or the end. */
    static void drain(Socket s, InputStream in) throws IOException {
        s.setSoTimeout(200);
        try {
            while (in.read(new byte[4096]) > 0) {
                // discard
            }
        } catch (java.net.SocketTimeoutException e) {
            // the client is waiting for an answer
        }
    }

    /**
     * A plain-HTTP server that, like most, waits for the end of the request line: it never answers the
     * ClientHello nor closes. With ten-minute timeouts, only telling it apart at once ends the run
     * (waiting for a timeout would outlast the harness's two minutes).
     */
    @Test
    void aPlainServerThatWaitsForTheEndOfTheRequestLineIsToldApartWithoutATimeout() throws Exception {
        java.util.List<Socket> open = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        open.add(s);
                        Thread each = new Thread(() -> answerAtTheEndOfTheHead(s));
                        each.setDaemon(true);
                        each.start();
                    } catch (IOException e) {
                        // closed by the test
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            String endpoint = "https://127.0.0.1:" + server.getLocalPort();
            Path file = Files.writeString(home.resolve("config.json"), "{\"profiles\":{\"dev\":{\"endpoint\":\"" + endpoint
                    + "\",\"accessKey\":\"ak\",\"secretKey\":\"sk\",\"connectTimeout\":\"10m\",\"requestTimeout\":\"10m\"}}}");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            ChildAcs.Result r = new ChildAcs(home).run("node-list");
            assertThat(r.exit()).as(r.toString()).isEqualTo(3);
            assertThat(r.err()).contains("is this an http:// endpoint? Use http://127.0.0.1:" + server.getLocalPort())
                    .contains("(endpoint from profile 'dev' of " + file + ")");
        } finally {
            for (Socket s : open) s.close();
        }
    }

    /** What a plain-HTTP server does: read up to the blank line that ends a request's head, then answer 400 to garbage. */
    static void answerAtTheEndOfTheHead(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            int matched = 0;
            for (int b; matched < 4 && (b = in.read()) >= 0; ) {
                matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
            }
            s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
            drain(s, in);
        } catch (IOException e) {
            // closed by the test
        }
    }
}
