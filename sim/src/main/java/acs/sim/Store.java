package acs.sim;

import acs.Command;
import acs.Container;
import acs.DeployMethod;
import acs.Host;
import acs.Image;
import acs.Node;
import acs.NodeStatus;
import acs.Service;
import acs.sim.http.ApiError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongFunction;

/**
 * The simulator's data and the API's rules over it: services → nodes → containers (on hosts),
 * images, commands and each node's package versions; what a key may see (1006), what exists
 * (1005), one command at a time per node (1007). Thread-safe: one lock, held only to look up,
 * update and build the (immutable) lib models of an answer; JSON is written outside it.
 *
 * <p>Commands are stored as what was asked and when ({@link CommandRecord}); their progress, and
 * the node's and containers' states while they run, follow from the time each method is given
 * ({@link Timeline}). A command's final effect is folded into the stored node the first time
 * anything looks at the node or the command after it ended (and on every listing).
 */
final class Store {
    private final Map<Long, Service> services = new LinkedHashMap<>();      // nodes always empty here
    private final Map<Long, Set<Long>> serviceNodes = new HashMap<>();
    private final Map<Long, Node> nodes = new LinkedHashMap<>();            // as of the last applied command
    private final Map<Long, Long> containerNode = new HashMap<>();
    private final Map<Long, Host> hosts = new LinkedHashMap<>();
    private final List<Image> images = new ArrayList<>();
    private final Map<String, CommandRecord> commands = new LinkedHashMap<>();
    private final Map<Long, CommandRecord> active = new HashMap<>();        // node id → its unfinished command
    private final Map<Long, List<PackageVersion>> versions = new HashMap<>();
    /** Nodes copied from a real endpoint, whose package versions cannot be listed: historyStart accepts any. */
    private final Set<Long> versionsUnknown = new HashSet<>();
    private long nextContainerId = 1;

    // ---- building (single-threaded, before the store is shared) ----

    void addService(Service sv) {
        services.put(sv.id(), new Service(sv.id(), sv.name(), sv.imageName(), sv.createTime(), sv.regionDisplay(), List.of()));
        serviceNodes.computeIfAbsent(sv.id(), k -> new LinkedHashSet<>());
    }

    boolean hasService(long id) { return services.containsKey(id); }

    List<String> serviceImageNames() { return services.values().stream().map(Service::imageName).toList(); }

    void addNode(Node n) {
        Node old = nodes.put(n.id(), n);
        if (old != null) {
            serviceNodes.getOrDefault(old.serviceId(), new LinkedHashSet<>()).remove(n.id());
            for (Container c : old.containers()) containerNode.remove(c.id());
        }
        serviceNodes.computeIfAbsent(n.serviceId(), k -> new LinkedHashSet<>()).add(n.id());
        for (Container c : n.containers()) containerNode.put(c.id(), n.id());
    }

    void addHost(Host h) { hosts.put(h.id(), h); }

    boolean hasHost(long id) { return hosts.containsKey(id); }

    void addImage(Image i) { images.add(i); }

    void versionsUnknown(long nodeId) { versionsUnknown.add(nodeId); }

    /** Container ids go on after the highest one in use. */
    void fixNextId() {
        for (long id : containerNode.keySet()) nextContainerId = Math.max(nextContainerId, id + 1);
    }

    // ---- snapshots ----

    /** A consistent copy of the stored state (cheap: the models are immutable). */
    synchronized StateFile snapshot() {
        List<String> act = new ArrayList<>();
        for (CommandRecord c : active.values()) act.add(c.commandId());
        Map<Long, List<PackageVersion>> v = new LinkedHashMap<>();
        versions.forEach((k, l) -> v.put(k, List.copyOf(l)));
        return new StateFile(StateFile.FORMAT, nextContainerId, new ArrayList<>(services.values()), new ArrayList<>(nodes.values()),
                new ArrayList<>(hosts.values()), List.copyOf(images), new ArrayList<>(commands.values()), act, v,
                new ArrayList<>(versionsUnknown));
    }

    /** The store a snapshot describes; an inconsistent one is an {@link IllegalStateException}. */
    static Store restore(StateFile f) {
        Store s = Seed.fromModels(orEmpty(f.services()), orEmpty(f.nodes()), orEmpty(f.hosts()), orEmpty(f.images()));
        if (orEmpty(f.images()).isEmpty()) s.images.clear();
        for (CommandRecord c : orEmpty(f.commands())) s.commands.put(c.commandId(), c);
        for (String id : orEmpty(f.activeCommands())) {
            CommandRecord c = s.commands.get(id);
            if (c == null) throw new IllegalStateException("active command " + id + " is not among the commands");
            s.active.put(c.nodeId(), c);
            for (Long n : c.newIds()) s.containerNode.put(n, c.nodeId());
        }
        if (f.versions() != null) f.versions().forEach((k, v) -> s.versions.put(k, new ArrayList<>(v)));
        s.versionsUnknown.clear();
        s.versionsUnknown.addAll(orEmpty(f.versionsUnknown()));
        s.nextContainerId = Math.max(s.nextContainerId, f.nextContainerId());
        s.fixNextId();
        return s;
    }

    private static <T> List<T> orEmpty(List<T> l) { return l == null ? List.of() : l; }

    // ---- time ----

    /** Folds the command of this node into the stored state if it has ended by {@code now}. */
    private void advance(long nodeId, long now) {
        CommandRecord c = active.get(nodeId);
        if (c == null) return;
        Timeline tl = new Timeline(c);
        if (!tl.terminal(now)) return;
        active.remove(nodeId);
        Node base = nodes.get(nodeId);
        if (base == null) return;
        for (Container old : base.containers()) containerNode.remove(old.id());
        for (Long id : c.newIds()) containerNode.remove(id);
        if (c.kind() == CommandRecord.Kind.DELETE && tl.succeeded()) {
            nodes.remove(nodeId);
            Set<Long> siblings = serviceNodes.get(base.serviceId());
            if (siblings != null) siblings.remove(nodeId);
            versions.remove(nodeId);
            return;
        }
        Node after = tl.node(base, tl.endTime());
        nodes.put(nodeId, after);
        for (Container nc : after.containers()) containerNode.put(nc.id(), nodeId);
        if (c.kind() == CommandRecord.Kind.DEPLOY && tl.succeeded()) {
            List<PackageVersion> vs = versions.computeIfAbsent(nodeId, k -> new ArrayList<>());
            vs.add(new PackageVersion(vs.size() + 1, c.url(), c.comment(), Timeline.time(c.createdAt())));
        }
    }

    private void advanceAll(long now) {
        if (active.isEmpty()) return;
        for (Long nodeId : new ArrayList<>(active.keySet())) advance(nodeId, now);
    }

    /** The node as the API shows it at {@code now} (after {@link #advance}). */
    private Node view(Node base, long now) {
        CommandRecord c = active.get(base.id());
        return c == null ? base : new Timeline(c).node(base, now);
    }

    // ---- reads (a null key sees everything) ----

    synchronized List<Node> nodes(KeyPair key, long now) {
        advanceAll(now);
        List<Node> out = new ArrayList<>(nodes.size());
        for (Node n : nodes.values()) {
            if (key == null || key.permits(n.serviceId())) out.add(view(n, now));
        }
        return out;
    }

    synchronized Node node(KeyPair key, long nodeId, long now) {
        advance(nodeId, now);
        Node n = nodes.get(nodeId);
        if (n == null) throw ApiError.notFound("node " + nodeId + " does not exist");
        permit(key, n.serviceId(), "node " + nodeId);
        return view(n, now);
    }

    synchronized List<Service> services(KeyPair key, long now) {
        advanceAll(now);
        List<Service> out = new ArrayList<>();
        for (Service s : services.values()) {
            if (key == null || key.permits(s.id())) out.add(withNodes(s, now));
        }
        return out;
    }

    synchronized Service service(KeyPair key, long id, long now) {
        advanceAll(now);
        Service s = services.get(id);
        if (s == null) throw ApiError.notFound("service " + id + " does not exist");
        permit(key, id, "service " + id);
        return withNodes(s, now);
    }

    private Service withNodes(Service s, long now) {
        List<Node> ns = new ArrayList<>();
        for (Long id : serviceNodes.getOrDefault(s.id(), Set.of())) {
            Node n = nodes.get(id);
            if (n != null) ns.add(view(n, now));
        }
        return new Service(s.id(), s.name(), s.imageName(), s.createTime(), s.regionDisplay(), ns);
    }

    synchronized List<Container> containers(KeyPair key, long now) {
        advanceAll(now);
        List<Container> out = new ArrayList<>();
        for (Node n : nodes.values()) {
            if (key == null || key.permits(n.serviceId())) out.addAll(view(n, now).containers());
        }
        return out;
    }

    synchronized Container container(KeyPair key, long id, long now) {
        Node n = nodeOfContainer(id, now);
        Container found = n == null ? null : find(view(n, now), id);
        if (found == null) throw ApiError.notFound("container " + id + " does not exist");
        permit(key, n.serviceId(), "container " + id);
        return found;
    }

    /** The stored node that holds this container at {@code now}, or null. */
    private Node nodeOfContainer(long containerId, long now) {
        Long nodeId = containerNode.get(containerId);
        if (nodeId != null) advance(nodeId, now);
        nodeId = containerNode.get(containerId);
        return nodeId == null ? null : nodes.get(nodeId);
    }

    private static Container find(Node n, long containerId) {
        for (Container c : n.containers()) if (c.id() == containerId) return c;
        return null;
    }

    synchronized Command command(KeyPair key, String id, long now) {
        CommandRecord c = commands.get(id);
        if (c == null) throw ApiError.notFound("command " + id + " does not exist");
        permit(key, c.serviceId(), "command " + id);
        advance(c.nodeId(), now);
        return new Timeline(c).command(now);
    }

    /** Every command, oldest first. */
    synchronized List<Command> commands(long now) {
        advanceAll(now);
        List<Command> out = new ArrayList<>();
        for (CommandRecord c : commands.values()) out.add(new Timeline(c).command(now));
        return out;
    }

    synchronized List<String> commandIds(long nodeId) {
        List<String> out = new ArrayList<>();
        for (CommandRecord c : commands.values()) if (c.nodeId() == nodeId) out.add(c.commandId());
        return out;
    }

    synchronized List<PackageVersion> versions(long nodeId) { return List.copyOf(versions.getOrDefault(nodeId, List.of())); }

    synchronized int nodeCount() { return nodes.size(); }

    /** The images: the same for every key. */
    synchronized List<Image> images() { return List.copyOf(images); }

    /** The hosts: the same for every key, as hosts belong to no service. */
    synchronized List<Host> hosts() { return new ArrayList<>(hosts.values()); }

    synchronized Host host(long id) {
        Host h = hosts.get(id);
        if (h == null) throw ApiError.notFound("host " + id + " does not exist");
        return h;
    }

    private static void permit(KeyPair key, long serviceId, String what) {
        if (key != null && !key.permits(serviceId)) {
            throw ApiError.denied("this access key may not touch " + what + " (service " + serviceId + ")");
        }
    }

    // ---- commands ----

    /** What a node command asks for (checked by its handler). */
    record Request(CommandRecord.Kind kind, DeployMethod method, boolean update, String url, String comment,
                   String version, String imageName) {}

    /** Creates a command on a node; 1005 / 1006 / 1007 as the node's state requires. */
    synchronized Command nodeCommand(KeyPair key, long nodeId, Request r, LongFunction<CommandPlan> plans, long now) {
        advance(nodeId, now);
        Node n = nodes.get(nodeId);
        if (n == null) throw ApiError.notFound("node " + nodeId + " does not exist");
        permit(key, n.serviceId(), "node " + nodeId);
        requireIdle(n, now);
        if (r.kind() == CommandRecord.Kind.HISTORY) {
            boolean known = versions.getOrDefault(nodeId, List.of()).stream()
                    .anyMatch(v -> Integer.toString(v.version()).equals(r.version()));
            if (!known && !versionsUnknown.contains(nodeId)) {
                throw ApiError.notFound("node " + nodeId + " has no package version " + r.version());
            }
        }
        List<Long> targets = new ArrayList<>();
        for (Container c : n.containers()) targets.add(c.id());
        List<Long> newIds = new ArrayList<>();
        if (r.update() && r.kind().starts) {
            for (int i = 0; i < targets.size(); i++) newIds.add(nextContainerId++);
        }
        CommandPlan plan = plans.apply(nodeId);
        return create(new CommandRecord(UUID.randomUUID().toString(), r.kind(), nodeId, n.serviceId(), targets, newIds,
                r.method(), r.update() && r.kind().starts, now, plan.durationMillis(), plan.fault(),
                r.url(), r.comment(), r.version(), r.imageName(), plan.failStep()), now);
    }

    /** Starts or stops one container (one command at a time per node still applies). */
    synchronized Command containerCommand(KeyPair key, long containerId, boolean start, LongFunction<CommandPlan> plans,
                                          long now) {
        Node n = nodeOfContainer(containerId, now);
        if (n == null || find(view(n, now), containerId) == null) {
            throw ApiError.notFound("container " + containerId + " does not exist");
        }
        permit(key, n.serviceId(), "container " + containerId);
        requireIdle(n, now);
        CommandPlan plan = plans.apply(n.id());
        return create(new CommandRecord(UUID.randomUUID().toString(),
                start ? CommandRecord.Kind.CONTAINER_START : CommandRecord.Kind.CONTAINER_STOP, n.id(), n.serviceId(),
                List.of(containerId), List.of(), DeployMethod.PARALLEL, false, now, plan.durationMillis(), plan.fault(),
                "", "", "", "", plan.failStep()), now);
    }

    private void requireIdle(Node n, long now) {
        CommandRecord busy = active.get(n.id());
        if (busy != null) {
            throw ApiError.status("node " + n.id() + " is busy: command " + busy.commandId() + " (" + busy.kind().wire
                    + ") is " + new Timeline(busy).status(now) + "; wait for it to end");
        }
        if (n.status() == NodeStatus.DELETING) throw ApiError.status("node " + n.id() + " is being deleted");
    }

    private Command create(CommandRecord c, long now) {
        commands.put(c.commandId(), c);
        active.put(c.nodeId(), c);
        for (Long id : c.newIds()) containerNode.put(id, c.nodeId());
        return new Timeline(c).command(now);
    }
}
