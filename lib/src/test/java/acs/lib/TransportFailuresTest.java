package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import acs.ConfigException;
import acs.TransportException;
import acs.client.AcsClient;
import acs.config.AcsConfig;
import acs.config.Settings;
import acs.lifecycle.RetryPolicy;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a network failure says and whether the request may have arrived (README "Reliability"):
 * refused and unresolved never left; a timeout or a broken TLS handshake may have; https to a plain
 * HTTP port is a configuration mistake, said as such.
 */
class TransportFailuresTest {
    static AcsClient client(String endpoint, Duration timeout) {
        return AcsClient.create(AcsConfig.of(endpoint, "ak", "sk").withRequestTimeout(timeout)).withRetry(RetryPolicy.NONE);
    }

    /** A port that answers every connection in plain HTTP at once, as a web server does to bytes it does not understand. */
    static ServerSocket plainHttp() throws Exception {
        ServerSocket server = new ServerSocket(0);
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    Thread.sleep(50);
                } catch (Exception e) {
                    // closed, or a client that hung up
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return server;
    }

    @Test
    void httpsToAPlainHttpPortAsksWhetherTheEndpointIsHttp() throws Exception {
        try (ServerSocket plain = plainHttp()) {
            String authority = "127.0.0.1:" + plain.getLocalPort();
            Throwable t = catchThrowable(() -> client("https://" + authority, Duration.ofSeconds(10)).nodes());
            assertThat(t).isInstanceOf(ConfigException.class)
                    .hasMessage("GET https://" + authority + "/api/v1/node: " + authority + " answers plain HTTP, not TLS: is this an http:// endpoint?"
                            + " Use http://" + authority + " (endpoint from code)");
        }
    }

    @Test
    void aTlsHandshakeThatBreaksMayHaveDeliveredNothingButIsNotKnownNotToHave() throws Exception {
        try (ServerSocket hangUp = new ServerSocket(0)) {
            Thread t = new Thread(() -> {
                while (!hangUp.isClosed()) {
                    try (Socket s = hangUp.accept()) {
                        s.getInputStream().read();
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            Throwable failure = catchThrowable(() -> client("https://127.0.0.1:" + hangUp.getLocalPort(), Duration.ofSeconds(10)).nodes());
            assertThat(failure).isInstanceOf(TransportException.class).hasMessageStartingWith("GET https://127.0.0.1:" + hangUp.getLocalPort() + "/api/v1/node: ")
                    .hasMessageContaining("TLS failed: ");
            assertThat(((TransportException) failure).maybeApplied()).isTrue();
        }
    }

    @Test
    void noAnswerWithinTheRequestTimeoutMayHaveArrived() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread t = new Thread(() -> {
                try {
                    while (true) held.add(silent.accept());
                } catch (Exception e) {
                    // closed
                }
            });
            t.setDaemon(true);
            t.start();
            // long enough for java.net.http to finish connecting on a loaded machine: a timeout while connecting is a connect timeout
            Throwable failure = catchThrowable(() -> client("http://127.0.0.1:" + silent.getLocalPort(), Duration.ofMillis(1500)).nodes());
            assertThat(failure).isInstanceOf(TransportException.class)
                    .hasMessageContaining("no response within the request timeout (--timeout, or the profile's requestTimeout)");
            assertThat(((TransportException) failure).maybeApplied()).isTrue();
        } finally {
            for (Socket s : held) s.close();
        }
    }

    @Test
    void aRefusedConnectionNeverLeftAndNamesWhereTheEndpointCameFrom() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        AcsConfig fromEnv = AcsConfig.resolve(Settings.NONE, Map.of("ACS_HOME", "/nonexistent-acs-home", "ACS_ENDPOINT", "http://127.0.0.1:" + port,
                "ACS_ACCESS_KEY", "ak", "ACS_SECRET_KEY", "sk"));
        Throwable failure = catchThrowable(() -> AcsClient.create(fromEnv).withRetry(RetryPolicy.NONE).nodes());
        assertThat(failure).isInstanceOf(TransportException.class)
                .hasMessage("GET http://127.0.0.1:" + port + "/api/v1/node: connection refused (is the server running, and the port right?)"
                        + " (endpoint from ACS_ENDPOINT)");
        assertThat(((TransportException) failure).maybeApplied()).isFalse();
        Throwable async = catchThrowable(() -> AcsClient.create(fromEnv).callAsync(acs.ApiCall.nodes()).join());
        assertThat(async.getCause()).isInstanceOf(TransportException.class).hasMessageContaining("connection refused");
    }

    @Test
    void anUnknownHostNeverLeftAndSaysToCheckTheSpelling() {
        Throwable failure = catchThrowable(() -> client("http://no-such-host.invalid:8080", Duration.ofSeconds(10)).nodes());
        assertThat(failure).isInstanceOf(TransportException.class)
                .hasMessageContaining("unknown host 'no-such-host.invalid' (the name does not resolve: check the endpoint's spelling, or DNS)");
        assertThat(((TransportException) failure).maybeApplied()).isFalse();
    }
}
