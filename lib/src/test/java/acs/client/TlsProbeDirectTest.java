package acs.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plain-HTTP probe opens a socket of its own: only right when requests also go straight to the endpoint, not through a proxy. */
class TlsProbeDirectTest {
    static final URI ENDPOINT = URI.create("https://acs.example.com:8443/api/v1/node");

    static ProxySelector selecting(List<Proxy> proxies) {
        return new ProxySelector() {
            @Override public List<Proxy> select(URI uri) {
                if (proxies == null) throw new IllegalArgumentException("no rule for " + uri);
                return proxies;
            }
            @Override public void connectFailed(URI uri, SocketAddress sa, IOException ioe) { }
        };
    }

    @Test
    void onlyAnEndpointReachedDirectlyIsProbed() {
        assertThat(TlsProbe.direct(ENDPOINT, null)).as("no proxy configured").isTrue();
        assertThat(TlsProbe.direct(ENDPOINT, selecting(List.of(Proxy.NO_PROXY)))).as("NO_PROXY matches the host").isTrue();
        Proxy http = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("proxy.local", 3128));
        assertThat(TlsProbe.direct(ENDPOINT, selecting(List.of(http)))).as("through a proxy").isFalse();
        assertThat(TlsProbe.direct(ENDPOINT, selecting(List.of(Proxy.NO_PROXY, http)))).as("maybe through a proxy").isFalse();
        assertThat(TlsProbe.direct(ENDPOINT, selecting(null))).as("a selector that fails").isFalse();
    }
}
