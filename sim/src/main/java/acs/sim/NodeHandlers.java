package acs.sim;

import acs.DeployMethod;
import acs.ErrorCode;
import acs.sim.http.ApiError;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** The node endpoints: reading nodes, and the commands that deploy, start, stop and delete one. */
final class NodeHandlers {
    private NodeHandlers() {}

    static Object list(Call c) {
        return c.store().nodes(c.key(), c.now());
    }

    static Object get(Call c) {
        return c.store().node(c.key(), c.id("node_id"), c.now());
    }

    static Object delete(Call c) {
        return command(c, c.id("node_id"), new Store.Request(CommandRecord.Kind.DELETE, DeployMethod.PARALLEL, false, "", "", "", ""));
    }

    static Object uploadStart(Call c) {
        long id = c.id("node_id");
        String url = c.required("url");
        if (!isHttpUrl(url)) throw ApiError.param("url must be an http:// or https:// URL: '" + url + "'");
        return command(c, id, new Store.Request(CommandRecord.Kind.DEPLOY, c.method(), c.update(),
                url.trim(), c.param("comment", ""), "", ""));
    }

    static Object historyStart(Call c) {
        long id = c.id("node_id");
        String version = c.required("version").trim();
        return command(c, id, new Store.Request(CommandRecord.Kind.HISTORY, c.method(), c.update(), "", "", version, ""));
    }

    /** An image to start with is given whole or not at all: {@code imageName} and {@code imageTag} together. */
    static Object start(Call c) {
        long id = c.id("node_id");
        String name = c.param("imageName", "").trim();
        String tag = c.param("imageTag", "").trim();
        if (name.isEmpty() != tag.isEmpty()) {
            throw new ApiError(ErrorCode.PARAM_REQUIRED, (name.isEmpty() ? "imageName" : "imageTag")
                    + " is required together with " + (name.isEmpty() ? "imageTag" : "imageName"));
        }
        return command(c, id, new Store.Request(CommandRecord.Kind.START, c.method(), c.update(),
                "", "", "", name.isEmpty() ? "" : name + ":" + tag));
    }

    static Object stop(Call c) {
        return command(c, c.id("node_id"), new Store.Request(CommandRecord.Kind.STOP, c.method(), false, "", "", "", ""));
    }

    private static Object command(Call c, long nodeId, Store.Request r) {
        return c.store().nodeCommand(c.key(), nodeId, r, c.plans(), c.now());
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI u = new URI(url.trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
