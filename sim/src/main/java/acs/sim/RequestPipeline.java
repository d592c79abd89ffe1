package acs.sim;

import acs.ErrorCode;
import acs.sim.http.ApiError;
import acs.sim.http.FormCodec;
import acs.sim.http.Reply;
import acs.sim.http.RouteTable;
import acs.sim.http.Server;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;

/**
 * One request from arrival to answer, in the order a client of the real service met things:
 * added latency, then a network fault (which may answer in place of the API, or apply the
 * request and spoil the answer), size limits, the error rate, then the API itself (route 1008,
 * parameter encoding 1002, authentication 1003/1004, the handler), the access log, and how the
 * answer leaves: whole, cut, never (reset, lost) or after a stall. No answer carries a stack trace.
 */
final class RequestPipeline {
    private static final System.Logger LOG = System.getLogger("acs.sim");

    private final Faults faults;
    private final RouteTable<Call.Handler> routes;
    private final Authenticator auth;
    private final Store store;
    private final InstantSource clock;
    private final Duration commandDuration;
    private final AccessLog log;
    private final Runnable afterChange;
    private final BooleanSupplier closing;

    RequestPipeline(Faults faults, RouteTable<Call.Handler> routes, Authenticator auth, Store store, InstantSource clock,
                    Duration commandDuration, AccessLog log, Runnable afterChange, BooleanSupplier closing) {
        this.faults = faults;
        this.routes = routes;
        this.auth = auth;
        this.store = store;
        this.clock = clock;
        this.commandDuration = commandDuration;
        this.log = log;
        this.afterChange = afterChange;
        this.closing = closing;
    }

    void serve(HttpExchange ex) {
        long t0 = System.nanoTime();
        Instant started = clock.instant();
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
                Server.checkLimits(ex);
                reply = faults.injectError()
                        ? Reply.error(ApiError.internal("simulated server fault (errorRate)"))
                        : dispatch(ex, method, path);
            }
            if (net == NetworkFault.HTTP500) {
                reply = Reply.error(ApiError.internal("simulated server fault (http500)"));
            } else if (net == NetworkFault.TIMEOUT) {
                reply = Reply.error(new ApiError(ErrorCode.TIMEOUT, "simulated server timeout (timeout1009)"));
            } else if (net == NetworkFault.NON_JSON) {
                reply = Reply.proxyPage();
            }
        } catch (ApiError e) {
            reply = Reply.error(e);
        } catch (Throwable e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            LOG.log(System.Logger.Level.WARNING, "simulator: " + method + " " + path + " failed", e);
            reply = Reply.error(ApiError.internal("internal error of the simulator"));
        }
        boolean answered = net != NetworkFault.RESET && net != NetworkFault.STALL && net != NetworkFault.LOST_RESPONSE;
        // Recorded before the answer leaves, so a client that has its answer finds it in the log.
        log.record(new AccessLogEntry(started, method, path, answered ? reply.status() : 0,
                net == null || net == NetworkFault.HTTP500 || net == NetworkFault.TIMEOUT ? reply.code() : net.wireName(), (System.nanoTime() - t0) / 1_000_000));
        try {
            if (!answered) {
                if (net == NetworkFault.STALL) stall();
                return; // close() below drops the connection without a response byte
            }
            send(ex, method, reply, net == NetworkFault.TRUNCATED);
        } catch (IOException e) {
            // the client went away
        } finally {
            ex.close();
        }
    }

    private Reply dispatch(HttpExchange ex, String method, String rawPath) throws IOException {
        RouteTable.Match<Call.Handler> route = routes.match(method, rawPath);
        if (route == null) throw ApiError.noAction(method, rawPath);
        Map<String, String> params = FormCodec.params(ex);
        KeyPair key = auth.authenticate(params, ex.getRequestHeaders().getFirst("Authorization"));
        LongFunction<CommandPlan> plans = nodeId -> faults.plan(nodeId, commandDuration);
        Object data = route.handler().handle(new Call(route.segments(), params, key, clock.millis(), store, plans));
        if (!method.equals("GET")) afterChange.run();
        return Reply.success(data);
    }

    private void send(HttpExchange ex, String method, Reply reply, boolean truncated) throws IOException {
        ex.getResponseHeaders().set("Content-Type", reply.contentType());
        Duration retryAfter = faults.retryAfter();
        if (retryAfter != null && reply.status() == 500) ex.getResponseHeaders().set("Retry-After", Long.toString(retryAfter.toSeconds()));
        if (method.equals("HEAD")) {
            ex.sendResponseHeaders(reply.status(), -1);
        } else if (truncated) {
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
    }

    /** Holds the connection for the stall time, or until the simulator closes. */
    private void stall() {
        long end = System.nanoTime() + faults.stallTime().toNanos();
        while (!closing.getAsBoolean() && System.nanoTime() < end) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
