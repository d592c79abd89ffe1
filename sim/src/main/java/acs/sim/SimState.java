package acs.sim;

import acs.ApiTime;
import acs.Command;
import acs.Container;
import acs.ContainerStatus;
import acs.DeployMethod;
import acs.Host;
import acs.Image;
import acs.Json;
import acs.Node;
import acs.NodeStatus;
import acs.Service;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongFunction;

/**
 * The whole state of a simulator: services → nodes → containers (on hosts), images, commands
 * and the package versions of each node. Thread-safe: one lock, held only to look up, update
 * and build the (immutable) lib models of an answer; JSON is written outside it.
 *
 * <p><b>Commands</b> are stored as what was asked and when ({@link CommandRecord}); their
 * progress, and the node's and containers' states while they run, are derived from the
 * wall clock ({@link Timeline}). A command's final effect is folded into the stored node the
 * first time anything looks at the node or the command after it ended (and on every listing).
 *
 * <p><b>Snapshots.</b> {@link #toJson()} / {@link #fromJson(String)} / {@link #load(Path)} are
 * the state-file format ({@code "format": "acs-sim-state/1"}); {@link #of(List, List)} builds
 * a state from lib models, e.g. services and nodes read from a real endpoint, so a rehearsal
 * runs against a copy of production:
 * <pre>{@code
 * AcsClient prod = AcsClient.create();
 * try (Simulator sim = Simulator.start(SimConfig.defaults().withSnapshot(prod.services(), prod.nodes()))) {
 *     sim.client().uploadStart(nodeId, UploadStart.of(url));   // rehearsed, not real
 * }
 * }</pre>
 *
 * <p>The read methods here ({@link #nodes()}, {@link #command(String)}, …) show the state as
 * the API would at this moment, for any key.
 */
public final class SimState {
    static final String FORMAT = "acs-sim-state/1";

    /** The state file's shape. */
    record StateFile(String format, long nextContainerId, List<Service> services, List<Node> nodes, List<Host> hosts,
                     List<Image> images, List<CommandRecord> commands, List<String> activeCommands,
                     Map<Long, List<PackageVersion>> versions, List<Long> versionsUnknown) {}

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

    private SimState() {}

    // ---- building ----

    /** A state with nothing in it. */
    public static SimState empty() {
        return new SimState();
    }

    /** The demo seed of the documents (services 12209 and 11982, nodes 610474 and 610247, hosts 3505 and 1745, images). */
    public static SimState demo() {
        return demo(0);
    }

    /** The demo seed plus {@code extraNodes} generated nodes (see {@link Seed}). */
    public static SimState demo(int extraNodes) {
        SimState s = new SimState();
        Seed.demo(s);
        Seed.extra(s, extraNodes);
        s.fixNextId();
        return s;
    }

    /** Only {@code extraNodes} generated nodes, without the demo seed. */
    static SimState generated(int extraNodes) {
        SimState s = new SimState();
        Seed.extra(s, extraNodes);
        s.fixNextId();
        return s;
    }

    /**
     * A state made of lib models, e.g. read from a real endpoint. Nodes are taken from
     * {@code nodes} and from each service's {@code nodes} ({@code nodes} wins for the same id);
     * a node whose service is not given gets a placeholder service; hosts are made up for the
     * containers' host ids ({@code host-<id>}); images are derived from the image names in use.
     * The API cannot list a node's package versions, so historyStart on these nodes accepts any
     * version (a rehearsed {@code redeploy version: 41} plays as on the real endpoint).
     */
    public static SimState of(List<Service> services, List<Node> nodes) {
        return of(services, nodes, List.of(), List.of());
    }

    /** As {@link #of(List, List)}, with the hosts and images to serve (missing hosts are still made up). */
    public static SimState of(List<Service> services, List<Node> nodes, List<Host> hosts, List<Image> images) {
        SimState s = new SimState();
        Map<Long, Node> all = new LinkedHashMap<>();
        for (Node n : nodes == null ? List.<Node>of() : nodes) all.put(n.id(), n);
        for (Service sv : services == null ? List.<Service>of() : services) {
            for (Node n : sv.nodes()) all.putIfAbsent(n.id(), n);
        }
        for (Service sv : services == null ? List.<Service>of() : services) s.addService(sv);
        for (Host h : hosts == null ? List.<Host>of() : hosts) s.hosts.put(h.id(), h);
        for (Node n : all.values()) {
            if (!s.services.containsKey(n.serviceId())) {
                s.addService(new Service(n.serviceId(), "service-" + n.serviceId(), n.imageName(), n.createTime(), "", List.of()));
            }
            s.addNode(n);
            s.versionsUnknown.add(n.id());
            for (Container c : n.containers()) {
                s.hosts.computeIfAbsent(c.hostId(), id -> new Host(id, "host-" + id, "", "", "RUNNING", 0, 0, 0, null));
            }
        }
        if (images != null && !images.isEmpty()) {
            s.images.addAll(images);
        } else {
            Set<String> names = new LinkedHashSet<>();
            for (Service sv : s.services.values()) names.add(sv.imageName());
            for (Node n : all.values()) names.add(n.imageName());
            long id = 1;
            for (String name : names) {
                if (name.isBlank()) continue;
                int colon = name.lastIndexOf(':');
                boolean tagged = colon > name.lastIndexOf('/');
                s.images.add(new Image(id++, tagged ? name.substring(0, colon) : name, tagged ? name.substring(colon + 1) : "latest",
                        "", "", null));
            }
        }
        s.fixNextId();
        return s;
    }

    /** Reads a state file (the format {@link #toJson()} writes); a missing, unreadable or corrupt file is an error naming it. */
    public static SimState load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SimStateException("simulator state file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new SimStateException("cannot read simulator state file " + file + ": " + e.getMessage(), e);
        }
        return parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), "simulator state file " + file);
    }

    /** Reads a snapshot in the state-file format. */
    public static SimState fromJson(String json) {
        return parse(json, "simulator state");
    }

    private static SimState parse(String json, String what) {
        StateFile f;
        try {
            f = Json.MAPPER.readValue(json, StateFile.class);
        } catch (JsonProcessingException | RuntimeException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.toString();
            throw new SimStateException(what + " is corrupt (not valid JSON of format " + FORMAT + "): " + why
                    + "; fix or remove it to start from the seed", e);
        }
        if (f == null || !FORMAT.equals(f.format())) {
            throw new SimStateException(what + " is not a simulator state: expected \"format\": \"" + FORMAT + "\", found "
                    + (f == null ? "nothing" : f.format() == null ? "no format" : "\"" + f.format() + "\"")
                    + "; fix or remove it to start from the seed", null);
        }
        try {
            return restore(f);
        } catch (RuntimeException e) {
            throw new SimStateException(what + " is inconsistent: " + e.getMessage(), e);
        }
    }

    private static SimState restore(StateFile f) {
        SimState s = of(orEmpty(f.services()), orEmpty(f.nodes()), orEmpty(f.hosts()), orEmpty(f.images()));
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

    private static <T> List<T> orEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }

    /** An independent copy (what {@link SimConfig#withInitialState} starts from). */
    public SimState copy() {
        return restore(snapshot());
    }

    void addService(Service sv) {
        services.put(sv.id(), new Service(sv.id(), sv.name(), sv.imageName(), sv.createTime(), sv.regionDisplay(), List.of()));
        serviceNodes.computeIfAbsent(sv.id(), k -> new LinkedHashSet<>());
    }

    void addNode(Node n) {
        Node old = nodes.put(n.id(), n);
        if (old != null) {
            serviceNodes.getOrDefault(old.serviceId(), new LinkedHashSet<>()).remove(n.id());
            for (Container c : old.containers()) containerNode.remove(c.id());
        }
        serviceNodes.computeIfAbsent(n.serviceId(), k -> new LinkedHashSet<>()).add(n.id());
        for (Container c : n.containers()) containerNode.put(c.id(), n.id());
    }

    void addHost(Host h) {
        hosts.put(h.id(), h);
    }

    void addImage(Image i) {
        images.add(i);
    }

    private void fixNextId() {
        for (long id : containerNode.keySet()) nextContainerId = Math.max(nextContainerId, id + 1);
    }

    // ---- snapshots ----

    /** A consistent copy of the stored state (cheap: the models are immutable). */
    synchronized StateFile snapshot() {
        List<String> act = new ArrayList<>();
        for (CommandRecord c : active.values()) act.add(c.commandId());
        Map<Long, List<PackageVersion>> v = new LinkedHashMap<>();
        versions.forEach((k, l) -> v.put(k, List.copyOf(l)));
        return new StateFile(FORMAT, nextContainerId, new ArrayList<>(services.values()), new ArrayList<>(nodes.values()),
                new ArrayList<>(hosts.values()), List.copyOf(images), new ArrayList<>(commands.values()), act, v,
                new ArrayList<>(versionsUnknown));
    }

    /** The whole state in the state-file format (pretty JSON). */
    public String toJson() {
        return Json.pretty(snapshot());
    }

    static byte[] toBytes(StateFile f) {
        try {
            return Json.MAPPER.writeValueAsBytes(f);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the simulator state: " + e.getMessage(), e);
        }
    }

    /** Writes the state file atomically. */
    public void save(Path file) throws IOException {
        acs.AtomicFiles.write(file, toBytes(snapshot()), false);
    }

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

    // ---- reads for the API ----

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
        Long nodeId = containerNode.get(id);
        if (nodeId != null) advance(nodeId, now);
        nodeId = containerNode.get(id);
        Node n = nodeId == null ? null : nodes.get(nodeId);
        Container found = n == null ? null : find(view(n, now), id);
        if (found == null) throw ApiError.notFound("container " + id + " does not exist");
        permit(key, n.serviceId(), "container " + id);
        return found;
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

    /** The images (the same for every key). */
    public synchronized List<Image> images() {
        return List.copyOf(images);
    }

    /** The hosts (the same for every key: hosts belong to no service). */
    public synchronized List<Host> hosts() {
        return new ArrayList<>(hosts.values());
    }

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

    /** What a node command asks for (validated by the HTTP layer). */
    record Request(CommandRecord.Kind kind, DeployMethod method, boolean update, String url, String comment,
                   String version, String imageName) {}

    /** Creates a command on a node; 1005 / 1006 / 1007 as the node's state requires. */
    synchronized Command nodeCommand(KeyPair key, long nodeId, Request r, LongFunction<CommandPlan> plans, long now) {
        advance(nodeId, now);
        Node n = nodes.get(nodeId);
        if (n == null) throw ApiError.notFound("node " + nodeId + " does not exist");
        permit(key, n.serviceId(), "node " + nodeId);
        requireIdle(n);
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
        Long nodeId = containerNode.get(containerId);
        if (nodeId != null) advance(nodeId, now);
        nodeId = containerNode.get(containerId);
        Node n = nodeId == null ? null : nodes.get(nodeId);
        if (n == null || find(view(n, now), containerId) == null) {
            throw ApiError.notFound("container " + containerId + " does not exist");
        }
        permit(key, n.serviceId(), "container " + containerId);
        requireIdle(n);
        CommandPlan plan = plans.apply(n.id());
        return create(new CommandRecord(UUID.randomUUID().toString(),
                start ? CommandRecord.Kind.CONTAINER_START : CommandRecord.Kind.CONTAINER_STOP, n.id(), n.serviceId(),
                List.of(containerId), List.of(), DeployMethod.PARALLEL, false, now, plan.durationMillis(), plan.fault(),
                "", "", "", "", plan.failStep()), now);
    }

    private void requireIdle(Node n) {
        CommandRecord busy = active.get(n.id());
        if (busy != null) {
            throw ApiError.status("node " + n.id() + " is busy: command " + busy.commandId() + " (" + busy.kind().wire
                    + ") is " + new Timeline(busy).status(System.currentTimeMillis()) + "; wait for it to end");
        }
        if (n.status() == NodeStatus.DELETING) throw ApiError.status("node " + n.id() + " is being deleted");
    }

    private Command create(CommandRecord c, long now) {
        commands.put(c.commandId(), c);
        active.put(c.nodeId(), c);
        for (Long id : c.newIds()) containerNode.put(id, c.nodeId());
        return new Timeline(c).command(now);
    }

    // ---- reads for Java callers (any key, at this moment) ----

    /** All nodes as the API shows them now. */
    public List<Node> nodes() {
        return nodes(null, System.currentTimeMillis());
    }

    /** One node as the API shows it now, if it exists. */
    public Optional<Node> node(long nodeId) {
        try {
            return Optional.of(node(null, nodeId, System.currentTimeMillis()));
        } catch (ApiError e) {
            return Optional.empty();
        }
    }

    public List<Service> services() {
        return services(null, System.currentTimeMillis());
    }

    public List<Container> containers() {
        return containers(null, System.currentTimeMillis());
    }

    /** A command as the API shows it now, if it exists. */
    public Optional<Command> command(String commandId) {
        try {
            return Optional.of(command(null, commandId, System.currentTimeMillis()));
        } catch (ApiError e) {
            return Optional.empty();
        }
    }

    /** Every command, oldest first, as the API shows them now. */
    public synchronized List<Command> commands() {
        long now = System.currentTimeMillis();
        advanceAll(now);
        List<Command> out = new ArrayList<>();
        for (CommandRecord c : commands.values()) out.add(new Timeline(c).command(now));
        return out;
    }

    /** The ids of the commands created on this node (node and container operations), oldest first. */
    public synchronized List<String> commandIds(long nodeId) {
        List<String> out = new ArrayList<>();
        for (CommandRecord c : commands.values()) if (c.nodeId() == nodeId) out.add(c.commandId());
        return out;
    }

    /** The package versions a node recorded (uploadStart successes), oldest first. */
    public synchronized List<PackageVersion> versions(long nodeId) {
        return List.copyOf(versions.getOrDefault(nodeId, List.of()));
    }

    /** Number of nodes (cheap). */
    public synchronized int nodeCount() {
        return nodes.size();
    }

    /** A container of the seed. */
    static Container seedContainer(long id, long nodeId, ContainerStatus st, String created, String started, String stopped,
                               long hostId, int cpu, int mem, int disk) {
        return new Container(id, nodeId, st, t(created), t(started), t(stopped), hostId, cpu, mem, disk, "");
    }

    static OffsetDateTime t(String apiTime) {
        return ApiTime.parse(apiTime);
    }
}
