package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.ConfigException;
import acs.config.AcsConfig;
import acs.config.Settings;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy variables read as curl reads them (HTTP_PROXY, HTTPS_PROXY, NO_PROXY, either case),
 * and the endpoint rules of README "Configuration", checked in process.
 */
class ProxyAndEndpointTest {
    @TempDir Path home;

    Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("ACS_HOME", home.toString());
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    ProxySelector proxy(String... kv) {
        return AcsConfig.resolve(Settings.NONE, env(kv)).proxy();
    }

    /** "host:port" of the proxy chosen for this URL, or "direct". */
    static String via(ProxySelector p, String url) {
        Proxy chosen = p.select(URI.create(url)).get(0);
        if (chosen.type() == Proxy.Type.DIRECT) return "direct";
        assertThat(chosen.type()).isEqualTo(Proxy.Type.HTTP);
        InetSocketAddress a = (InetSocketAddress) chosen.address();
        return a.getHostString() + ":" + a.getPort();
    }

    @Test
    void httpsUsesHttpsProxyElseHttpProxyAndHttpNeverUsesHttpsProxy() {
        ProxySelector both = proxy("HTTP_PROXY", "http://plain.proxy:3128", "HTTPS_PROXY", "http://tls.proxy:8443");
        assertThat(via(both, "http://api.example.com/x")).isEqualTo("plain.proxy:3128");
        assertThat(via(both, "https://api.example.com/x")).isEqualTo("tls.proxy:8443");
        ProxySelector onlyHttps = proxy("HTTPS_PROXY", "http://tls.proxy:8443");
        assertThat(via(onlyHttps, "https://api.example.com/x")).isEqualTo("tls.proxy:8443");
        assertThat(via(onlyHttps, "http://api.example.com/x")).isEqualTo("direct");
        ProxySelector onlyHttp = proxy("HTTP_PROXY", "http://plain.proxy:3128");
        assertThat(via(onlyHttp, "HTTPS://api.example.com/x")).isEqualTo("plain.proxy:3128");
    }

    @Test
    void lowerCaseVariablesWinAndBlankOnesCountAsUnset() {
        assertThat(via(proxy("http_proxy", "http://lower:1", "HTTP_PROXY", "http://upper:2"), "http://a.example.com")).isEqualTo("lower:1");
        assertThat(via(proxy("http_proxy", " ", "HTTP_PROXY", "http://upper:2"), "http://a.example.com")).isEqualTo("upper:2");
        assertThat(proxy("HTTP_PROXY", "  ", "https_proxy", "")).isNull();
    }

    @Test
    void aProxyWithoutSchemeIsHttpAndWithoutPortIsPort80() {
        assertThat(via(proxy("HTTP_PROXY", "proxy.local:8080"), "http://a.example.com")).isEqualTo("proxy.local:8080");
        assertThat(via(proxy("HTTP_PROXY", " http://proxy.local "), "http://a.example.com")).isEqualTo("proxy.local:80");
    }

    @Test
    void noProxyMatchesTheHostAndItsSubdomainsOnlyInAnyCase() {
        ProxySelector p = proxy("HTTP_PROXY", "http://proxy:3128", "no_proxy", "Example.COM , .corp.local,,localhost");
        assertThat(via(p, "http://example.com/x")).isEqualTo("direct");
        assertThat(via(p, "http://API.example.com/x")).isEqualTo("direct");
        assertThat(via(p, "http://badexample.com/x")).as("a suffix is not a subdomain").isEqualTo("proxy:3128");
        assertThat(via(p, "http://corp.local/x")).isEqualTo("direct");
        assertThat(via(p, "http://build.corp.local/x")).isEqualTo("direct");
        assertThat(via(p, "http://notcorp.local/x")).isEqualTo("proxy:3128");
        assertThat(via(p, "http://localhost:8080/x")).isEqualTo("direct");
        assertThat(via(p, "http://localhost.evil.com/x")).isEqualTo("proxy:3128");
        assertThat(via(proxy("HTTP_PROXY", "http://proxy:3128", "NO_PROXY", "*"), "http://anything.example.org")).isEqualTo("direct");
        assertThat(via(proxy("HTTP_PROXY", "http://proxy:3128", "NO_PROXY", ""), "http://anything.example.org")).isEqualTo("proxy:3128");
        p.connectFailed(URI.create("http://example.com"), InetSocketAddress.createUnresolved("proxy", 3128), new java.io.IOException("x"));
    }

    @Test
    void aProxyThatIsNotAUrlNamesTheVariableWithoutThePassword() {
        assertThatThrownBy(() -> proxy("HTTPS_PROXY", "http://user:hunter2@:3128")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("HTTPS_PROXY is not a proxy URL").hasMessageContaining("e.g. http://proxy.example.com:3128")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
        assertThatThrownBy(() -> proxy("HTTP_PROXY", "http://bad host:3128")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("HTTP_PROXY is not a proxy URL");
    }

    @Test
    void anEndpointIsAnHttpOrHttpsBaseUrlWithoutTrailingSlashes() {
        assertThat(AcsConfig.of(" http://acs.example.com// ", "ak", "sk").endpoint()).isEqualTo(URI.create("http://acs.example.com"));
        assertThat(AcsConfig.of("https://acs.example.com:8443/base", "ak", "sk").endpoint().toString()).isEqualTo("https://acs.example.com:8443/base");
        assertThatThrownBy(() -> AcsConfig.of("http://acs.example.com/api/v1", "ak", "sk")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ends in an API path").hasMessageContaining("without /api/v1").hasMessageContaining("(e.g. http://acs.example.com)");
        assertThatThrownBy(() -> AcsConfig.of("http://acs.example.com/API", "ak", "sk")).hasMessageContaining("ends in an API path");
        assertThat(AcsConfig.of("http://acs.example.com/apis", "ak", "sk").endpoint().getPath()).as("only /api itself is the API path").isEqualTo("/apis");
        assertThatThrownBy(() -> AcsConfig.of("acs.example.com", "ak", "sk")).isInstanceOf(ConfigException.class)
                .hasMessageEndingWith(" is not an http(s) URL: 'acs.example.com'; expected e.g. http://open-ews.cloud.tmall.com");
        assertThatThrownBy(() -> AcsConfig.of("http://", "ak", "sk")).hasMessageContaining("is not an http(s) URL");
        assertThatThrownBy(() -> AcsConfig.of("http://a b", "ak", "sk")).hasMessageContaining("is not an http(s) URL");
    }

    @Test
    void timeoutsDefaultTo5And10SecondsAndAProfileOrAFlagSetsThem() throws Exception {
        AcsConfig plain = AcsConfig.of("http://acs.example.com", "ak", "sk");
        assertThat(plain.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(plain.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(plain.withRequestTimeout(Duration.ofSeconds(3)).requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        AcsConfig flagged = AcsConfig.resolve(Settings.NONE.withEndpoint("http://e").withAccessKey("ak").withSecretKey("sk")
                .withConnectTimeout(Duration.ofSeconds(2)).withRequestTimeout(Duration.ofSeconds(30)), env());
        assertThat(flagged.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(flagged.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void completenessNamesWhatWasFoundWhereAndWhatIsMissing() {
        AcsConfig keyOnly = AcsConfig.resolve(Settings.NONE, env("ACS_ACCESS_KEY", "ak"));
        assertThatThrownBy(keyOnly::requireComplete).isInstanceOf(ConfigException.class)
                .hasMessage("incomplete configuration: found accessKey (from ACS_ACCESS_KEY); missing: "
                        + "the endpoint (--endpoint, ACS_ENDPOINT, or a profile's \"endpoint\"), "
                        + "the secret key (ACS_SECRET_KEY, --secret-key-stdin, or a profile's \"secretKey\"). "
                        + "Set what is missing ('acs configure' writes a profile), or unset everything to use the embedded demo simulator");
        AcsConfig nothing = AcsConfig.resolve(Settings.NONE, env());
        assertThat(nothing.nothingConfigured()).isTrue();
        assertThatThrownBy(nothing::requireComplete).hasMessageStartingWith("nothing is configured; missing: the endpoint")
                .hasMessageContaining("the access key (--access-key, ACS_ACCESS_KEY, or a profile's \"accessKey\")")
                .hasMessageEndingWith("('acs configure' writes a profile)");
        AcsConfig typo = AcsConfig.resolve(Settings.NONE, env("ACS_ENDPONT", "http://e"));
        assertThatThrownBy(typo::requireComplete).hasMessageContaining("; not understood: variable ACS_ENDPONT (did you mean ACS_ENDPOINT?)");
        AcsConfig full = AcsConfig.resolve(Settings.NONE, env("ACS_ENDPOINT", "http://e", "ACS_ACCESS_KEY", "ak", "ACS_SECRET_KEY", "sk"));
        assertThat(full.requireComplete()).isSameAs(full);
        assertThat(full.endpointOrigin()).isEqualTo("ACS_ENDPOINT");
        assertThat(full.hasEndpoint()).isTrue();
        assertThat(full.nothingConfigured()).isFalse();
        assertThat(AcsConfig.resolve(Settings.NONE, env("ACS_PROFILE", " ")).nothingConfigured()).as("blank is unset").isTrue();
        assertThat(AcsConfig.resolve(Settings.NONE, env("ACS_HOME_X", "")).warnings()).as("a blank unknown variable is ignored").isEmpty();
    }
}
