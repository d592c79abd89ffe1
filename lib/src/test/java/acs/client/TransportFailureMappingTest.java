package acs.client;

import static org.assertj.core.api.Assertions.assertThat;

import acs.AcsException;
import acs.ConfigException;
import acs.TransportException;
import acs.config.AcsConfig;
import acs.wire.PreparedRequest;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * What a user reads when the wire fails in ways a loopback server cannot stage on demand (a heap too
 * small for the answer, exceptions without a message, a refusal wrapped by the HTTP client).
 */
class TransportFailureMappingTest {
    static AcsException failure(String endpoint, Throwable e) {
        URI u = URI.create(endpoint + "/api/v1/node");
        return new Transport(AcsConfig.of(endpoint, "ak", "sk")).failure(new PreparedRequest("GET", u, Map.of(), "auth", ""), e);
    }

    static String closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return "127.0.0.1:" + s.getLocalPort();
        }
    }

    @Test
    void anAnswerTooLargeForTheHeapSaysSoAndIsNotANetworkFailure() {
        AcsException e = failure("http://h:1", new IOException("reading body", new OutOfMemoryError("Java heap space")));
        assertThat(e).isNotInstanceOf(TransportException.class)
                .hasMessageStartingWith("GET http://h:1/api/v1/node: the answer does not fit in this JVM's heap (")
                .hasMessageContaining("give the JVM more (-Xmx)");
    }

    @Test
    void aFailureWithoutAMessageIsNamedByItsKind() {
        assertThat(failure("http://h:1", new IOException())).isInstanceOf(TransportException.class)
                .hasMessage("GET http://h:1/api/v1/node: connection failed: IOException (endpoint from code)");
        assertThat(failure("http://h:1", new EOFException("fixed content-length: 20, bytes received: 3")))
                .hasMessage("GET http://h:1/api/v1/node: connection failed: EOFException fixed content-length: 20, bytes received: 3 (endpoint from code)");
    }

    @Test
    void aRefusalTheClientWrapsStillNeverLeft() {
        TransportException wrapped = (TransportException) failure("http://h:1", new IOException("x", new ConnectException()));
        assertThat(wrapped).hasMessage("GET http://h:1/api/v1/node: connection refused (is the server running, and the port right?) (endpoint from code)");
        assertThat(wrapped.maybeApplied()).isFalse();
        assertThat(((TransportException) failure("http://h:1", new IOException("reset"))).maybeApplied()).isTrue();
    }

    @Test
    void aBrokenHandshakeNamesItsDeepestCauseOrItsKind() throws Exception {
        String https = "https://" + closedPort(); // nothing listens: the plain-HTTP probe finds nothing there
        assertThat(failure(https, new SSLHandshakeException("outer") {{ initCause(new EOFException()); }}))
                .isInstanceOf(TransportException.class).hasMessageEndingWith(": TLS failed: EOFException (endpoint from code)");
        assertThat(failure(https, new SSLHandshakeException("outer") {{ initCause(new IOException("peer hung up")); }}))
                .hasMessageEndingWith(": TLS failed: peer hung up (endpoint from code)");
        assertThat(failure(https, new TlsProbe.PlainHttpAnswer(URI.create(https)))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("answers plain HTTP, not TLS: is this an http:// endpoint?");
    }
}
