package acs;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The wire: one shared {@link HttpClient} (built on first use: its TLS set-up costs ~250 ms),
 * timeouts, the User-Agent and the Authorization header. Maps every I/O failure to a
 * {@link TransportException} that says whether the request may have reached the server.
 */
final class Transport {
    static final String USER_AGENT = "acs/" + AcsClient.VERSION + " (Java " + Runtime.version().feature() + ")";

    private final AcsConfig config;
    private volatile HttpClient http;

    Transport(AcsConfig config) {
        this.config = config;
    }

    record Response(int status, String body, String retryAfter) {}

    private HttpClient http() {
        HttpClient h = http;
        if (h == null) {
            synchronized (this) {
                if (http == null) {
                    HttpClient.Builder b = HttpClient.newBuilder()
                            .connectTimeout(config.connectTimeout())
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .version(HttpClient.Version.HTTP_1_1);
                    if (config.proxy() != null) b.proxy(config.proxy());
                    http = b.build();
                }
                h = http;
            }
        }
        return h;
    }

    HttpRequest toHttp(PreparedRequest p) {
        HttpRequest.Builder b = HttpRequest.newBuilder(p.uri())
                .timeout(config.requestTimeout())
                .header("User-Agent", USER_AGENT)
                .header("Accept", "application/json")
                .header("Authorization", p.authorization());
        if (p.body().isEmpty()) {
            b.method(p.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8");
            b.method(p.method(), HttpRequest.BodyPublishers.ofString(p.body()));
        }
        return b.build();
    }

    Response send(PreparedRequest p) {
        try {
            HttpResponse<String> r = http().send(toHttp(p), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers().firstValue("Retry-After").orElse(null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(p.method() + " " + p.uri().getPath() + ": interrupted", true, e);
        } catch (IOException | RuntimeException e) {
            throw failure(p, e);
        }
    }

    CompletableFuture<Response> sendAsync(PreparedRequest p) {
        return http().sendAsync(toHttp(p), HttpResponse.BodyHandlers.ofString())
                .handle((r, e) -> {
                    if (e != null) throw failure(p, e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
                    return new Response(r.statusCode(), r.body(), r.headers().firstValue("Retry-After").orElse(null));
                });
    }

    static TransportException failure(PreparedRequest p, Throwable e) {
        URI u = p.uri();
        String where = p.method() + " " + u.getScheme() + "://" + u.getAuthority() + u.getPath();
        // Connection never made: the server cannot have seen the request.
        boolean notSent = e instanceof ConnectException || e instanceof HttpConnectTimeoutException
                || e instanceof UnresolvedAddressException || e.getCause() instanceof ConnectException
                || e instanceof java.nio.channels.UnresolvedAddressException;
        String what = e instanceof HttpConnectTimeoutException ? "connect timed out"
                : e instanceof HttpTimeoutException ? "no response within the request timeout"
                : notSent ? "connection refused or host unreachable"
                : "connection failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
        return new TransportException(where + ": " + what, !notSent, e);
    }

    static Duration retryAfter(String header) {
        if (header == null) return null;
        try {
            long s = Long.parseLong(header.trim());
            return s >= 0 ? Duration.ofSeconds(Math.min(s, 60)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
