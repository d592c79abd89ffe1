package acs.client;

import acs.AcsException;
import acs.ConfigException;
import acs.Durations;
import acs.TransportException;
import acs.config.AcsConfig;
import acs.wire.PreparedRequest;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The wire: one shared {@link HttpClient} (built on first use: its TLS set-up costs ~250 ms),
 * timeouts, the User-Agent and the Authorization header. Maps every I/O failure to a
 * {@link TransportException} that says whether the request may have reached the server.
 * It sets no system property: the settings of the JDK's HTTP client that the toolkit's own JVMs
 * run with ({@code jdk.httpclient.keepalive.timeout}, the common pool's parallelism) are JVM
 * options (docs/LIBRARY.md says why a program of its own may want them too).
 */
final class Transport {
    static final String USER_AGENT = "acs/" + AcsClient.VERSION + " (Java " + Runtime.version().feature() + ")";

    /**
     * How long the first answer of an https:// endpoint may take before {@link TlsProbe} checks for a
     * plain-HTTP server behind it (which would leave the handshake hanging until the connect timeout).
     */
    static final long TLS_PROBE_AFTER_MS = 250;

    private final AcsConfig config;
    private volatile HttpClient http;
    private volatile boolean closed;
    /** Set once the endpoint answered over TLS, or the probe found TLS there: no more probing. */
    private volatile boolean tlsAnswered;
    /** The probe's finding (one probe per client, however many requests wait), null before it ran. */
    private Boolean plainHttp;

    public Transport(AcsConfig config) {
        this.config = config;
    }

    public record Response(int status, String body, String retryAfter) {}

    private HttpClient http() {
        HttpClient h = http;
        if (h == null) {
            synchronized (this) {
                if (closed) throw new IllegalStateException("this AcsClient is closed");
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

    /**
     * Ends the HTTP client: its pooled connections and its selector thread. Why it matters: at
     * exit the JVM waits up to 300 ms for every thread blocked in native code, and the selector
     * thread sits in epoll_wait: without this, a CLI run spent half its time exiting. JDK 17 has
     * no HttpClient.close(); the selector loop ends when its thread is interrupted (its name is
     * built from the client's id, which toString() exposes for exactly this). If a JDK names it
     * otherwise, nothing is found and nothing happens but the wait.
     */
    public void close() {
        HttpClient h;
        synchronized (this) {
            closed = true;
            h = http;
            http = null;
        }
        if (h == null) return;
        String s = h.toString();
        int open = s.lastIndexOf('(');
        if (open < 0 || !s.endsWith(")")) return;
        String name = "HttpClient-" + s.substring(open + 1, s.length() - 1) + "-SelectorManager";
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) root = root.getParent();
        Thread[] threads = new Thread[root.activeCount() + 8];
        int n = root.enumerate(threads);
        for (int i = 0; i < n; i++) {
            if (name.equals(threads[i].getName())) {
                threads[i].interrupt();
                try {
                    threads[i].join(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
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

    public Response send(PreparedRequest p) {
        HttpClient h = http(); // outside the try: a closed client is the caller's bug, not a network failure
        try {
            HttpResponse<String> r = exchange(h, p, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers().firstValue("Retry-After").orElse(null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(p.method() + " " + p.uri().getPath() + ": interrupted", true, e);
        } catch (IOException | RuntimeException e) {
            throw failure(p, e);
        }
    }

    public CompletableFuture<Response> sendAsync(PreparedRequest p) {
        return watched(http().sendAsync(toHttp(p), HttpResponse.BodyHandlers.ofString()), p.uri())
                .handle((r, e) -> {
                    if (e != null) throw failure(p, unwrapped(e));
                    return new Response(r.statusCode(), r.body(), r.headers().firstValue("Retry-After").orElse(null));
                });
    }

    /** A response whose body is read as it arrives (the caller closes it): for lists too large to hold. */
    public record Streamed(int status, java.io.InputStream body, String retryAfter) {}

    public Streamed sendStreaming(PreparedRequest p) {
        HttpClient h = http();
        try {
            HttpResponse<java.io.InputStream> r = exchange(h, p, HttpResponse.BodyHandlers.ofInputStream());
            return new Streamed(r.statusCode(), r.body(), r.headers().firstValue("Retry-After").orElse(null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(p.method() + " " + p.uri().getPath() + ": interrupted", true, e);
        } catch (IOException | RuntimeException e) {
            throw failure(p, e);
        }
    }

    /** Sends and waits; on an https:// endpoint not yet heard over TLS, {@link #watched watched} for a plain-HTTP server. */
    private <T> HttpResponse<T> exchange(HttpClient h, PreparedRequest p, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        if (!probing(p.uri())) return h.send(toHttp(p), body);
        CompletableFuture<HttpResponse<T>> f = watched(h.sendAsync(toHttp(p), body), p.uri());
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable c = unwrapped(e.getCause());
            if (c instanceof IOException io) throw io;
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IOException(c);
        }
    }

    private boolean probing(URI u) {
        return !tlsAnswered && "https".equalsIgnoreCase(u.getScheme()) && TlsProbe.direct(u, config.proxy());
    }

    /**
     * The answer, or, when it is slow to come from an https:// endpoint not yet heard over TLS and
     * {@link TlsProbe} finds a plain-HTTP server there, a {@link TlsProbe.PlainHttpAnswer} at once
     * (instead of a connect timeout). Any answer marks the endpoint as speaking TLS.
     */
    private <T> CompletableFuture<HttpResponse<T>> watched(CompletableFuture<HttpResponse<T>> f, URI u) {
        if (!probing(u)) return f;
        CompletableFuture<HttpResponse<T>> result = new CompletableFuture<>();
        f.whenComplete((r, e) -> {
            if (e == null) {
                tlsAnswered = true;
                result.complete(r);
            } else {
                result.completeExceptionally(unwrapped(e));
            }
        });
        CompletableFuture.delayedExecutor(TLS_PROBE_AFTER_MS, TimeUnit.MILLISECONDS).execute(() -> {
            if (!f.isDone() && !tlsAnswered && plainHttp(u) && result.completeExceptionally(new TlsProbe.PlainHttpAnswer(u))) {
                f.cancel(true);
            }
        });
        return result;
    }

    /** What failed, without the CompletionException a dependent future wraps it in. */
    private static Throwable unwrapped(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** Whether the endpoint answers TLS with plain HTTP ({@link TlsProbe}), probed once. */
    private synchronized boolean plainHttp(URI u) {
        if (plainHttp == null) {
            plainHttp = TlsProbe.answersPlainHttp(u);
            if (!plainHttp) tlsAnswered = true;
        }
        return plainHttp;
    }

    AcsException failure(PreparedRequest p, Throwable e) {
        URI u = p.uri();
        String where = p.method() + " " + u.getScheme() + "://" + u.getAuthority() + u.getPath();
        for (Throwable c = e; c != null; c = c.getCause()) {
            // java.net.http reports a body too large for the heap as an IOException: not a network
            // failure, and retrying cannot help (not a TransportException, so never retried).
            if (c instanceof OutOfMemoryError) return AcsException.heapTooSmall(where, e);
        }
        String origin = config.endpointOrigin();
        String from = origin == null ? "" : " (endpoint from " + origin + ")";
        boolean unknownHost = causedBy(e, UnresolvedAddressException.class) || causedBy(e, java.net.UnknownHostException.class);
        boolean https = "https".equalsIgnoreCase(u.getScheme());
        if (causedBy(e, TlsProbe.PlainHttpAnswer.class) || https && (causedBy(e, javax.net.ssl.SSLException.class)
                || e instanceof HttpConnectTimeoutException) && TlsProbe.direct(u, config.proxy()) && plainHttp(u)) {
            // Not retried (not a TransportException): the same handshake fails the same way every time.
            return new ConfigException(where + ": " + u.getAuthority() + " answers plain HTTP, not TLS: is this an http:// endpoint?"
                    + " Use http://" + u.getAuthority() + from, e);
        }
        // Connection never made: the server cannot have seen the request.
        boolean notSent = unknownHost || e instanceof ConnectException || e instanceof HttpConnectTimeoutException
                || e.getCause() instanceof ConnectException;
        String what = unknownHost ? "unknown host '" + u.getHost() + "' (the name does not resolve: check the endpoint's spelling, or DNS)"
                : e instanceof HttpConnectTimeoutException ? connectTimedOut()
                : e instanceof HttpTimeoutException ? "no response within the request timeout (--timeout, or the profile's requestTimeout)"
                : https && causedBy(e, javax.net.ssl.SSLException.class) ? "TLS failed: " + rootMessage(e)
                : notSent ? "connection refused (is the server running, and the port right?)"
                : "connection failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
        return new TransportException(where + ": " + what + from, !notSent, e);
    }

    /** The JDK says "connect timed out" also when the request timeout ran out while connecting: name the one that did. */
    private String connectTimedOut() {
        if (config.requestTimeout().compareTo(config.connectTimeout()) < 0) {
            return "no connection within the request timeout of " + Durations.format(config.requestTimeout())
                    + " (--timeout, or the profile's requestTimeout: too short to connect? Else: is the host up, and the port right?)";
        }
        return "connect timed out after " + Durations.format(config.connectTimeout()) + " (is the host up, and the port right?)";
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable c = e; c != null; c = c.getCause()) if (type.isInstance(c)) return true;
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable r = e;
        while (r.getCause() != null) r = r.getCause();
        return r.getMessage() == null ? r.getClass().getSimpleName() : r.getMessage();
    }

    public static Duration retryAfter(String header) {
        if (header == null) return null;
        try {
            long s = Long.parseLong(header.trim());
            return s >= 0 ? Duration.ofSeconds(Math.min(s, 60)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
