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

    static {
        // Close idle pooled connections before servers do (the simulator after 30 s, many proxies
        // sooner): a POST on a connection the server has just closed would otherwise fail after it
        // may have been sent, and be reported as an unknown outcome for nothing.
        if (System.getProperty("jdk.httpclient.keepalive.timeout") == null) {
            System.setProperty("jdk.httpclient.keepalive.timeout", "20");
        }
    }

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
                    if ("http".equalsIgnoreCase(config.endpoint().getScheme()) && config.proxy() == null) {
                        // Plain HTTP never needs TLS, but the client builds the default SSLContext
                        // eagerly (~200 ms, 300 classes). Give it one that initialises on first use.
                        b.sslContext(LazySsl.CONTEXT).sslParameters(new javax.net.ssl.SSLParameters());
                    }
                    http = b.build();
                }
                h = http;
            }
        }
        return h;
    }

    /** An SSLContext that builds the JDK default one only when something really uses TLS. */
    static final class LazySsl extends javax.net.ssl.SSLContextSpi {
        static final javax.net.ssl.SSLContext CONTEXT = new javax.net.ssl.SSLContext(new LazySsl(), null, "Default") { };
        private volatile javax.net.ssl.SSLContext real;

        private javax.net.ssl.SSLContext real() {
            javax.net.ssl.SSLContext r = real;
            if (r == null) {
                try {
                    real = r = javax.net.ssl.SSLContext.getDefault();
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException("no TLS in this JDK", e);
                }
            }
            return r;
        }

        @Override protected void engineInit(javax.net.ssl.KeyManager[] km, javax.net.ssl.TrustManager[] tm, java.security.SecureRandom sr) {
            throw new UnsupportedOperationException("the default context is initialised already");
        }
        @Override protected javax.net.ssl.SSLSocketFactory engineGetSocketFactory() { return real().getSocketFactory(); }
        @Override protected javax.net.ssl.SSLServerSocketFactory engineGetServerSocketFactory() { return real().getServerSocketFactory(); }
        @Override protected javax.net.ssl.SSLEngine engineCreateSSLEngine() { return real().createSSLEngine(); }
        @Override protected javax.net.ssl.SSLEngine engineCreateSSLEngine(String host, int port) { return real().createSSLEngine(host, port); }
        @Override protected javax.net.ssl.SSLSessionContext engineGetServerSessionContext() { return real().getServerSessionContext(); }
        @Override protected javax.net.ssl.SSLSessionContext engineGetClientSessionContext() { return real().getClientSessionContext(); }
        @Override protected javax.net.ssl.SSLParameters engineGetDefaultSSLParameters() { return real().getDefaultSSLParameters(); }
        @Override protected javax.net.ssl.SSLParameters engineGetSupportedSSLParameters() { return real().getSupportedSSLParameters(); }
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

    /** A response whose body is read as it arrives (the caller closes it): for lists too large to hold. */
    record Streamed(int status, java.io.InputStream body, String retryAfter) {}

    Streamed sendStreaming(PreparedRequest p) {
        try {
            HttpResponse<java.io.InputStream> r = http().send(toHttp(p), HttpResponse.BodyHandlers.ofInputStream());
            return new Streamed(r.statusCode(), r.body(), r.headers().firstValue("Retry-After").orElse(null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(p.method() + " " + p.uri().getPath() + ": interrupted", true, e);
        } catch (IOException | RuntimeException e) {
            throw failure(p, e);
        }
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
