package acs;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One API operation, before signing: what it is ({@link Operation}) and what it acts on
 * ({@link Target}), its HTTP method, path, business parameters and the type of {@code data}.
 * The static factories are the only place paths are written (API.md §5); everyone else reads
 * {@link #operation()} and {@link #target()}. {@link AcsClient} sends them, {@code --dry-run} prints them.
 */
public record ApiCall<T>(Operation operation, Target target, String method, String path, Map<String, String> params, JavaType dataType) {
    public ApiCall {
        // keep the caller's order: --dry-run and traces print parameters as they were given
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** A call made by hand: an {@link Operation#OTHER} with no known target. */
    public ApiCall(String method, String path, Map<String, String> params, JavaType dataType) {
        this(Operation.OTHER, Target.NONE, method, path, params, dataType);
    }

    /** POST and DELETE change state; GET does not. */
    public boolean mutating() {
        return !method.equals("GET");
    }

    /** The CLI's name of this operation ({@code node-deploy}, {@code container-stop}, …), as journals record it; method and path for a call made by hand. */
    public String operationName() {
        return operation == Operation.OTHER ? method + " " + path : operation.cliName();
    }

    public static ApiCall<List<Node>> nodes() { return get(Operation.NODE_LIST, Target.NONE, "/api/v1/node", list(Node.class)); }
    public static ApiCall<Node> node(long nodeId) { return get(Operation.NODE_GET, Target.node(nodeId), nodePath(nodeId), one(Node.class)); }

    public static ApiCall<Command> uploadStart(long nodeId, UploadStart p) { return change(Operation.NODE_DEPLOY, nodeId, p.params()); }
    public static ApiCall<Command> historyStart(long nodeId, HistoryStart p) { return change(Operation.NODE_REDEPLOY, nodeId, p.params()); }
    public static ApiCall<Command> start(long nodeId, NodeStart p) { return change(Operation.NODE_START, nodeId, p.params()); }

    /** Stops a node; {@code method} may be null (server default PARALLEL). */
    public static ApiCall<Command> stop(long nodeId, DeployMethod method) {
        Map<String, String> p = new LinkedHashMap<>();
        if (method != null) Params.putIf(p, "method", Checks.method(method));
        return change(Operation.NODE_STOP, nodeId, p);
    }

    public static ApiCall<Command> delete(long nodeId) { return change(Operation.NODE_DELETE, nodeId, Map.of()); }

    public static ApiCall<Command> command(String commandId) {
        return get(Operation.COMMAND_GET, new Target(Target.Kind.COMMAND, Checks.commandId(commandId)), "/api/v1/command/" + commandId, one(Command.class));
    }

    public static ApiCall<List<Service>> services() { return get(Operation.SERVICE_LIST, Target.NONE, "/api/v1/service", list(Service.class)); }
    public static ApiCall<Service> service(long id) {
        return get(Operation.SERVICE_GET, new Target(Target.Kind.SERVICE, Long.toString(Checks.positive("service_id", id))), "/api/v1/service/" + id, one(Service.class));
    }
    public static ApiCall<List<Container>> containers() { return get(Operation.CONTAINER_LIST, Target.NONE, "/api/v1/container", list(Container.class)); }
    public static ApiCall<Container> container(long id) { return get(Operation.CONTAINER_GET, Target.container(id), containerPath(id), one(Container.class)); }
    public static ApiCall<Command> containerStart(long id) { return change(Operation.CONTAINER_START, id, Map.of()); }
    public static ApiCall<Command> containerStop(long id) { return change(Operation.CONTAINER_STOP, id, Map.of()); }
    public static ApiCall<List<Image>> images() { return get(Operation.IMAGE_LIST, Target.NONE, "/api/v1/image", list(Image.class)); }
    public static ApiCall<List<Host>> hosts() { return get(Operation.HOST_LIST, Target.NONE, "/api/v1/host", list(Host.class)); }
    public static ApiCall<Host> host(long id) {
        return get(Operation.HOST_GET, new Target(Target.Kind.HOST, Long.toString(Checks.positive("host_id", id))), "/api/v1/host/" + id, one(Host.class));
    }

    /** The change {@code op} makes to node or container {@code id}: the one place a change's path is written. */
    static ApiCall<Command> change(Operation op, long id, Map<String, String> params) {
        String path = switch (op) {
            case NODE_DEPLOY -> nodePath(id) + "/uploadStart";
            case NODE_REDEPLOY -> nodePath(id) + "/historyStart";
            case NODE_START -> nodePath(id) + "/start";
            case NODE_STOP -> nodePath(id) + "/stop";
            case NODE_DELETE -> nodePath(id);
            case CONTAINER_START -> containerPath(id) + "/start";
            case CONTAINER_STOP -> containerPath(id) + "/stop";
            default -> throw new IllegalArgumentException(op + " is not a change");
        };
        Target target = op.name().startsWith("NODE") ? Target.node(id) : Target.container(id);
        return new ApiCall<>(op, target, op == Operation.NODE_DELETE ? "DELETE" : "POST", path, params, one(Command.class));
    }

    private static String nodePath(long nodeId) { return "/api/v1/node/" + Checks.positive("node_id", nodeId); }
    private static String containerPath(long id) { return "/api/v1/container/" + Checks.positive("container_id", id); }

    private static <T> ApiCall<T> get(Operation op, Target target, String path, JavaType type) {
        return new ApiCall<>(op, target, "GET", path, Map.of(), type);
    }

    private static JavaType one(Class<?> c) { return TypeFactory.defaultInstance().constructType(c); }
    private static JavaType list(Class<?> c) { return TypeFactory.defaultInstance().constructCollectionType(List.class, c); }
}
