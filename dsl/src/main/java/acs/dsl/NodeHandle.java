package acs.dsl;

import acs.ApiCall;
import acs.Command;
import acs.Container;
import acs.DeployMethod;
import acs.HistoryStart;
import acs.InvalidInputException;
import acs.Node;
import acs.NodeStart;
import acs.NodeStatus;
import acs.UploadStart;
import acs.WaitOptions;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.transform.NamedParam;
import groovy.transform.NamedParams;
import groovy.transform.stc.ClosureParams;
import groovy.transform.stc.FromString;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A node, as a script sees it: inside {@code node(610474) { ... }}, on a handle from
 * {@code node(id)} or {@code nodes(...)}, and as the delegate of a rollout's body.
 * <pre>{@code
 * node(610474) {
 *     deploy url: 'http://repo.example.com/app-1.2.war', method: SEQUENTIAL
 *     waitDone(timeout: '10m')
 *     echo "${name} is ${status}"
 * }
 * }</pre>
 * The read-only properties come from the last fetch of the node (from the listing it was
 * found in, or fetched on first use); a command, or {@link #refresh()}, makes the next read
 * fetch it again. A handle is meant for one thread at a time (a rollout gives each node its own).
 */
public final class NodeHandle {
    static final List<String> DEPLOY = Args.named("deploy", NodeHandle.class);
    static final List<String> REDEPLOY = Args.named("redeploy", NodeHandle.class);
    static final List<String> START = Args.named("start", NodeHandle.class);
    static final List<String> STOP = Args.named("stop", NodeHandle.class);
    static final List<String> WAIT = Args.named("waitDone", NodeHandle.class, AcsScript.class);

    private final DslContext ctx;
    private final long id;
    private volatile Node node;
    private volatile Command lastCommand;
    private volatile String knownName = "";
    private final List<Closure<?>> failureHandlers = new CopyOnWriteArrayList<>();

    NodeHandle(DslContext ctx, long id, Node snapshot) {
        if (id <= 0) throw new InvalidInputException("node", id + " is not a valid node id; expected a positive number");
        this.ctx = ctx;
        this.id = id;
        this.node = snapshot;
        if (snapshot != null) knownName = snapshot.name();
    }

    // ---- read-only properties ----

    public long getId() { return id; }
    public String getName() { return node().name(); }
    public NodeStatus getStatus() { return node().status(); }
    public String getImageName() { return node().imageName(); }
    public long getServiceId() { return node().serviceId(); }
    public List<Container> getContainers() { return node().containers(); }

    /** The node as last fetched (the lib model). */
    public Node getModel() { return node(); }

    /** The last command this handle started (or waited for), or null. */
    public Command getLastCommand() { return lastCommand; }

    /** Fetches the node now. */
    public NodeHandle refresh() {
        Node n = ctx.operations().call(ApiCall.node(id));
        knownName = n.name();
        node = n;
        return this;
    }

    private Node node() {
        Node n = node;
        if (n == null) {
            refresh();
            n = node;
        }
        return n;
    }

    // ---- commands ----

    /** uploadStart: {@code deploy url: 'http://repo/app-1.2.war', method: SEQUENTIAL, update: false, comment: 'v1.2'}. */
    public Command deploy(@NamedParams({
            @NamedParam(value = "url", type = String.class, required = true),
            @NamedParam(value = "method", type = DeployMethod.class),
            @NamedParam(value = "update", type = Boolean.class),
            @NamedParam(value = "comment", type = String.class)}) Map<String, ?> args) {
        Args a = Args.of("deploy", args, DEPLOY);
        UploadStart p = UploadStart.of(a.required("url", "'http://repo.example.com/app-1.2.war'")).withComment(a.string("comment"));
        if (a.has("method")) p = p.withMethod(a.method("method"));
        if (a.has("update")) p = p.withUpdate(a.bool("update"));
        return issue("deploy", ApiCall.uploadStart(id, p));
    }

    /** historyStart: {@code redeploy version: 41, method: SEQUENTIAL} (a version an earlier deploy recorded). */
    public Command redeploy(@NamedParams({
            @NamedParam(value = "version", type = Object.class, required = true),
            @NamedParam(value = "method", type = DeployMethod.class),
            @NamedParam(value = "update", type = Boolean.class)}) Map<String, ?> args) {
        Args a = Args.of("redeploy", args, REDEPLOY);
        HistoryStart p = HistoryStart.of(a.required("version", "41"));
        if (a.has("method")) p = p.withMethod(a.method("method"));
        if (a.has("update")) p = p.withUpdate(a.bool("update"));
        return issue("redeploy", ApiCall.historyStart(id, p));
    }

    /** start: {@code start()}, or {@code start image: 'registry/tomcat7', tag: '3.0.0', method: PARALLEL, update: true}. */
    public Command start(@NamedParams({
            @NamedParam(value = "image", type = String.class),
            @NamedParam(value = "tag", type = String.class),
            @NamedParam(value = "method", type = DeployMethod.class),
            @NamedParam(value = "update", type = Boolean.class)}) Map<String, ?> args) {
        Args a = Args.of("start", args, START);
        NodeStart p = a.has("image") || a.has("tag") ? imageStart(a) : NodeStart.plain();
        if (a.has("method")) p = p.withMethod(a.method("method"));
        if (a.has("update")) p = p.withUpdate(a.bool("update"));
        return issue("start", ApiCall.start(id, p));
    }

    private static NodeStart imageStart(Args a) {
        try {
            return NodeStart.image(a.string("image"), a.string("tag"));
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.parameter().equals("imageName") ? "image" : "tag",
                    "is required together with " + (e.parameter().equals("imageName") ? "tag" : "image") + "; give both or neither");
        }
    }

    public Command start() { return start(Map.of()); }

    /** stop: {@code stop()} or {@code stop method: SEQUENTIAL}. */
    public Command stop(@NamedParams({@NamedParam(value = "method", type = DeployMethod.class)}) Map<String, ?> args) {
        Args a = Args.of("stop", args, STOP);
        return issue("stop", ApiCall.stop(id, a.method("method")));
    }

    public Command stop() { return stop(Map.of()); }

    /** Deletes the node (it is gone once the command is done). */
    public Command delete() { return issue("delete", ApiCall.delete(id)); }

    private Command issue(String verb, ApiCall<Command> call) {
        Command c = ctx.operations().call(call);
        lastCommand = c;
        node = null;
        ctx.echo("acs: " + this + ": " + verb + " -> command " + c.commandId() + " (" + c.status() + ")");
        return c;
    }

    // ---- waiting ----

    /** Waits for this handle's last command (10 minutes at most), failing at once if it fails. */
    public Command waitDone() { return waitDone(Map.of(), null); }

    /** {@code waitDone(timeout: '10m')}: waits for this handle's last command. */
    public Command waitDone(@NamedParams({@NamedParam(value = "timeout", type = Object.class)}) Map<String, ?> options) {
        return waitDone(options, null);
    }

    /** Waits for that command. */
    public Command waitDone(Command command) { return waitDone(Map.of(), command); }

    /** {@code waitDone(timeout: '10m', cmd)}. */
    public Command waitDone(@NamedParams({@NamedParam(value = "timeout", type = Object.class)}) Map<String, ?> options, Command command) {
        Command target = command != null ? command : lastCommand;
        if (target == null) {
            throw new InvalidInputException("waitDone", this + " has no command to wait for: deploy, redeploy, start, stop or delete first");
        }
        Command done = AcsScript.await(ctx, this.toString(), target, options);
        lastCommand = done;
        node = null;
        return done;
    }

    static Duration timeout(DslContext ctx, Map<String, ?> options) {
        Args a = Args.of("waitDone", options, WAIT);
        return a.duration("timeout", ctx.waitOptions().timeout());
    }

    static WaitOptions waitOptions(DslContext ctx, Map<String, ?> options) {
        return ctx.waitOptions().withTimeout(timeout(ctx, options));
    }

    // ---- failure handling ----

    /**
     * Registers what to do if this block fails: inside {@code node(id) { }} (then the error is
     * rethrown and the script fails) or a rollout's body (then the node counts as failed).
     * Declare it first, like the {@code catch} of a {@code try}: it covers what follows it.
     * <pre>{@code onFailure { node, error -> redeploy version: 41; waitDone() }}</pre>
     */
    public void onFailure(@DelegatesTo(value = NodeHandle.class, strategy = Closure.DELEGATE_FIRST)
                          @ClosureParams(value = FromString.class, options = {"acs.dsl.NodeHandle,java.lang.Throwable", "java.lang.Throwable"})
                          Closure<?> handler) {
        if (handler == null) throw new InvalidInputException("onFailure", "needs a closure: onFailure { node, error -> ... }");
        failureHandlers.add(handler);
    }

    /** Runs a block with this handle as its delegate (no failure handling: see {@link #runBlock}). */
    <R> R within(Closure<R> block) {
        failureHandlers.clear();
        return Closures.delegateTo(this, block);
    }

    /** A node block: on failure, the block's onFailure handlers run, then the error goes on. */
    void runBlock(Closure<?> block) {
        try {
            within(block);
        } catch (Throwable t) {
            handleFailure(t);
            throw Closures.rethrow(t);
        }
    }

    /** Runs the registered onFailure handlers; an error of a handler is added to {@code error} as suppressed. */
    void handleFailure(Throwable error) {
        if (failureHandlers.isEmpty()) return;
        ctx.echo("acs: " + this + ": failed; running onFailure");
        for (Closure<?> h : failureHandlers) {
            try {
                Closures.delegateTo(this, h, this, error);
            } catch (Throwable e) {
                ctx.echo("acs: " + this + ": onFailure failed too: " + e.getMessage());
                if (e != error) error.addSuppressed(e);
            }
        }
    }

    /** {@code node 610474 (正式环境)}, the name once it is known. */
    @Override public String toString() {
        String name = knownName;
        return "node " + id + (name.isEmpty() ? "" : " (" + name + ")");
    }
}
