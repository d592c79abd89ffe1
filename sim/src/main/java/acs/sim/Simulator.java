package acs.sim;

import acs.auth.Signer;
import acs.client.AcsClient;
import acs.sim.http.Server;
import acs.wire.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A stateful simulator of the ACS/EWS OpenAPI (API.md §2–§8), in process, over real HTTP.
 * <pre>{@code
 * try (Simulator sim = Simulator.start()) {
 *     AcsClient acs = sim.client();
 *     Command c = acs.uploadStart(610474, UploadStart.of("http://repo.example.com/app-1.2.war"));
 *     acs.waitFor(c);
 * }
 * }</pre>
 *
 * <p><b>Server.</b> The JDK's own HTTP server ({@link Server}), bound to 127.0.0.1 unless told
 * otherwise. Hardening: at most 256 connections; a request must arrive whole within 10 s; at
 * most 100 headers and 32 KiB of them; query strings up to 16 KiB (else HTTP 414 with 1002);
 * bodies up to 1 MiB (else HTTP 413 with 1002, refused from Content-Length before reading); a
 * body that does not match its Content-Length is HTTP 400 with 1002. Garbage that is not HTTP
 * at all is answered 400 by the JDK server or dropped. No answer carries a stack trace.
 *
 * <p><b>Network faults.</b> {@link Faults#network} and {@link Faults#networkOnNode} inject
 * {@link NetworkFault}s: HTTP 500/1001, reset, truncated body, non-JSON body, stall, and
 * applied-but-response-lost. The access log records them with HTTP status 0 when no answer left
 * and the fault's name as the code.
 *
 * <p><b>Protocol.</b> Envelope {@code {"code":"0","message":"success","data":…}} with the lib's
 * models and {@link Json#MAPPER}, so shapes are exactly the lib's. API errors are HTTP 200
 * with the envelope (plus a human {@code detail}); an unknown path or method is HTTP 404 with
 * 1008; a fault of the server is HTTP 500 with 1001. As 2016 clients called: GET with a bare
 * {@code ?} and/or a trailing {@code /}; POST parameters as a form body and/or in the query
 * string (all merged and signed; a name given twice with two values is 1002); {@code update}
 * accepts true/false in any case (Python clients sent {@code False}). Parameters are decoded
 * strictly: a bad escape or non-UTF-8 bytes are 1002. (One exception: a request line that is
 * not a valid URI at all, e.g. {@code ?x=%zz}, is refused by the JDK server itself with HTTP
 * 400 before any handler runs; a form body with the same is 1002.)
 *
 * <p><b>Checks, in order.</b> Path (1008) → parameter encoding (1002) → accesskey and
 * timestamp present (1003) → known key, numeric timestamp within the window, signature via
 * lib's {@link Signer} (1004) → ids and parameters (1002 / 1003) → resource exists (1005) →
 * the key may touch its service (1006) → the node is idle and not DELETING (1007).
 *
 * <p><b>Time.</b> Command progress, the timestamp window and the access log's times follow
 * {@link SimConfig#clock()} (the system clock unless set), so a test can move time instead of
 * waiting for it.
 *
 * <p><b>Persistence.</b> With a state file: loaded at start when it exists, written
 * (atomically) after every successful POST/DELETE and on {@link #close()}. Concurrent writers
 * share one write (group commit). Command progress is derived from stored timestamps, so a
 * restarted simulator continues a running command where the clock says it is.
 */
public final class Simulator implements AutoCloseable {
    private final SimConfig config;
    private final SimState state;
    private final Faults faults = new Faults();
    private final AccessLog log;
    private final StateFileWriter writer;
    private final Server server;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile AcsClient client;

    private Simulator(SimConfig config) throws IOException {
        this.config = config;
        Path file = config.stateFile();
        boolean fromFile = file != null && Files.exists(file);
        SimState initial;
        if (fromFile) {
            initial = SimState.load(file);
        } else if (config.initialState() != null) {
            initial = config.initialState().copy();
        } else {
            initial = config.seedDemo() ? SimState.demo(config.extraNodes()) : SimState.generated(config.extraNodes());
        }
        state = initial.withClock(config.clock());
        log = new AccessLog(config.accessLogSink());
        writer = file == null ? null : new StateFileWriter(state.store(), file);
        Authenticator auth = new Authenticator(config.keys(), config.timestampWindow(), config.clock());
        RequestPipeline pipeline = new RequestPipeline(faults, Api.ROUTES, auth, state.store(), config.clock(),
                config.commandDuration(), log, writer == null ? () -> {} : writer::afterChange, () -> closed);
        server = new Server(config.host(), config.port(), pipeline::serve);
        if (writer != null && !fromFile) {
            try {
                writer.create();
            } catch (RuntimeException e) {
                server.stopNow();
                throw e;
            }
        }
    }

    /** Demo keys, demo seed, 127.0.0.1, a free port, 300 ms commands. */
    public static Simulator start() {
        return start(SimConfig.defaults());
    }

    /**
     * Starts a simulator. Throws {@link SimStateException} if the state file exists but cannot
     * be read, {@link UncheckedIOException} if the port cannot be bound.
     */
    public static Simulator start(SimConfig config) {
        try {
            return new Simulator(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the simulator on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
    }

    public URI endpoint() { return server.endpoint(); }
    public int port() { return server.endpoint().getPort(); }
    public SimConfig config() { return config; }
    /** The first configured key pair's access key. */
    public String accessKey() { return config.keys().get(0).accessKey(); }
    /** The first configured key pair's secret key. */
    public String secretKey() { return config.keys().get(0).secretKey(); }
    public Faults faults() { return faults; }

    /** The live state (thread-safe; reads show it as the API would now). */
    public SimState state() { return state; }

    /** A client for this simulator with the first key pair (the same instance on each call). */
    public AcsClient client() {
        AcsClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) client = AcsClient.create(endpoint().toString(), accessKey(), secretKey());
                c = client;
            }
        }
        return c;
    }

    /** The last 10,000 requests, oldest first. */
    public List<AccessLogEntry> accessLog() {
        return log.entries();
    }

    public void clearAccessLog() {
        log.clear();
    }

    /** Blocks until {@link #close()} (for a foreground {@code acs sim}). */
    public void awaitTermination() throws InterruptedException {
        stopped.await();
    }

    /** Stops the server (requests in flight get up to a second to finish) and writes the state file if one is set. */
    @Override public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        try {
            if (writer != null) writer.closing();
            server.stop();
            if (writer != null) writer.close();
        } finally {
            stopped.countDown();
        }
    }

    @Override public String toString() {
        return "Simulator[" + endpoint() + "]";
    }
}
