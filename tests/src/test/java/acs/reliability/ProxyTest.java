package acs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import acs.AcsException;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP_PROXY / http_proxy / NO_PROXY as an operator sets them, through a small recording proxy.
 * The endpoint's host does not resolve ({@code .invalid}), so an answer can only have come
 * through the proxy, which forwards to the simulator.
 */
@Tag("child-process")
class ProxyTest {
    static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "expect", "upgrade", "proxy-connection", "keep-alive");
    @TempDir Path home;
    Simulator sim;
    HttpServer proxy;
    final List<String> seen = new CopyOnWriteArrayList<>();
    final HttpClient direct = HttpClient.newHttpClient();

    @BeforeEach void start() throws Exception {
        sim = Simulator.start(SimConfig.defaults());
        proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", this::forward);
        proxy.start();
    }

    @AfterEach void stop() {
        proxy.stop(0);
        sim.close();
    }

    /** Records the request line as the client sent it (absolute form) and forwards it to the simulator. */
    void forward(HttpExchange ex) {
        try (ex) {
            URI asked = ex.getRequestURI();
            seen.add(ex.getRequestMethod() + " " + asked);
            URI to = URI.create("http://127.0.0.1:" + sim.port() + asked.getRawPath() + (asked.getRawQuery() == null ? "" : "?" + asked.getRawQuery()));
            HttpRequest.Builder b = HttpRequest.newBuilder(to).method(ex.getRequestMethod(),
                    HttpRequest.BodyPublishers.ofByteArray(ex.getRequestBody().readAllBytes()));
            ex.getRequestHeaders().forEach((k, vs) -> {
                if (!HOP_BY_HOP.contains(k.toLowerCase())) vs.forEach(v -> b.header(k, v));
            });
            HttpResponse<byte[]> r = direct.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            r.headers().firstValue("Content-Type").ifPresent(v -> ex.getResponseHeaders().set("Content-Type", v));
            ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
            ex.getResponseBody().write(r.body());
        } catch (Exception e) {
            seen.add("proxy failed: " + e);
        }
    }

    record Run(int exit, String out, String err) {}

    Run nodeGet(Map<String, String> proxyEnv) throws Exception {
        ProcessBuilder pb = new ChildCli(home, Map.of("ACS_ENDPOINT", "http://acs-sim.invalid:" + sim.port(),
                "ACS_ACCESS_KEY", sim.accessKey(), "ACS_SECRET_KEY", sim.secretKey())).builder("Acs", "node-get", "610474", "--timeout", "20s");
        pb.environment().keySet().removeIf(k -> k.equalsIgnoreCase("http_proxy") || k.equalsIgnoreCase("https_proxy") || k.equalsIgnoreCase("no_proxy"));
        pb.environment().putAll(proxyEnv);
        File out = File.createTempFile("acs-out", ".txt"), err = File.createTempFile("acs-err", ".txt");
        Process p = pb.redirectOutput(out).redirectError(err).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Run(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8), Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }

    String proxyUrl() {
        return "http://127.0.0.1:" + proxy.getAddress().getPort();
    }

    @Test void requestsGoThroughTheProxyTheEnvironmentNames() throws Exception {
        for (String variable : List.of("HTTP_PROXY", "http_proxy")) {
            seen.clear();
            Run r = nodeGet(Map.of(variable, proxyUrl()));
            assertThat(r.exit()).as(variable + ": " + r.err()).isZero();
            assertThat(r.out()).contains("正式环境");
            assertThat(seen).singleElement().asString().startsWith("GET http://acs-sim.invalid:" + sim.port() + "/api/v1/node/610474?");
        }
    }

    @Test void noProxyBypassesIt() throws Exception {
        Run r = nodeGet(Map.of("HTTP_PROXY", proxyUrl(), "NO_PROXY", "localhost,.invalid"));
        assertThat(r.exit()).as(r.err()).isEqualTo(AcsException.EXIT_TRANSPORT); // straight to a host that does not resolve
        assertThat(seen).isEmpty();
    }

    @Test void aProxyThatIsNotAUrlIsAConfigurationError() throws Exception {
        Run r = nodeGet(Map.of("HTTP_PROXY", "http://"));
        assertThat(r.exit()).as(r.err()).isEqualTo(AcsException.EXIT_CONFIG);
        assertThat(r.err()).contains("HTTP_PROXY");
        assertThat(seen).isEmpty();
    }

    @Test void aProxyThatIsNotAUrlIsNamedWithoutItsPassword() throws Exception {
        Run r = nodeGet(Map.of("HTTP_PROXY", "http://ops:hunter2@"));
        assertThat(r.exit()).as(r.err()).isEqualTo(AcsException.EXIT_CONFIG);
        assertThat(r.err()).contains("HTTP_PROXY").doesNotContain("hunter2");
    }
}
