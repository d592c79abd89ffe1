package acs;

import java.util.Map;

/**
 * Every operation of the API, by the name of the CLI command that makes it ({@code node-deploy}).
 * Journals, runs, dry runs and messages read these fields; only {@link ApiCall} knows paths.
 */
public enum Operation {
    NODE_LIST("node-list", "list", null),
    NODE_GET("node-get", "get", null),
    NODE_DEPLOY("node-deploy", "deploy", "node_upload_start"),
    NODE_REDEPLOY("node-redeploy", "redeploy", "node_history_start"),
    NODE_START("node-start", "start", "node_start"),
    NODE_STOP("node-stop", "stop", "node_stop"),
    NODE_DELETE("node-delete", "delete", "node_delete"),
    COMMAND_GET("command-get", "get", null),
    SERVICE_LIST("service-list", "list", null),
    SERVICE_GET("service-get", "get", null),
    CONTAINER_LIST("container-list", "list", null),
    CONTAINER_GET("container-get", "get", null),
    CONTAINER_START("container-start", "start", "container_start"),
    CONTAINER_STOP("container-stop", "stop", "container_stop"),
    IMAGE_LIST("image-list", "list", null),
    HOST_LIST("host-list", "list", null),
    HOST_GET("host-get", "get", null),
    /** A call made by hand with {@code new ApiCall<>(method, path, …)}: nothing is known of it but its method and path. */
    OTHER("other", null, null);

    private final String cliName;
    private final String verb;
    private final String commandName;

    Operation(String cliName, String verb, String commandName) {
        this.cliName = cliName;
        this.verb = verb;
        this.commandName = commandName;
    }

    /** The CLI command that makes it, as journals record it: {@code node-deploy}. */
    public String cliName() { return cliName; }

    /** {@code deploy}, {@code stop}, …; null for {@link #OTHER}. */
    public String verb() { return verb; }

    /** The server's name for the command it creates (API.md §8), e.g. {@code node_upload_start}; null for reads. */
    public String commandName() { return commandName; }

    /** Whether it changes state (creates a command). */
    public boolean mutating() { return commandName != null; }

    /** The operation a CLI name (as journals and run records keep it) stands for; {@link #OTHER} when none. */
    public static Operation ofCliName(String name) {
        for (Operation o : values()) if (o != OTHER && o.cliName.equals(name)) return o;
        return OTHER;
    }

    /**
     * The change this operation makes to node or container {@code id} with these (already
     * validated, wire-form) parameters: how a resumed run rebuilds its changes.
     */
    public ApiCall<Command> call(long id, Map<String, String> params) {
        if (!mutating()) throw new InvalidInputException("operation", cliName + " is not a change to a node or container");
        return ApiCall.change(this, id, params);
    }

    /** "the deploy to node 610474", "the stop of container 7". */
    public String describe(Target target) {
        if (verb == null || target.kind() == Target.Kind.NONE) return "the " + cliName + (target.kind() == Target.Kind.NONE ? "" : " of " + target);
        boolean to = this == NODE_DEPLOY || this == NODE_REDEPLOY;
        return "the " + verb + (to ? " to " : " of ") + target;
    }

    @Override public String toString() { return cliName; }
}
