package acs;

import acs.internal.Checks;
import acs.internal.Params;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One API operation, before signing: HTTP method, path, business parameters and the type of
 * {@code data}. The static factories are the only place paths are written (API.md §5);
 * {@link AcsClient} sends them, the CLI's {@code --dry-run} prints them.
 */
public record ApiCall<T>(String method, String path, Map<String, String> params, JavaType dataType) {
    public ApiCall {
        // keep the caller's order: --dry-run and traces print parameters as they were given
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** POST and DELETE change state; GET does not. */
    public boolean mutating() {
        return !method.equals("GET");
    }

    /** The CLI's name of this operation ({@code node-deploy}, {@code container-stop}, …), as journals record it. */
    public String operationName() {
        String resource = path.startsWith("/api/v1/container") ? "container" : path.startsWith("/api/v1/node") ? "node"
                : path.startsWith("/api/v1/command") ? "command" : null;
        String verb = method.equals("DELETE") ? "delete" : path.endsWith("/uploadStart") ? "deploy" : path.endsWith("/historyStart") ? "redeploy"
                : path.endsWith("/start") ? "start" : path.endsWith("/stop") ? "stop" : method.equals("GET") ? "get" : null;
        return resource != null && verb != null ? resource + "-" + verb : method + " " + path;
    }

    public static ApiCall<List<Node>> nodes() { return get("/api/v1/node", list(Node.class)); }
    public static ApiCall<Node> node(long nodeId) { return get("/api/v1/node/" + Checks.positive("node_id", nodeId), one(Node.class)); }

    public static ApiCall<Command> uploadStart(long nodeId, UploadStart p) {
        return post(nodePath(nodeId) + "/uploadStart", p.params());
    }

    public static ApiCall<Command> historyStart(long nodeId, HistoryStart p) {
        return post(nodePath(nodeId) + "/historyStart", p.params());
    }

    public static ApiCall<Command> start(long nodeId, NodeStart p) {
        return post(nodePath(nodeId) + "/start", p.params());
    }

    /** Stops a node; {@code method} may be null (server default PARALLEL). */
    public static ApiCall<Command> stop(long nodeId, DeployMethod method) {
        Map<String, String> p = new LinkedHashMap<>();
        if (method != null) Params.putIf(p, "method", Checks.method(method));
        return post(nodePath(nodeId) + "/stop", p);
    }

    public static ApiCall<Command> delete(long nodeId) {
        return new ApiCall<>("DELETE", nodePath(nodeId), Map.of(), one(Command.class));
    }

    public static ApiCall<Command> command(String commandId) {
        return get("/api/v1/command/" + Checks.commandId(commandId), one(Command.class));
    }

    public static ApiCall<List<Service>> services() { return get("/api/v1/service", list(Service.class)); }
    public static ApiCall<Service> service(long id) { return get("/api/v1/service/" + Checks.positive("service_id", id), one(Service.class)); }
    public static ApiCall<List<Container>> containers() { return get("/api/v1/container", list(Container.class)); }
    public static ApiCall<Container> container(long id) { return get(containerPath(id), one(Container.class)); }
    public static ApiCall<Command> containerStart(long id) { return post(containerPath(id) + "/start", Map.of()); }
    public static ApiCall<Command> containerStop(long id) { return post(containerPath(id) + "/stop", Map.of()); }
    public static ApiCall<List<Image>> images() { return get("/api/v1/image", list(Image.class)); }
    public static ApiCall<List<Host>> hosts() { return get("/api/v1/host", list(Host.class)); }
    public static ApiCall<Host> host(long id) { return get("/api/v1/host/" + Checks.positive("host_id", id), one(Host.class)); }

    private static String nodePath(long nodeId) { return "/api/v1/node/" + Checks.positive("node_id", nodeId); }
    private static String containerPath(long id) { return "/api/v1/container/" + Checks.positive("container_id", id); }

    private static <T> ApiCall<T> get(String path, JavaType type) { return new ApiCall<>("GET", path, Map.of(), type); }
    private static ApiCall<Command> post(String path, Map<String, String> params) {
        return new ApiCall<>("POST", path, params, one(Command.class));
    }

    private static JavaType one(Class<?> c) { return TypeFactory.defaultInstance().constructType(c); }
    private static JavaType list(Class<?> c) { return TypeFactory.defaultInstance().constructCollectionType(List.class, c); }
}
