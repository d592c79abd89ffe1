package acs.client;

import acs.AcsException;
import acs.Answer;
import acs.ApiCall;
import acs.ApiException;
import acs.BadResponseException;
import acs.Checks;
import acs.Command;
import acs.CommandFailedException;
import acs.Container;
import acs.DeployMethod;
import acs.HistoryStart;
import acs.Host;
import acs.Image;
import acs.Node;
import acs.NodeStart;
import acs.Service;
import acs.TransportException;
import acs.UploadStart;
import acs.WaitOptions;
import acs.auth.Signer;
import acs.config.AcsConfig;
import acs.config.EmbeddedService;
import acs.config.AcsHome;
import acs.journal.Journal;
import acs.journal.JournalEntry;
import acs.lifecycle.CommandLifecycle;
import acs.lifecycle.RetryPolicy;
import acs.wire.Envelope;
import acs.wire.Json;
import acs.wire.PreparedRequest;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The client of the ACS/EWS OpenAPI. Every operation of API.md §5 is a method here; all go
 * through {@link #call(ApiCall)}: sign, send, parse the envelope, map {@code data} to a model.
 * <pre>{@code
 * import acs.*;
 * import acs.client.AcsClient;
 * var acs = AcsClient.create();              // endpoint and keys from env or ~/.acs profile; else the embedded simulator
 * acs.nodes().forEach(System.out::println);
 * var cmd = acs.uploadStart(610474, UploadStart.of("http://repo/app-1.2.war").withMethod(DeployMethod.SEQUENTIAL));
 * acs.waitFor(cmd);
 * }</pre>
 * Reads are retried on transient failures; a POST or DELETE only when it provably never left.
 */
public final class AcsClient implements AutoCloseable {
    public static final String VERSION = "0.1.0";

    private final AcsConfig config;
    private final Transport transport;
    private final RetryPolicy retry;
    private final CommandLifecycle lifecycle;
    private volatile Consumer<String> trace;
    /** The embedded stand-in this client talks to, stopped by {@link #close()}; null for a configured endpoint. */
    private final EmbeddedService.Running embedded;
    /** Told once, before the embedded simulator's first change is sent or shown (null: not embedded). */
    private final String embeddedNotice;
    private final java.util.concurrent.atomic.AtomicBoolean embeddedNoticeGiven;

    private AcsClient(AcsConfig config, RetryPolicy retry, EmbeddedService.Running embedded, Consumer<String> notices, String embeddedNotice) {
        config.requireComplete();
        this.config = config;
        this.transport = new Transport(config);
        this.retry = retry;
        this.embedded = embedded;
        this.embeddedNotice = embeddedNotice;
        this.embeddedNoticeGiven = new java.util.concurrent.atomic.AtomicBoolean();
        this.lifecycle = new CommandLifecycle(null, Journal.Origin.of(config, JournalEntry.Face.LIBRARY), notices);
    }

    private AcsClient(AcsClient base, RetryPolicy retry, CommandLifecycle lifecycle) {
        this.config = base.config;
        this.transport = base.transport;
        this.retry = retry;
        this.lifecycle = lifecycle;
        this.trace = base.trace;
        this.embedded = base.embedded;
        this.embeddedNotice = base.embeddedNotice;
        this.embeddedNoticeGiven = base.embeddedNoticeGiven;
    }

    /**
     * A client configured from the environment and the profile file; with nothing configured,
     * the embedded simulator when it is on the class path (a notice says so before its first change).
     * Its warnings and notices go to {@link CommandLifecycle#LOG} (the JDK's logging: stderr unless
     * configured); {@link #create(Consumer)} sends them elsewhere.
     */
    public static AcsClient create() {
        return create(CommandLifecycle.LOG);
    }

    /**
     * As {@link #create()}, each warning or notice the library would tell a person given to
     * {@code notices} as a whole line ({@code acs: warning: …}, {@code acs: …}): the CLI's
     * {@code System.err::println}. The library itself never writes to stderr.
     */
    public static AcsClient create(Consumer<String> notices) {
        AcsConfig config = AcsConfig.load();
        config.warnings().forEach(w -> notices.accept("acs: warning: " + w));
        return create(config, notices);
    }

    /** A client for exactly this configuration (no embedded stand-in: an endpoint is required). */
    public static AcsClient create(AcsConfig config) {
        return new AcsClient(config, RetryPolicy.DEFAULT, null, CommandLifecycle.LOG, null);
    }

    /**
     * A client for this configuration; when {@link AcsConfig#nothingConfigured()}, one for an
     * {@link EmbeddedService} found on the class path (the simulator), started with its state in
     * the toolkit's home and announced to {@code notices} before its first change is sent or shown. {@link #close()} stops it.
     * Without a provider it is a {@link ConfigException}, as for {@link #create(AcsConfig)}.
     */
    public static AcsClient create(AcsConfig config, Consumer<String> notices) {
        if (!config.nothingConfigured()) return new AcsClient(config, RetryPolicy.DEFAULT, null, notices, null);
        EmbeddedService service = EmbeddedService.find();
        if (service == null) return new AcsClient(config, RetryPolicy.DEFAULT, null, notices, null);
        Path home = AcsHome.of(System.getenv());
        String notice = "acs: nothing configured (no --endpoint, ACS_* variable or profile): using " + service.describe(home)
                + "; changes are made there, not on a real service";
        EmbeddedService.Running running = service.start(home, notices);
        try {
            return new AcsClient(config.withEndpoint(running.endpoint()).withCredentials(running.accessKey(), running.secretKey())
                    .withOrigins(new AcsConfig.Origins(Map.of("endpoint", "the embedded demo simulator"), List.of())),
                    RetryPolicy.DEFAULT, running, notices, notice);
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
    }

    /** A client for this endpoint and key pair (no environment, no profile). */
    public static AcsClient create(String endpoint, String accessKey, String secretKey) {
        return create(AcsConfig.of(endpoint, accessKey, secretKey));
    }

    /** The same client (same connections) with another retry policy. */
    public AcsClient withRetry(RetryPolicy policy) {
        return new AcsClient(this, policy, lifecycle);
    }

    /**
     * The same client (same connections), journaling every change in the user's journal
     * ({@link Journal#open()}) as the CLI does: one call to opt in.
     */
    public AcsClient journaled() {
        return withJournal(Journal.open().noticesTo(lifecycle.notices()), lifecycle.origin());
    }

    /** The same client (same connections, journal and origin), its warnings and notices given to {@code notices} as whole lines. */
    public AcsClient withNotices(Consumer<String> notices) {
        return new AcsClient(this, retry, new CommandLifecycle(lifecycle.journal(), lifecycle.origin(), notices));
    }

    /** The same client, journaling every change in {@code journal} as made by {@code origin}; a null journal stops journaling. */
    public AcsClient withJournal(Journal journal, Journal.Origin origin) {
        return new AcsClient(this, retry, new CommandLifecycle(journal, origin, lifecycle.notices()));
    }

    public RetryPolicy retryPolicy() {
        return retry;
    }

    /** The same client, journaling (or not) as now, its changes made by {@code origin}: e.g. another face or run. */
    public AcsClient withOrigin(Journal.Origin origin) {
        return withJournal(lifecycle.journal(), origin);
    }

    /** The command lifecycle every change of this client goes through (its journal and origin). */
    public CommandLifecycle lifecycle() {
        return lifecycle;
    }

    /** Receives a trace of each request and response (Authorization redacted); null to stop. */
    public AcsClient trace(Consumer<String> sink) {
        this.trace = sink;
        return this;
    }

    /**
     * Releases the connection pool and the HTTP client's selector thread (at once, not when the
     * JVM gets round to it: a CLI run exits 0.3 s sooner), and stops the embedded simulator if
     * this client started one (its state is saved). A closed client refuses new requests; a
     * second close does nothing.
     */
    @Override public void close() {
        transport.close();
        if (embedded != null) embedded.close();
    }

    public AcsConfig config() {
        return config;
    }

    // ---- operations (API.md §5) ----

    public List<Node> nodes() { return call(ApiCall.nodes()); }
    /** Every node, one at a time as the answer arrives: the list is never held (100,000 nodes in a small heap). */
    public long forEachNode(Consumer<? super Node> each) { return stream(ApiCall.nodes(), Node.class, each); }
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
    /** Waits for a command ({@link acs.lifecycle.PollRule}); with a journal, records its end. */
    public Command waitFor(String commandId, WaitOptions options) {
        String id = Checks.commandId(commandId);
        return lifecycle.await(id, options, () -> command(id));
    }

    /**
     * Waits as {@link #waitFor(String, WaitOptions)} does, and gives the command as the server last
     * sent it beside the typed one; a failed command's exception carries it too ({@link CommandFailedException#raw()}).
     */
    public Answer<Command> waitForAnswer(String commandId, WaitOptions options) {
        String id = Checks.commandId(commandId);
        ApiCall<Command> get = ApiCall.command(id);
        java.util.concurrent.atomic.AtomicReference<JsonNode> last = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            Command done = lifecycle.await(id, options, () -> {
                JsonNode raw = callRaw(get);
                last.set(raw);
                return convert(raw, get);
            });
            return new Answer<>(done, last.get());
        } catch (CommandFailedException e) {
            throw e.raw() != null || last.get() == null ? e : new CommandFailedException(e.command(), last.get());
        }
    }

    // ---- the one request path ----

    /**
     * Sends the call and maps {@code data} to its model type, straight from the body's tokens
     * (no intermediate tree: a 53 MB node list maps in a third of the time). Anything but a
     * plain success envelope goes through {@link Envelope}, the one judge of errors.
     */
    public <T> T call(ApiCall<T> call) {
        if (call.mutating() && lifecycle.journal() != null) return convert(callRaw(call), call);
        return exchange(call, r -> typed(r, call));
    }

    /** Sends the call and returns {@code data} verbatim (unknown fields and values kept); a change goes through its {@link #lifecycle()}. */
    public JsonNode callRaw(ApiCall<?> call) {
        if (!call.mutating()) return sendRaw(call);
        return lifecycle.submit(call, this::sendRaw);
    }

    private JsonNode sendRaw(ApiCall<?> call) {
        return exchange(call, r -> Envelope.data(r.status(), r.body(), call.operation(), call.method(), call.path()));
    }

    /**
     * Sends the call once, asynchronously (java.net.http, no thread waits for the answer), and
     * maps {@code data}; the future fails with the same {@link AcsException}s as {@link #call}.
     * No retry: the caller (e.g. {@link acs.fleet.FanOut}) decides, since it knows what else is going on.
     */
    public <T> CompletableFuture<T> callAsync(ApiCall<T> call) {
        PreparedRequest p = prepare(call);
        traceRequest(p);
        long t0 = System.nanoTime();
        return transport.sendAsync(p).thenApply(r -> {
            traceResponse(r, t0);
            return typed(r, call);
        });
    }

    /**
     * Streams the elements of a list answer ({@code data} is an array) to {@code each}, parsing
     * the body as it arrives; returns how many there were. Nothing but the element being read is
     * held in memory. Retried like {@link #call} as long as no element was delivered yet.
     * {@code elementType} {@code JsonNode.class} gives the API's data verbatim.
     */
    public <E> long stream(ApiCall<? extends List<?>> call, Class<E> elementType, Consumer<? super E> each) {
        return stream(call, elementType, each, null);
    }

    /**
     * As {@link #stream(ApiCall, Class, Consumer)}, but an answer that breaks off after some
     * elements is retried whole like any read: {@code restart} runs first, so the caller forgets
     * what it was given (e.g. output it held back), then the elements come again from the first.
     */
    public <E> long stream(ApiCall<? extends List<?>> call, Class<E> elementType, Consumer<? super E> each, Runnable restart) {
        JavaType type = Json.MAPPER.constructType(elementType);
        for (int attempt = 1; ; attempt++) {
            PreparedRequest p = prepare(call);
            traceRequest(p);
            long t0 = System.nanoTime();
            long[] delivered = {0};
            String retryAfter = null;
            try {
                Transport.Streamed s = transport.sendStreaming(p);
                retryAfter = s.retryAfter();
                try (InputStream in = s.body(); JsonParser jp = Json.MAPPER.createParser(in)) {
                    streamEnvelope(jp, s.status(), call, type, e -> {
                        delivered[0]++;
                        @SuppressWarnings("unchecked") E element = (E) e;
                        each.accept(element);
                    });
                } catch (IOException e) {
                    if (delivered[0] > 0) throw new TransportException(call.method() + " " + call.path()
                            + ": the answer broke off after " + delivered[0] + " elements: " + e.getMessage(), false, e);
                    throw new BadResponseException(s.status() / 100 == 2 ? "response is not JSON" : "HTTP error without an API envelope",
                            s.status(), call.method(), call.path(), "(streamed) " + e.getMessage(), e);
                }
                traceLine("< HTTP " + s.status() + " (" + (System.nanoTime() - t0) / 1_000_000 + " ms, streamed " + delivered[0] + " elements)");
                return delivered[0];
            } catch (AcsException e) {
                if (delivered[0] > 0 && restart == null) throw e;
                backOffOrThrow(attempt, call, e, retryAfter);
                if (delivered[0] > 0) restart.run();
            }
        }
    }

    private <R> R exchange(ApiCall<?> call, java.util.function.Function<Transport.Response, R> parse) {
        for (int attempt = 1; ; attempt++) {
            PreparedRequest p = prepare(call);
            Transport.Response r = null;
            try {
                r = send(p);
                return parse.apply(r);
            } catch (AcsException e) {
                backOffOrThrow(attempt, call, e, r == null ? null : r.retryAfter());
            }
        }
    }

    /** After a failed attempt: rethrows when the retry policy says no more, else waits its delay. */
    private void backOffOrThrow(int attempt, ApiCall<?> call, AcsException e, String retryAfterHeader) {
        Duration wait = retry.delayBefore(attempt + 1, call, e, Transport.retryAfter(retryAfterHeader));
        if (wait == null) throw e;
        traceLine("! " + e.getMessage() + "; attempt " + (attempt + 1) + " of " + retry.maxAttempts() + " in " + wait.toMillis() + " ms");
        sleep(wait);
    }

    /** {@code data} mapped to the call's type: the fast path for {"code":"0",…,"data":…}, else Envelope. */
    static <T> T typed(Transport.Response r, ApiCall<T> call) {
        String body = r.body();
        if (body != null && !body.isBlank()) {
            try (JsonParser jp = Json.MAPPER.createParser(body)) {
                if (jp.nextToken() == JsonToken.START_OBJECT) {
                    String code = null;
                    T data = null;
                    boolean haveData = false;
                    boolean plain = true;
                    while (plain && jp.nextToken() == JsonToken.FIELD_NAME) {
                        String name = jp.currentName();
                        JsonToken t = jp.nextToken();
                        if (name.equals("code")) {
                            code = t == JsonToken.VALUE_STRING || t.isNumeric() ? jp.getText() : null;
                            plain = "0".equals(code);
                        } else if (name.equals("data") && "0".equals(code)) {
                            data = Json.MAPPER.readValue(jp, call.dataType());
                            haveData = true;
                        } else {
                            jp.skipChildren();
                        }
                    }
                    if (plain && haveData && jp.currentToken() == JsonToken.END_OBJECT && jp.nextToken() == null) return data;
                }
            } catch (IOException | RuntimeException e) {
                // not the plain shape: let Envelope say precisely what is wrong
            }
        }
        return convert(Envelope.data(r.status(), body, call.operation(), call.method(), call.path()), call);
    }

    private static <T> T convert(JsonNode data, ApiCall<T> call) {
        try {
            return Json.MAPPER.convertValue(data, call.dataType());
        } catch (IllegalArgumentException e) {
            throw new BadResponseException("data does not have the expected shape (" + call.dataType().getTypeName()
                    + "): " + e.getMessage(), 200, call.method(), call.path(), data.toString());
        }
    }

    /** Reads an envelope token by token, handing each element of an array {@code data} over as it is parsed. */
    private static void streamEnvelope(JsonParser jp, int status, ApiCall<?> call, JavaType type, Consumer<Object> each) throws IOException {
        if (jp.nextToken() != JsonToken.START_OBJECT) {
            throw Envelope.notAnEnvelope(status, call.method(), call.path(), "(streamed)");
        }
        String code = null, message = "", detail = null;
        JsonNode early = null; // data sent before code (legal JSON, never seen): held, then streamed
        while (jp.nextToken() == JsonToken.FIELD_NAME) {
            String name = jp.currentName();
            JsonToken t = jp.nextToken();
            switch (name) {
                case "code" -> code = t == JsonToken.VALUE_STRING || t.isNumeric() ? jp.getText() : null;
                case "message" -> message = t == JsonToken.VALUE_NULL ? "" : jp.getText();
                case "detail" -> {
                    if (t == JsonToken.VALUE_STRING) detail = jp.getText();
                    else jp.skipChildren();
                }
                case "data" -> {
                    if (code == null) {
                        early = jp.readValueAsTree();
                    } else if (code.equals("0")) {
                        if (t != JsonToken.START_ARRAY) {
                            throw new BadResponseException("data is not a list", status, call.method(), call.path(), "(streamed)");
                        }
                        while (jp.nextToken() != JsonToken.END_ARRAY) each.accept(Json.MAPPER.readValue(jp, type));
                    } else {
                        jp.skipChildren();
                    }
                }
                default -> jp.skipChildren();
            }
        }
        if (code == null) {
            throw Envelope.notAnEnvelope(status, call.method(), call.path(), "(streamed)");
        }
        if (!code.equals("0")) throw new ApiException(code, message, detail, status, call.operation(), call.method(), call.path());
        if (early != null) {
            if (!early.isArray()) throw new BadResponseException("data is not a list", status, call.method(), call.path(), "(streamed)");
            for (JsonNode e : early) each.accept(Json.MAPPER.convertValue(e, type));
        }
    }

    /**
     * The call as a person reads it in a dry run: signed as it would be sent now, but on the embedded
     * stand-in its URL names it ({@code http://embedded-simulator/api/…}), not the port it happens to
     * listen on in this run, which no later run can reach.
     */
    public PreparedRequest preview(ApiCall<?> call) {
        PreparedRequest p = prepare(call);
        if (embedded == null) return p;
        String base = config.endpoint().toString();
        return new PreparedRequest(p.method(), URI.create(EMBEDDED_URL + p.uri().toString().substring(base.length())), p.params(),
                p.authorization(), p.body());
    }

    /** Before a change is asked about, shown or sent: the embedded stand-in's notice, once (nothing for a configured endpoint). */
    public void beforeChange() {
        if (embeddedNotice != null && embeddedNoticeGiven.compareAndSet(false, true)) lifecycle.notices().accept(embeddedNotice);
    }

    /** Whether this client talks to the embedded stand-in (its endpoint is a port of this run, named {@link #EMBEDDED_URL} to people). */
    public boolean embedded() {
        return embedded != null;
    }

    /** How {@link #preview} names the embedded stand-in's endpoint. */
    public static final String EMBEDDED_URL = "http://embedded-simulator";

    /** Signs the call as it would be sent now (a change to the embedded stand-in gives its notice first, once). */
    public PreparedRequest prepare(ApiCall<?> call) {
        if (call.mutating()) beforeChange();
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
        traceRequest(p);
        long t0 = System.nanoTime();
        Transport.Response r = transport.send(p);
        traceResponse(r, t0);
        return r;
    }

    private void traceRequest(PreparedRequest p) {
        if (trace == null) return;
        traceLine("> " + p.method() + " " + p.uri() + "\n> Authorization: " + PreparedRequest.REDACTED
                + (p.body().isEmpty() ? "" : "\n> " + p.body()));
    }

    private void traceResponse(Transport.Response r, long t0) {
        if (trace == null) return;
        traceLine("< HTTP " + r.status() + " (" + (System.nanoTime() - t0) / 1_000_000 + " ms)\n< " + r.body());
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
