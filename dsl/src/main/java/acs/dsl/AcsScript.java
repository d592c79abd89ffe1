package acs.dsl;

import acs.ApiCall;
import acs.Command;
import acs.Durations;
import acs.InvalidInputException;
import acs.Node;
import acs.NodeStatus;
import acs.client.AcsClient;
import acs.fleet.Rollout;
import acs.fleet.FleetEvent;
import acs.fleet.FleetReport;
import acs.fleet.NodeSelector;
import acs.Service;
import acs.WaitOptions;
import groovy.lang.Binding;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.Script;
import groovy.transform.NamedParam;
import groovy.transform.NamedParams;
import groovy.transform.stc.ClosureParams;
import groovy.transform.stc.SimpleType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation;

/**
 * The base class of every {@code acs run} script: its public methods are the DSL's vocabulary
 * (the Jenkins {@code node {}} shape). {@code acs run} sets it with the type checker and the
 * imports; in an IDE, write {@code @groovy.transform.BaseScript acs.dsl.AcsScript script} at the
 * top of a script to get completion (dsl/README.md).
 * <pre>{@code
 * rollout(nodes(service: 12209, status: RUNNING), batch: 2, pause: '30s', maxFailures: 0) {
 *     onFailure { node, error -> redeploy version: 41 }
 *     deploy url: params.url, method: SEQUENTIAL
 *     waitDone(timeout: '10m')
 * }
 * }</pre>
 */
public abstract class AcsScript extends Script {
    static final List<String> NODES = Args.named("nodes", AcsScript.class);
    static final List<String> ROLLOUT = Args.named("rollout", AcsScript.class);

    private DslContext ctx;

    protected AcsScript() {
    }

    protected AcsScript(Binding binding) {
        super(binding);
    }

    final void init(DslContext context) {
        this.ctx = context;
    }

    /** The context set by {@code acs run}; run any other way, the client configured like the CLI's (environment, profile). */
    final DslContext context() {
        DslContext c = ctx;
        if (c == null) {
            synchronized (this) {
                if (ctx == null) ctx = DslContext.of(Operations.of(AcsClient.create(line -> System.err.println(line)).journaled()));
                c = ctx;
            }
        }
        return c;
    }

    // ---- parameters ----

    /** {@code -Pname=value} parameters: {@code params.url}. */
    public Map<String, String> getParams() { return context().params(); }

    /** The arguments after the script file ({@code acs run deploy.groovy a b}). */
    public List<String> getArgs() { return context().args(); }

    /** A required parameter: fails (exit 2), naming it, when {@code -Pname=...} was not given. */
    public String param(String name) {
        String v = context().params().get(name);
        if (v == null || v.isEmpty()) {
            throw new InvalidInputException("-P" + name, "is required by this script: acs run FILE -P" + name + "=VALUE");
        }
        return v;
    }

    /** A parameter with a default. */
    public String param(String name, String otherwise) {
        String v = context().params().get(name);
        return v == null || v.isEmpty() ? otherwise : v;
    }

    /** A required whole-number parameter: {@code paramLong('service')}; {@code -Pservice=abc} fails (exit 2) naming it. */
    public long paramLong(String name) {
        return wholeNumber(name, param(name));
    }

    /** A whole-number parameter with a default: {@code paramLong('service', 12209)}. */
    public long paramLong(String name, long otherwise) {
        String v = param(name, null);
        return v == null ? otherwise : wholeNumber(name, v);
    }

    /** A required int parameter: {@code paramInt('batch')}. */
    public int paramInt(String name) {
        return toInt(name, paramLong(name));
    }

    /** An int parameter with a default: {@code paramInt('batch', 2)}. */
    public int paramInt(String name, int otherwise) {
        return toInt(name, paramLong(name, otherwise));
    }

    /** A required duration parameter: {@code paramDuration('pause')} reads {@code -Ppause=30s}. */
    public Duration paramDuration(String name) {
        return Durations.parse("-P" + name, param(name));
    }

    /** A duration parameter with a default: {@code paramDuration('pause', '30s')}. */
    public Duration paramDuration(String name, String otherwise) {
        return Durations.parse("-P" + name, param(name, otherwise));
    }

    /** A required true/false parameter: {@code paramBoolean('force')}. */
    public boolean paramBoolean(String name) {
        return truth(name, param(name));
    }

    /** A true/false parameter with a default: {@code paramBoolean('force', false)}. */
    public boolean paramBoolean(String name, boolean otherwise) {
        String v = param(name, null);
        return v == null ? otherwise : truth(name, v);
    }

    /** Reads {@code value} as the typed reader {@code reader} (paramLong…) would: bad input as its error. */
    static void checkParam(String reader, String name, String value) {
        switch (reader) {
            case "paramLong" -> wholeNumber(name, value);
            case "paramInt" -> toInt(name, wholeNumber(name, value));
            case "paramDuration" -> Durations.parse("-P" + name, value);
            case "paramBoolean" -> truth(name, value);
            default -> { }
        }
    }

    private static long wholeNumber(String name, String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("-P" + name, "must be a whole number, not '" + v + "'");
        }
    }

    private static int toInt(String name, long v) {
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) throw new InvalidInputException("-P" + name, v + " is too large");
        return (int) v;
    }

    private static boolean truth(String name, String v) {
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) return Boolean.parseBoolean(v);
        throw new InvalidInputException("-P" + name, "must be true or false, not '" + v + "'");
    }

    /** A progress line on stderr. */
    public void echo(Object message) {
        context().echo(String.valueOf(message));
    }

    // ---- nodes ----

    /** A handle on a node (fetched when a property is first read). */
    public NodeHandle node(long id) {
        return new NodeHandle(context(), id, null);
    }

    /**
     * {@code node(610474) { deploy url: ...; waitDone() }}: the block runs with the node as its
     * delegate (and argument). If it fails, its {@code onFailure} handlers run, then the script fails.
     */
    public NodeHandle node(long id,
                           @DelegatesTo(value = NodeHandle.class, strategy = Closure.DELEGATE_FIRST)
                           @ClosureParams(value = SimpleType.class, options = "acs.dsl.NodeHandle") Closure<?> block) {
        NodeHandle h = node(id);
        h.runBlock(block);
        return h;
    }

    /** Every node. */
    public List<NodeHandle> nodes() {
        return nodes(Map.of(), null);
    }

    /** {@code nodes(service: 12209, status: RUNNING, name: ~/预发/)}: a String name matches exactly, a pattern anywhere. */
    public List<NodeHandle> nodes(@NamedParams({
            @NamedParam(value = "service", type = Long.class),
            @NamedParam(value = "status", type = NodeStatus.class),
            @NamedParam(value = "name", type = Object.class)}) Map<String, ?> filter) {
        return nodes(filter, null);
    }

    /** {@code nodes { it.status == STOPPED }} (the node is also the delegate: {@code nodes { status == STOPPED }}). */
    public List<NodeHandle> nodes(@DelegatesTo(value = NodeHandle.class, strategy = Closure.DELEGATE_FIRST)
                                  @ClosureParams(value = SimpleType.class, options = "acs.dsl.NodeHandle") Closure<?> predicate) {
        return nodes(Map.of(), predicate);
    }

    /** {@code nodes(service: 12209) { it.containers.size() > 1 }}. */
    public List<NodeHandle> nodes(@NamedParams({
            @NamedParam(value = "service", type = Long.class),
            @NamedParam(value = "status", type = NodeStatus.class),
            @NamedParam(value = "name", type = Object.class)}) Map<String, ?> filter,
                                  @DelegatesTo(value = NodeHandle.class, strategy = Closure.DELEGATE_FIRST)
                                  @ClosureParams(value = SimpleType.class, options = "acs.dsl.NodeHandle") Closure<?> predicate) {
        NodeSelector selector = selector(Args.of("nodes", filter, NODES));
        List<NodeHandle> out = new ArrayList<>();
        for (Node n : context().operations().call(ApiCall.nodes())) {
            if (!selector.matches(n)) continue;
            NodeHandle h = new NodeHandle(context(), n.id(), n);
            if (predicate != null && !DefaultTypeTransformation.castToBoolean(Closures.delegateTo(h, predicate))) continue;
            out.add(h);
        }
        return out;
    }

    /**
     * The nodes {@code nodes(...)} chooses, as the CLI's fleet options choose them ({@link NodeSelector}):
     * a pattern is the regular expression of {@code --name}, a String the whole name (quoted and anchored).
     */
    static NodeSelector selector(Args a) {
        Long service = a.number("service");
        NodeStatus status = a.nodeStatus("status");
        Object name = a.raw("name");
        String regex;
        if (name == null) regex = null;
        else if (name instanceof Pattern p) regex = p.pattern();
        else if (name instanceof CharSequence s) regex = "^" + Pattern.quote(s.toString()) + "$";
        else throw new InvalidInputException("name", "of nodes must be a String (exact) or a pattern such as ~/预发/, not " + name);
        return new NodeSelector(List.of(), true, service, status, null).withName(regex);
    }

    // ---- services and commands ----

    /** A service and its nodes ({@code service(12209).nodes}). */
    public ServiceHandle service(long id) {
        return new ServiceHandle(context(), context().operations().call(ApiCall.service(id)));
    }

    /** {@code service(12209) { nodes.each { it.stop() } }}: the block runs with the service as its delegate. */
    public ServiceHandle service(long id,
                                 @DelegatesTo(value = ServiceHandle.class, strategy = Closure.DELEGATE_FIRST)
                                 @ClosureParams(value = SimpleType.class, options = "acs.dsl.ServiceHandle") Closure<?> block) {
        ServiceHandle s = service(id);
        Closures.delegateTo(s, block);
        return s;
    }

    /** Every service. */
    public List<ServiceHandle> services() {
        List<ServiceHandle> out = new ArrayList<>();
        for (Service s : context().operations().call(ApiCall.services())) out.add(new ServiceHandle(context(), s));
        return out;
    }

    /** A command, as it is now. */
    public Command command(String id) {
        return context().operations().call(ApiCall.command(id));
    }

    /** Waits for a command (10 minutes at most), failing at once (exit 6) if it fails. */
    public Command waitDone(Command command) {
        return waitDone(Map.of(), command);
    }

    /** {@code waitDone(timeout: '10m', cmd)}. */
    public Command waitDone(@NamedParams({@NamedParam(value = "timeout", type = Object.class)}) Map<String, ?> options, Command command) {
        if (command == null) throw new InvalidInputException("waitDone", "needs a command, e.g. waitDone(node(610474).deploy(url: ...))");
        return await(context(), "command", command, options);
    }

    static Command await(DslContext ctx, String who, Command command, Map<String, ?> options) {
        WaitOptions o = NodeHandle.waitOptions(ctx, options);
        long t0 = System.nanoTime();
        Command done = ctx.operations().waitFor(command.commandId(), o);
        ctx.echo(String.format("acs: %s: command %s (%s) succeeded in %.1fs", who, done.commandId(), done.name(), (System.nanoTime() - t0) / 1e9));
        return done;
    }

    // ---- rollout ----

    /** {@code rollout(nodes) { ... }}: one node at a time, no pause, no failure tolerated. */
    public FleetReport<NodeHandle, Void> rollout(List<NodeHandle> nodes,
                                                   @DelegatesTo(value = NodeHandle.class, strategy = Closure.DELEGATE_FIRST)
                                                   @ClosureParams(value = SimpleType.class, options = "acs.dsl.NodeHandle") Closure<?> body) {
        return rollout(Map.of(), nodes, body);
    }

    /**
     * Runs {@code body} for each node, with the node as delegate: {@code batch} nodes at once,
     * batch after batch, {@code pause} between batches. A node whose body throws (a failed
     * command, a timeout, an assert) is failed and its {@code onFailure} handlers run. After
     * more than {@code maxFailures} failures no new node is started and the script fails
     * (exit 6, {@link acs.fleet.RolloutFailedException}). Returns the report otherwise. In a run
     * ({@code acs run}), every node is leased when the rollout starts, before anything is sent:
     * a node another run holds stops the script (exit 8, naming the holder), or is waited for up
     * to {@code waitForLease} (else {@code acs run --wait-for-lease}).
     */
    public FleetReport<NodeHandle, Void> rollout(@NamedParams({
            @NamedParam(value = "batch", type = Integer.class),
            @NamedParam(value = "pause", type = Object.class),
            @NamedParam(value = "maxFailures", type = Integer.class),
            @NamedParam(value = "waitForLease", type = Object.class)}) Map<String, ?> options,
                                                   List<NodeHandle> nodes,
                                                   @DelegatesTo(value = NodeHandle.class, strategy = Closure.DELEGATE_FIRST)
                                                   @ClosureParams(value = SimpleType.class, options = "acs.dsl.NodeHandle") Closure<?> body) {
        Args a = Args.of("rollout", options, ROLLOUT);
        if (nodes == null) throw new InvalidInputException("rollout", "needs the nodes to roll out to, e.g. rollout(nodes(service: 12209)) { ... }");
        if (body == null) throw new InvalidInputException("rollout", "needs a body: rollout(nodes) { deploy url: ...; waitDone() }");
        DslContext c = context();
        Duration pause = a.duration("pause", Duration.ZERO);
        Rollout<NodeHandle> rollout = Rollout.of(nodes)
                .withBatchSize(a.integer("batch", 1))
                .withPause(pause)
                .withMaxFailures(a.integer("maxFailures", 0))
                .withSleeper(c.pauseSleeper())
                .withOnFailure((node, error) -> node.handleFailure(error));
        c.echo("acs: rollout to " + nodes.size() + " node(s): batches of " + rollout.batchSize()
                + (pause.isZero() ? "" : ", pause " + Durations.format(pause)) + ", maxFailures " + rollout.maxFailures());
        // every node is leased before the first is touched: a node another run holds stops the rollout here, nothing sent
        Duration wait = a.has("waitForLease") ? a.duration("waitForLease", Duration.ZERO) : null;
        RolloutLeases.Held held = c.leases().lease(nodes.stream().map(NodeHandle::getId).toList(), wait);
        FleetReport<NodeHandle, Void> report = rollout.withListener(e -> {
            progress(c, e);
            // a node's work (its onFailure included) has ended; one whose outcome is unknown keeps its lease with the run
            if (e.finished() != null && (e.finished().succeeded() || e.finished().failed())) held.release(e.item().getId());
        }).run(node -> node.within(body));
        c.echo("acs: rollout: " + report.describe());
        return report.throwIfExceeded();
    }

    private static void progress(DslContext c, FleetEvent<NodeHandle> e) {
        switch (e.kind()) {
            case ITEM_STARTED, FINISHED -> { }
            case ITEM_FAILED -> c.echo("acs: rollout: " + e.item() + " failed" + ScriptFrames.at(e.cause()) + ": " + e.cause().getMessage());
            default -> c.echo("acs: rollout: " + e.describe());
        }
    }
}
