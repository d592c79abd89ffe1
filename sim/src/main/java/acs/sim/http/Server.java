package acs.sim.http;

import acs.ErrorCode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The simulator's HTTP server: the JDK's own {@code com.sun.net.httpserver.HttpServer} (no
 * dependency, HTTP/1.1 with keep-alive, plenty for one developer's machine or a CI job over
 * loopback), its limits against slow, huge or malformed requests, and a stop that waits for the
 * requests in flight rather than a fixed time.
 *
 * <p>Requests run on a bounded pool of up to 256 threads created on demand: the JDK server reads
 * a request's headers on its worker thread, so a pool much smaller than the connection limit
 * would let a few slow clients starve the rest.
 */
public final class Server {
    static final int THREADS = 256;
    /** Largest request body (else HTTP 413 with 1002). */
    public static final int MAX_BODY = 1 << 20;
    /** Longest query string (else HTTP 414 with 1002). */
    public static final int MAX_QUERY = 16 * 1024;

    static {
        // The JDK server writes headers and body in two packets; with Nagle's algorithm and the
        // client's delayed ACK every answer would wait ~40 ms. Read once, when the server class loads.
        setDefault("sun.net.httpserver.nodelay", "true");
        // Hardening, read by the JDK server when it first loads (each can be overridden with -D):
        // connections beyond the pool are refused rather than queued without end; a request whose
        // line, headers and body take longer than 10 s (slow headers, a Content-Length larger than
        // the body) is dropped; at most 100 headers of 32 KiB in all.
        setDefault("sun.net.httpserver.maxConnections", Integer.toString(THREADS));
        setDefault("sun.net.httpserver.maxReqTime", "10");
        setDefault("sun.net.httpserver.maxReqHeaders", "100");
        setDefault("sun.net.httpserver.maxReqHeaderSize", Integer.toString(32 * 1024));
    }

    private static void setDefault(String property, String value) {
        if (System.getProperty(property) == null) System.setProperty(property, value);
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;
    private final AtomicInteger inFlight = new AtomicInteger();

    /** Binds {@code host:port} (0: a free port) and starts serving every path with {@code handler}. */
    public Server(String host, int port, Consumer<HttpExchange> handler) throws IOException {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "acs-sim-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        executor = pool;
        server = HttpServer.create(new InetSocketAddress(host, port), 128);
        server.createContext("/", ex -> {
            inFlight.incrementAndGet();
            try {
                handler.accept(ex);
            } finally {
                inFlight.decrementAndGet();
            }
        });
        server.setExecutor(executor);
        server.start();
        String h = host.contains(":") ? "[" + host + "]" : host;
        endpoint = URI.create("http://" + h + ":" + server.getAddress().getPort());
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Stops accepting; requests in flight get up to a second to finish. */
    public void stop() {
        // HttpServer.stop(n) of JDK 17 waits the full n seconds even when idle: wait for our own requests instead.
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        server.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops at once, dropping what is in flight (a start that failed half-way). */
    public void stopNow() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Refuses an oversized request before reading it; header count and size are limited by the JDK server itself. */
    public static void checkLimits(HttpExchange ex) {
        String q = ex.getRequestURI().getRawQuery();
        if (q != null && q.length() > MAX_QUERY) {
            throw new ApiError(414, ErrorCode.PARAM_ERROR, "the query string is longer than " + MAX_QUERY + " characters");
        }
        String len = ex.getRequestHeaders().getFirst("Content-Length");
        if (len != null) {
            long n;
            try {
                n = Long.parseLong(len.trim());
            } catch (NumberFormatException e) {
                throw new ApiError(400, ErrorCode.PARAM_ERROR, "Content-Length is not a number");
            }
            if (n > MAX_BODY) throw new ApiError(413, ErrorCode.PARAM_ERROR, "the request body is larger than " + MAX_BODY + " bytes");
        }
    }
}
