package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import acs.ConfigException;
import acs.TransportException;
import acs.auth.Secret;
import acs.client.AcsClient;
import acs.config.AcsConfig;
import acs.lifecycle.RetryPolicy;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * An https:// endpoint whose server speaks plain HTTP and, like most, waits for the end of a request
 * line that a TLS ClientHello never sends: the user is told at once, not after the request timeout.
 */
class TlsProbeTest {
    /** Answers HTTP 400 once a blank line arrives, as a plain-HTTP server does; holds a bare ClientHello forever. */
    static final class PatientPlainHttp implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0);
        final List<Socket> open = new CopyOnWriteArrayList<>();

        PatientPlainHttp(boolean answers) throws Exception {
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        open.add(s);
                        Thread reader = new Thread(() -> serve(s, answers));
                        reader.setDaemon(true);
                        reader.start();
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        static void serve(Socket s, boolean answers) {
            try (InputStream in = s.getInputStream()) {
                int a = 0, b = 0, c = 0, d;
                while ((d = in.read()) >= 0) {
                    if (answers && a == '\r' && b == '\n' && c == '\r' && d == '\n') {
                        s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                        s.close();
                        return;
                    }
                    a = b; b = c; c = d;
                }
            } catch (Exception e) {
                // closed by the test or the client
            }
        }

        String authority() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        @Override public void close() throws Exception {
            server.close();
            for (Socket s : open) s.close();
        }
    }

    /** A connect timeout far beyond the request timeout: only the probe can end the wait with the plain-HTTP answer. */
    static AcsClient client(String endpoint, Duration requestTimeout) {
        return AcsClient.create(new AcsConfig(URI.create(endpoint), "ak", Secret.of("sk"), null, Duration.ofSeconds(60), requestTimeout,
                null, null, null)).withRetry(RetryPolicy.NONE);
    }

    @Test
    void aPlainHttpServerThatHoldsTheHandshakeIsNamedAtOnceOnEveryCall() throws Exception {
        try (PatientPlainHttp plain = new PatientPlainHttp(true); AcsClient client = client("https://" + plain.authority(), Duration.ofSeconds(8))) {
            for (int call = 1; call <= 2; call++) {
                Throwable t = catchThrowable(client::nodes);
                assertThat(t).as("call %d", call).isInstanceOf(ConfigException.class)
                        .hasMessageContaining(plain.authority() + " answers plain HTTP, not TLS: is this an http:// endpoint? Use http://" + plain.authority());
                assertThat(t.getCause()).as("found by the probe, not by waiting out the request timeout")
                        .hasMessage(plain.authority() + " answers a TLS handshake with plain HTTP");
            }
        }
    }

    @Test
    void aHandshakeThatNeverEndsIsAConnectTimeoutThatSentNothing() throws Exception {
        try (PatientPlainHttp silent = new PatientPlainHttp(false); AcsClient client = client("https://" + silent.authority(), Duration.ofMillis(300))) {
            Throwable t = catchThrowable(client::nodes);
            assertThat(t).isInstanceOf(TransportException.class)
                    .hasMessage("GET https://" + silent.authority() + "/api/v1/node: no connection within the request timeout of 300ms"
                            + " (--timeout, or the profile's requestTimeout: too short to connect? Else: is the host up, and the port right?)");
            assertThat(((TransportException) t).maybeApplied()).as("no request goes before the handshake ends").isFalse();
        }
    }

    @Test
    void anInterruptedStreamedListEndsTheCallAndKeepsTheInterrupt() throws Exception {
        try (RecordingServer server = new RecordingServer();
             AcsClient client = AcsClient.create(AcsConfig.of(server.endpoint(), "ak", "sk")).withRetry(RetryPolicy.NONE)) {
            Thread.currentThread().interrupt();
            try {
                Throwable t = catchThrowable(() -> client.forEachNode(n -> { }));
                assertThat(t).isInstanceOf(TransportException.class).hasMessage("GET /api/v1/node: interrupted");
                assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
            } finally {
                Thread.interrupted();
            }
        }
    }
}
