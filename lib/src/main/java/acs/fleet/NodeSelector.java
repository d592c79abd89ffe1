package acs.fleet;

import acs.Checks;
import acs.InvalidInputException;
import acs.Node;
import acs.NodeStatus;
import acs.client.AcsClient;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which nodes an operation runs on: explicit ids, every node, or nodes of a service, in a status,
 * with a name matching a regular expression. Criteria combine as an intersection; explicit ids
 * alone need no listing, anything else streams the node list once ({@link AcsClient#forEachNode}),
 * so selecting among 100,000 nodes keeps only the chosen ids.
 * <pre>{@code
 * List<Long> ids = NodeSelector.all().withService(20001L).withStatus(NodeStatus.RUNNING).withName("线上.*").select(acs);
 * }</pre>
 */
public record NodeSelector(List<Long> ids, boolean everyNode, Long serviceId, NodeStatus status, Pattern name) {
    public NodeSelector {
        ids = ids == null ? List.of() : List.copyOf(new LinkedHashSet<>(ids));
        for (long id : ids) Checks.positive("node_id", id);
    }

    public static NodeSelector ids(List<Long> ids) { return new NodeSelector(ids, false, null, null, null); }
    public static NodeSelector all() { return new NodeSelector(List.of(), true, null, null, null); }

    public NodeSelector withService(Long id) {
        if (id != null) Checks.positive("service_id", id);
        return new NodeSelector(ids, everyNode, id, status, name);
    }
    public NodeSelector withStatus(NodeStatus s) { return new NodeSelector(ids, everyNode, serviceId, s, name); }

    /** Nodes whose name contains a match of the regular expression (anchor it with ^…$ for a whole match). */
    public NodeSelector withName(String regex) {
        if (regex == null) return new NodeSelector(ids, everyNode, serviceId, status, null);
        try {
            return new NodeSelector(ids, everyNode, serviceId, status, Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            throw new InvalidInputException("--name", "'" + regex + "' is not a regular expression: " + e.getDescription());
        }
    }

    /** Filters other than explicit ids: they need the node list. */
    public boolean filters() {
        return serviceId != null || status != null || name != null;
    }

    /** Nothing chosen at all (no ids, no --all, no filter): a usage error for a fleet command. */
    public boolean empty() {
        return ids.isEmpty() && !everyNode && !filters();
    }

    public boolean matches(Node n) {
        return (ids.isEmpty() || ids.contains(n.id()))
                && (serviceId == null || n.serviceId() == serviceId)
                && (status == null || n.status() == status)
                && (name == null || name.matcher(n.name()).find());
    }

    /**
     * The selected node ids: the explicit ids as given when there is nothing else to check, else
     * the matching nodes in the server's order.
     */
    public List<Long> select(AcsClient client) {
        if (empty()) throw new InvalidInputException("NODE_ID", "give node ids, --all, --service, --status or --name");
        if (!everyNode && !filters()) return ids;
        Set<Long> wanted = ids.isEmpty() ? null : Set.copyOf(ids);
        List<Long> out = new ArrayList<>();
        client.forEachNode(n -> {
            if ((wanted == null || wanted.contains(n.id())) && matches(n)) out.add(n.id());
        });
        return out;
    }
}
