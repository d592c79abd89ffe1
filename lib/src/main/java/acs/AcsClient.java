package acs;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The client of the ACS/EWS OpenAPI. Every operation of API.md §5 is a method here; all go
 * through {@link #call(ApiCall)}: sign, send, parse the envelope, map {@code data} to a model.
 * <pre>{@code
 * import acs.*;
 * var acs = AcsClient.create();              // endpoint and keys from env or ~/.acs profile
 * acs.nodes().forEach(System.out::println);
 * var cmd = acs.uploadStart(610474, UploadStart.of("http://repo/app-1.2.war").method(DeployMethod.SEQUENTIAL));
 * acs.waitFor(cmd);
 * }</pre>
 * Reads are retried on transient failures; a POST or DELETE only when it provably never left.
 */
public final class AcsClient {
    public static final String VERSION = "0.1.0";

    private final AcsConfig config;
    private final Transport transport;
    private final RetryPolicy retry;
    private volatile Consumer<String> trace;

    private AcsClient(AcsConfig config, RetryPolicy retry) {
        config.requireComplete();
        this.config = config;
        this.transport = new Transport(config);
        this.retry = retry;
    }

    /** A client configured from the environment and the profile file. */
    public static AcsClient create() {
        return create(AcsConfig.load());
    }

    public static AcsClient create(AcsConfig config) {
        return new AcsClient(config, RetryPolicy.DEFAULT);
    }

    /** A client for this endpoint and key pair (no environment, no profile). */
    public static AcsClient create(String endpoint, String accessKey, String secretKey) {
        return create(AcsConfig.of(endpoint, accessKey, secretKey));
    }

    public AcsClient withRetry(RetryPolicy policy) {
        AcsClient c = new AcsClient(config, policy);
        c.trace = trace;
        return c;
    }

    /** Receives a trace of each request and response (Authorization redacted); null to stop. */
    public AcsClient trace(Consumer<String> sink) {
        this.trace = sink;
        return this;
    }

    public AcsConfig config() {
        return config;
    }

    // ---- operations (API.md §5) ----

    public List<Node> nodes() { return call(ApiCall.nodes()); }
    public Node node(long nodeId) { return call(ApiCall.node(nodeId)); }
    public Command uploadStart(long nodeId, UploadStart p) { return call(ApiCall.uploadStart(nodeId, p)); }
    public Command historyStart(long nodeId, HistoryStart p) { return call(ApiCall.historyStart(nodeId, p)); }
    public Command start(long nodeId, NodeStart p) { return call(ApiCall.start(nodeId, p)); }
    public Command stop(long nodeId, DeployMethod method) { return call(ApiCall.stop(nodeId, method)); }
    public Command delete(long nodeId) { return call(ApiCall.delete(nodeId)); }
    public Command command(String commandId) { return call(ApiCall.command(commandId)); }
    public List<Service> services() { return call(ApiCall.services()); }
    public Service service(long serviceId) { return call(ApiCall.service(serviceId)); }
    public List<Container> containers() { return call(ApiCall.containers()); }
    public Container container(long containerId) { return call(ApiCall.container(containerId)); }
    public Command containerStart(long containerId) { return call(ApiCall.containerStart(containerId)); }
    public Command containerStop(long containerId) { return call(ApiCall.containerStop(containerId)); }
    public List<Image> images() { return call(ApiCall.images()); }
    public List<Host> hosts() { return call(ApiCall.hosts()); }
    public Host host(long hostId) { return call(ApiCall.host(hostId)); }

    /** Waits for a command with the default options (10 minutes). */
    public Command waitFor(Command command) { return waitFor(command.commandId(), WaitOptions.DEFAULT); }
    public Command waitFor(String commandId) { return waitFor(commandId, WaitOptions.DEFAULT); }
    public Command waitFor(String commandId, WaitOptions options) {
        String id = Ids.commandId(commandId);
        return new Waiter(options).await(id, () -> command(id));
    }

    // ---- the one request path ----

    /** Sends the call and maps {@code data} to its model type. */
    public <T> T call(ApiCall<T> call) {
        JsonNode data = callRaw(call);
        try {
            return Json.MAPPER.convertValue(data, call.dataType());
        } catch (IllegalArgumentException e) {
            throw new BadResponseException("data does not have the expected shape (" + call.dataType().getTypeName()
                    + "): " + e.getMessage(), 200, call.method(), call.path(), data.toString());
        }
    }

    /** Sends the call and returns {@code data} verbatim (unknown fields and values kept). */
    public JsonNode callRaw(ApiCall<?> call) {
        for (int attempt = 1; ; attempt++) {
            PreparedRequest p = prepare(call);
            Transport.Response r = null;
            try {
                r = send(p);
                return Envelope.data(r.status(), r.body(), call.method(), call.path());
            } catch (AcsException e) {
                Duration wait = retry.delayBefore(attempt + 1, call, e, r == null ? null : Transport.retryAfter(r.retryAfter()));
                if (wait == null) throw e;
                traceLine("! " + e.getMessage() + "; attempt " + (attempt + 1) + " of " + retry.maxAttempts() + " in " + wait.toMillis() + " ms");
                sleep(wait);
            }
        }
    }

    /** Signs the call as it would be sent now: for {@code --dry-run} and for tests. */
    public PreparedRequest prepare(ApiCall<?> call) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("accesskey", config.accessKey());
        params.put("timestamp", Long.toString(config.clock().millis()));
        params.putAll(call.params());
        String sign = Signer.sign(config.secretKey(), params);
        String base = config.endpoint().toString();
        boolean inBody = call.method().equals("POST");
        String query = inBody ? "" : "?" + PreparedRequest.form(params);
        return new PreparedRequest(call.method(), URI.create(base + call.path() + query), params, sign,
                inBody ? PreparedRequest.form(params) : "");
    }

    private Transport.Response send(PreparedRequest p) {
        traceLine("> " + p.method() + " " + p.uri() + "\n> Authorization: " + PreparedRequest.REDACTED
                + (p.body().isEmpty() ? "" : "\n> " + p.body()));
        long t0 = System.nanoTime();
        Transport.Response r = transport.send(p);
        traceLine("< HTTP " + r.status() + " (" + (System.nanoTime() - t0) / 1_000_000 + " ms)\n< " + r.body());
        return r;
    }

    private void traceLine(String line) {
        Consumer<String> t = trace;
        if (t != null) t.accept(line);
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcsException("interrupted");
        }
    }

    @Override public String toString() {
        return "AcsClient[" + config.endpoint() + ", accessKey=" + config.accessKey() + "]";
    }
}
