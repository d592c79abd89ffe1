package acs.sim;

import acs.AcsClient;
import acs.ErrorCode;
import acs.Json;
import acs.Secret;
import acs.Signer;
import acs.DeployMethod;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.regex.Pattern;

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
 * <p><b>Server.</b> The JDK's own {@code com.sun.net.httpserver.HttpServer}: no dependency to
 * add, HTTP/1.1 with keep-alive, and plenty for a tool that serves one developer's machine
 * (or a CI job) over loopback. Requests run on a bounded pool of up to 256 threads, created on
 * demand (the JDK server reads a request's headers on its worker thread, so a pool much smaller
 * than the connection limit would let a few slow clients starve the rest); binds 127.0.0.1
 * unless told otherwise.
 *
 * <p><b>Hardening.</b> At most 256 connections; a request must arrive whole within 10 s; at most
 * 100 headers and 32 KiB of them; query strings up to 16 KiB (else HTTP 414 with 1002); bodies
 * up to 1 MiB (else HTTP 413 with 1002, refused from Content-Length before reading); a body that
 * does not match its Content-Length is HTTP 400 with 1002. Garbage that is not HTTP at all is
 * answered 400 by the JDK server or dropped. No answer carries a stack trace.
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
 * <p><b>Persistence.</b> With a state file: loaded at start when it exists, written
 * (atomically) after every successful POST/DELETE and on {@link #close()}. Concurrent writers
 * share one write (group commit). Command progress is derived from stored timestamps, so a
 * restarted simulator continues a running command where the clock says it is.
 */
public final class Simulator implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("acs.sim");
    private static final int THREADS = 256;
    private static final int MAX_LOG = 10_000;
    private static final int MAX_BODY = 1 << 20;
    private static final int MAX_QUERY = 16 * 1024;
    private static final Pattern ID = Pattern.compile("[0-9]{1,18}");
    private static final Pattern COMMAND_ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    static {
        // The JDK server writes headers and body in two packets; with Nagle's algorithm and the
        // client's delayed ACK every answer would wait ~40 ms. Read once, when the server class loads.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
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

    private final SimConfig config;
    private final SimState state;
    private final Faults faults = new Faults();
    private final Map<String, KeyPair> keys = new HashMap<>();
    private final Map<String, Secret> secrets = new HashMap<>();
    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;
    private final ArrayDeque<AccessLogEntry> log = new ArrayDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong mutations = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object saveLock = new Object();
    private long saved;
    private volatile boolean closed;
    private volatile AcsClient client;

    private Simulator(SimConfig config) throws IOException {
        this.config = config;
        for (KeyPair k : config.keys()) {
            keys.putIfAbsent(k.accessKey(), k);
            secrets.putIfAbsent(k.accessKey(), Secret.of(k.secretKey()));
        }
        Path file = config.stateFile();
        boolean fromFile = file != null && Files.exists(file);
        if (fromFile) {
            state = SimState.load(file);
        } else if (config.initialState() != null) {
            state = config.initialState().copy();
        } else {
            state = config.seedDemo() ? SimState.demo(config.extraNodes()) : SimState.generated(config.extraNodes());
        }

        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "acs-sim-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        executor = pool;
        server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 128);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        String h = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        endpoint = URI.create("http://" + h + ":" + server.getAddress().getPort());
        if (file != null && !fromFile) {
            try {
                state.save(file);
            } catch (IOException | RuntimeException e) {
                server.stop(0);
                executor.shutdownNow();
                throw new SimStateException("cannot write the simulator state file " + file + ": " + e, e);
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

    public URI endpoint() { return endpoint; }
    public int port() { return endpoint.getPort(); }
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
                if (client == null) client = AcsClient.create(endpoint.toString(), accessKey(), secretKey());
                c = client;
            }
        }
        return c;
    }

    /** The last 10,000 requests, oldest first. */
    public List<AccessLogEntry> accessLog() {
        synchronized (log) {
            return new ArrayList<>(log);
        }
    }

    public void clearAccessLog() {
        synchronized (log) {
            log.clear();
        }
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
            if (config.stateFile() != null) {
                synchronized (saveLock) {
                    try {
                        state.save(config.stateFile());
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write the simulator state file " + config.stateFile() + ": " + e.getMessage(), e);
                    }
                }
            }
        } finally {
            stopped.countDown();
        }
    }

    @Override public String toString() {
        return "Simulator[" + endpoint + "]";
    }

    // ---- HTTP ----

    private record Reply(int status, String code, byte[] body, String contentType) {
        Reply(int status, String code, byte[] body) {
            this(status, code, body, "application/json;charset=UTF-8");
        }
    }

    private static final byte[] PROXY_PAGE = ("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>"
            + "</center><hr><center>simulated proxy</center></body></html>\n").getBytes(StandardCharsets.UTF_8);

    private void handle(HttpExchange ex) {
        inFlight.incrementAndGet();
        try {
            serve(ex);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void serve(HttpExchange ex) {
        long t0 = System.nanoTime();
        Instant started = Instant.now();
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        if (path == null) path = "";
        NetworkFault net = null;
        Reply reply = null;
        try {
            Duration latency = faults.latency();
            if (!latency.isZero()) Thread.sleep(latency.toMillis(), (int) (latency.toNanos() % 1_000_000));
            net = faults.pickNetwork(path);
            boolean mutating = method.equals("POST") || method.equals("DELETE");
            if (net == NetworkFault.LOST_RESPONSE && !mutating) net = NetworkFault.RESET;
            // TRUNCATED and LOST_RESPONSE apply the request, then spoil the answer; so does every fault of a change with applyBeforeFault.
            if (net == null || net == NetworkFault.TRUNCATED || net == NetworkFault.LOST_RESPONSE || (mutating && faults.applyBeforeFault())) {
                checkLimits(ex);
                reply = faults.injectError()
                        ? error(new ApiError(500, ErrorCode.INTERNAL_ERROR, "simulated server fault (errorRate)"))
                        : dispatch(ex, method, path);
            }
            if (net == NetworkFault.HTTP500) {
                reply = error(new ApiError(500, ErrorCode.INTERNAL_ERROR, "simulated server fault (http500)"));
            } else if (net == NetworkFault.NON_JSON) {
                reply = new Reply(502, "nonjson", PROXY_PAGE, "text/html");
            }
        } catch (ApiError e) {
            reply = error(e);
        } catch (Throwable e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            LOG.log(System.Logger.Level.WARNING, "simulator: " + method + " " + path + " failed", e);
            reply = error(new ApiError(500, ErrorCode.INTERNAL_ERROR, "internal error of the simulator"));
        }
        boolean answered = net != NetworkFault.RESET && net != NetworkFault.STALL && net != NetworkFault.LOST_RESPONSE;
        // Recorded before the answer leaves, so a client that has its answer finds it in the log.
        record(new AccessLogEntry(started, method, path, answered ? reply.status() : 0,
                net == null || net == NetworkFault.HTTP500 ? reply.code() : net.wireName(), (System.nanoTime() - t0) / 1_000_000));
        try {
            if (!answered) {
                if (net == NetworkFault.STALL) stall();
                return; // close() below drops the connection without a response byte
            }
            ex.getResponseHeaders().set("Content-Type", reply.contentType());
            Duration retryAfter = faults.retryAfter();
            if (retryAfter != null && reply.status() == 500) ex.getResponseHeaders().set("Retry-After", Long.toString(retryAfter.toSeconds()));
            if (method.equals("HEAD")) {
                ex.sendResponseHeaders(reply.status(), -1);
            } else if (net == NetworkFault.TRUNCATED) {
                ex.sendResponseHeaders(reply.status(), 0); // chunked: the cut body ends cleanly, so the client reads it
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(reply.body(), 0, Math.max(1, reply.body().length / 2));
                }
            } else {
                ex.sendResponseHeaders(reply.status(), reply.body().length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(reply.body());
                }
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            ex.close();
        }
    }

    private void stall() {
        long end = System.nanoTime() + faults.stallTime().toNanos();
        while (!closed && System.nanoTime() < end) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Refuses oversized requests before reading them. Header count and size are limited by the server itself. */
    private static void checkLimits(HttpExchange ex) {
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

    private void record(AccessLogEntry entry) {
        synchronized (log) {
            if (log.size() >= MAX_LOG) log.removeFirst();
            log.addLast(entry);
        }
        Consumer<String> sink = config.accessLogSink();
        if (sink != null) {
            try {
                sink.accept(entry.toLine());
            } catch (RuntimeException ignored) {
                // a broken sink must not break the server
            }
        }
    }

    private Reply dispatch(HttpExchange ex, String method, String rawPath) throws IOException {
        String p = rawPath;
        while (p.length() > 1 && p.endsWith("/")) p = p.substring(0, p.length() - 1);
        if (!p.startsWith("/api/v1/")) throw noAction(method, rawPath);
        String[] s = p.substring("/api/v1/".length()).split("/", -1);
        Route route = route(method, s);
        if (route == null) throw noAction(method, rawPath);

        Map<String, String> params = params(ex);
        KeyPair key = authenticate(params, ex.getRequestHeaders().getFirst("Authorization"));
        long now = System.currentTimeMillis();
        LongFunction<CommandPlan> plan = nodeId -> new CommandPlan(faults.faultFor(nodeId), faults.failStepFor(nodeId),
                faults.commandDurationFor(nodeId, config.commandDuration()).toMillis());
        Object data = switch (route) {
            case NODES -> state.nodes(key, now);
            case NODE -> state.node(key, id(s[1], "node_id"), now);
            case NODE_DELETE -> state.nodeCommand(key, id(s[1], "node_id"),
                    new SimState.Request(CommandRecord.Kind.DELETE, DeployMethod.PARALLEL, false, "", "", "", ""), plan, now);
            case UPLOAD_START -> {
                long id = id(s[1], "node_id");
                String url = required(params, "url");
                if (!isHttpUrl(url)) throw ApiError.param("url must be an http:// or https:// URL: '" + url + "'");
                yield state.nodeCommand(key, id, new SimState.Request(CommandRecord.Kind.DEPLOY, method(params), update(params),
                        url.trim(), params.getOrDefault("comment", ""), "", ""), plan, now);
            }
            case HISTORY_START -> {
                long id = id(s[1], "node_id");
                String version = required(params, "version").trim();
                yield state.nodeCommand(key, id, new SimState.Request(CommandRecord.Kind.HISTORY, method(params), update(params),
                        "", "", version, ""), plan, now);
            }
            case START -> {
                long id = id(s[1], "node_id");
                String name = params.getOrDefault("imageName", "").trim();
                String tag = params.getOrDefault("imageTag", "").trim();
                if (name.isEmpty() != tag.isEmpty()) {
                    throw new ApiError(ErrorCode.PARAM_REQUIRED, (name.isEmpty() ? "imageName" : "imageTag")
                            + " is required together with " + (name.isEmpty() ? "imageTag" : "imageName"));
                }
                yield state.nodeCommand(key, id, new SimState.Request(CommandRecord.Kind.START, method(params), update(params),
                        "", "", "", name.isEmpty() ? "" : name + ":" + tag), plan, now);
            }
            case STOP -> state.nodeCommand(key, id(s[1], "node_id"),
                    new SimState.Request(CommandRecord.Kind.STOP, method(params), false, "", "", "", ""), plan, now);
            case COMMAND -> {
                if (!COMMAND_ID.matcher(s[1]).matches()) throw ApiError.param("command_id '" + s[1] + "' is not a command id");
                yield state.command(key, s[1], now);
            }
            case SERVICES -> state.services(key, now);
            case SERVICE -> state.service(key, id(s[1], "service_id"), now);
            case CONTAINERS -> state.containers(key, now);
            case CONTAINER -> state.container(key, id(s[1], "container_id"), now);
            case CONTAINER_START -> state.containerCommand(key, id(s[1], "container_id"), true, plan, now);
            case CONTAINER_STOP -> state.containerCommand(key, id(s[1], "container_id"), false, plan, now);
            case IMAGES -> state.images();
            case HOSTS -> state.hosts();
            case HOST -> state.host(id(s[1], "host_id"));
        };
        if (route.mutating) persist();
        return success(data);
    }

    private enum Route {
        NODES, NODE, NODE_DELETE(true), UPLOAD_START(true), HISTORY_START(true), START(true), STOP(true), COMMAND,
        SERVICES, SERVICE, CONTAINERS, CONTAINER, CONTAINER_START(true), CONTAINER_STOP(true), IMAGES, HOSTS, HOST;

        final boolean mutating;

        Route() { this(false); }
        Route(boolean mutating) { this.mutating = mutating; }
    }

    private static Route route(String method, String[] s) {
        boolean get = method.equals("GET"), post = method.equals("POST"), delete = method.equals("DELETE");
        String r = s[0];
        switch (s.length) {
            case 1 -> {
                if (!get) return null;
                return switch (r) {
                    case "node" -> Route.NODES;
                    case "service" -> Route.SERVICES;
                    case "container" -> Route.CONTAINERS;
                    case "image" -> Route.IMAGES;
                    case "host" -> Route.HOSTS;
                    default -> null;
                };
            }
            case 2 -> {
                if (s[1].isEmpty()) return null;
                if (r.equals("node")) return get ? Route.NODE : delete ? Route.NODE_DELETE : null;
                if (!get) return null;
                return switch (r) {
                    case "command" -> Route.COMMAND;
                    case "service" -> Route.SERVICE;
                    case "container" -> Route.CONTAINER;
                    case "host" -> Route.HOST;
                    default -> null;
                };
            }
            case 3 -> {
                if (!post || s[1].isEmpty()) return null;
                if (r.equals("node")) {
                    return switch (s[2]) {
                        case "uploadStart" -> Route.UPLOAD_START;
                        case "historyStart" -> Route.HISTORY_START;
                        case "start" -> Route.START;
                        case "stop" -> Route.STOP;
                        default -> null;
                    };
                }
                if (r.equals("container")) {
                    return switch (s[2]) {
                        case "start" -> Route.CONTAINER_START;
                        case "stop" -> Route.CONTAINER_STOP;
                        default -> null;
                    };
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    private static ApiError noAction(String method, String path) {
        return new ApiError(404, ErrorCode.ACTION_NOT_EXIST, "no action " + method + " " + path);
    }

    // ---- parameters ----

    /** Query and form parameters, merged. */
    private static Map<String, String> params(HttpExchange ex) throws IOException {
        Map<String, String> params = new LinkedHashMap<>();
        parseForm(ex.getRequestURI().getRawQuery(), params, "query string");
        byte[] body = readBody(ex.getRequestBody());
        if (body.length > 0) {
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            if (type != null && !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                throw ApiError.param("the body must be a form (application/x-www-form-urlencoded), not " + type
                        + "; or send the parameters in the query string");
            }
            parseForm(new String(body, StandardCharsets.UTF_8), params, "form body");
        }
        return params;
    }

    private static byte[] readBody(InputStream in) {
        byte[] b;
        try {
            b = in.readNBytes(MAX_BODY + 1);
        } catch (IOException | RuntimeException e) {
            // a body shorter than its Content-Length, a broken chunk, a client that went away
            throw new ApiError(400, ErrorCode.PARAM_ERROR, "the request body could not be read (does Content-Length match the body?)");
        }
        if (b.length > MAX_BODY) throw ApiError.param("the request body is larger than " + MAX_BODY + " bytes");
        return b;
    }

    private static void parseForm(String raw, Map<String, String> into, String where) {
        if (raw == null || raw.isEmpty()) return;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), where);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), where);
            if (name.isEmpty()) throw ApiError.param("a parameter without a name in the " + where);
            String old = into.putIfAbsent(name, value);
            if (old != null && !old.equals(value)) throw ApiError.param("parameter " + name + " is given twice with different values");
        }
    }

    /** Form decoding ({@code +} is a space), strict: a bad escape or bytes that are not UTF-8 are 1002. */
    static String decode(String s, String where) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) return s;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(s.charAt(i + 2), 16);
                if (lo < 0) throw ApiError.param("bad percent-encoding in the " + where);
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (ch == '+') {
                bytes.write(' ');
            } else {
                byte[] b = String.valueOf(ch).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(ch) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(b);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw ApiError.param("percent-encoded bytes that are not UTF-8 in the " + where);
        }
    }

    private KeyPair authenticate(Map<String, String> params, String authorization) {
        String ak = params.get("accesskey");
        if (ak == null || ak.isBlank()) throw ApiError.required("accesskey");
        String ts = params.get("timestamp");
        if (ts == null || ts.isBlank()) throw ApiError.required("timestamp");
        KeyPair key = keys.get(ak);
        if (key == null) throw ApiError.sign("unknown accesskey");
        long millis;
        try {
            millis = Long.parseLong(ts.trim());
        } catch (NumberFormatException e) {
            throw ApiError.sign("timestamp must be milliseconds since the epoch, not '" + ts + "'");
        }
        long skew = Math.abs(System.currentTimeMillis() - millis);
        if (skew > config.timestampWindow().toMillis()) {
            throw ApiError.sign("timestamp is " + skew / 1000 + " s away from the server clock (allowed: "
                    + config.timestampWindow().toSeconds() + " s); check the clock, and that it is milliseconds");
        }
        if (authorization == null || authorization.isBlank()) throw ApiError.sign("no Authorization header");
        if (!Signer.matches(Signer.sign(secrets.get(ak), params), authorization.trim())) {
            throw ApiError.sign("signature does not match");
        }
        return key;
    }

    private static long id(String segment, String name) {
        if (!ID.matcher(segment).matches()) throw ApiError.param(name + " must be a positive number, not '" + segment + "'");
        long id = Long.parseLong(segment);
        if (id <= 0) throw ApiError.param(name + " must be a positive number, not '" + segment + "'");
        return id;
    }

    private static String required(Map<String, String> params, String name) {
        String v = params.get(name);
        if (v == null || v.isBlank()) throw ApiError.required(name);
        return v;
    }

    private static DeployMethod method(Map<String, String> params) {
        String m = params.get("method");
        if (m == null || m.isEmpty()) return DeployMethod.PARALLEL;
        return switch (m) {
            case "PARALLEL" -> DeployMethod.PARALLEL;
            case "SEQUENTIAL" -> DeployMethod.SEQUENTIAL;
            default -> throw ApiError.param("method must be PARALLEL or SEQUENTIAL, not '" + m + "'");
        };
    }

    private static boolean update(Map<String, String> params) {
        String u = params.get("update");
        if (u == null || u.isEmpty()) return false;
        if (u.equalsIgnoreCase("true")) return true;
        if (u.equalsIgnoreCase("false")) return false;
        throw ApiError.param("update must be true or false, not '" + u + "'");
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI u = new URI(url.trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    // ---- answers ----

    private static Reply success(Object data) throws IOException {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("code", ErrorCode.SUCCESS.code());
        env.put("message", ErrorCode.SUCCESS.apiMessage());
        env.put("data", data);
        return new Reply(200, "0", Json.MAPPER.writeValueAsBytes(env));
    }

    private static Reply error(ApiError e) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("code", e.code.code());
        env.put("message", e.code.apiMessage());
        env.put("detail", e.getMessage() == null ? "" : e.getMessage());
        try {
            return new Reply(e.httpStatus, e.code.code(), Json.MAPPER.writeValueAsBytes(env));
        } catch (IOException io) {
            return new Reply(500, "1001", "{\"code\":\"1001\",\"message\":\"InternalError\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    // ---- persistence ----

    /** Writes the state file after a mutation; concurrent callers share one write. */
    private void persist() {
        Path file = config.stateFile();
        if (file == null) return;
        long mine = mutations.incrementAndGet();
        synchronized (saveLock) {
            if (saved >= mine || closed) return;
            long upTo = mutations.get();
            try {
                state.save(file);
                saved = upTo;
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "simulator: cannot write the state file " + file + ": " + e.getMessage());
            }
        }
    }
}
