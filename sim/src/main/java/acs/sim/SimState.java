package acs.sim;

import acs.Command;
import acs.Container;
import acs.Host;
import acs.Image;
import acs.Node;
import acs.Service;
import acs.sim.http.ApiError;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * The whole state of a simulator as a Java caller sees it: services → nodes → containers (on
 * hosts), images, commands and the package versions of each node, read as the API would show
 * them at this moment (for any key), built from the demo seed or from lib models, and saved or
 * read in the state-file format ({@code "format": "acs-sim-state/1"}). Thread-safe.
 *
 * <p>{@link #of(List, List)} builds a state from lib models, e.g. services and nodes read from a
 * real endpoint, so a rehearsal runs against a copy of production:
 * <pre>{@code
 * AcsClient prod = AcsClient.create();
 * try (Simulator sim = Simulator.start(SimConfig.defaults().withSnapshot(prod.services(), prod.nodes()))) {
 *     sim.client().uploadStart(nodeId, UploadStart.of(url));   // rehearsed, not real
 * }
 * }</pre>
 *
 * <p>"This moment" is the clock of the simulator that serves the state ({@link SimConfig#clock()}),
 * the system clock for a state of its own.
 */
public final class SimState {
    private final Store store;
    private volatile InstantSource clock = InstantSource.system();

    private SimState(Store store) {
        this.store = store;
    }

    // ---- building ----

    /** A state with nothing in it. */
    public static SimState empty() {
        return new SimState(new Store());
    }

    /** The demo seed of the documents (services 12209 and 11982, nodes 610474 and 610247, hosts 3505 and 1745, images). */
    public static SimState demo() {
        return demo(0);
    }

    /** The demo seed plus {@code extraNodes} generated nodes (see {@link Seed}). */
    public static SimState demo(int extraNodes) {
        return new SimState(Seed.demo(extraNodes));
    }

    /** Only {@code extraNodes} generated nodes, without the demo seed. */
    static SimState generated(int extraNodes) {
        return new SimState(Seed.generated(extraNodes));
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
        return new SimState(Seed.fromModels(services, nodes, hosts, images));
    }

    /** Reads a state file (the format {@link #toJson()} writes); a missing, unreadable or corrupt file is an error naming it. */
    public static SimState load(Path file) {
        return new SimState(StateFile.read(file));
    }

    /** Reads a snapshot in the state-file format. */
    public static SimState fromJson(String json) {
        return new SimState(StateFile.parse(json, "simulator state"));
    }

    /** An independent copy (what {@link SimConfig#withInitialState} starts from). */
    public SimState copy() {
        return new SimState(Store.restore(store.snapshot()));
    }

    /** The whole state in the state-file format (pretty JSON). */
    public String toJson() {
        return store.snapshot().toJson();
    }

    /** Writes the state file atomically. */
    public void save(Path file) throws IOException {
        store.snapshot().write(file);
    }

    /** Reads from now on see this clock's time (the simulator's, which serves this state). */
    SimState withClock(InstantSource clock) {
        this.clock = clock;
        return this;
    }

    Store store() {
        return store;
    }

    private long now() {
        return clock.millis();
    }

    // ---- reads (any key, at this moment) ----

    /** All nodes as the API shows them now. */
    public List<Node> nodes() {
        return store.nodes(null, now());
    }

    /** One node as the API shows it now, if it exists. */
    public Optional<Node> node(long nodeId) {
        try {
            return Optional.of(store.node(null, nodeId, now()));
        } catch (ApiError e) {
            return Optional.empty();
        }
    }

    public List<Service> services() {
        return store.services(null, now());
    }

    public List<Container> containers() {
        return store.containers(null, now());
    }

    /** A command as the API shows it now, if it exists. */
    public Optional<Command> command(String commandId) {
        try {
            return Optional.of(store.command(null, commandId, now()));
        } catch (ApiError e) {
            return Optional.empty();
        }
    }

    /** Every command, oldest first, as the API shows them now. */
    public List<Command> commands() {
        return store.commands(now());
    }

    /** The ids of the commands created on this node (node and container operations), oldest first. */
    public List<String> commandIds(long nodeId) {
        return store.commandIds(nodeId);
    }

    /** The package versions a node recorded (uploadStart successes), oldest first. */
    public List<PackageVersion> versions(long nodeId) {
        return store.versions(nodeId);
    }

    /** Number of nodes (cheap). */
    public int nodeCount() {
        return store.nodeCount();
    }

    /** The images (the same for every key). */
    public List<Image> images() {
        return store.images();
    }

    /** The hosts (the same for every key: hosts belong to no service). */
    public List<Host> hosts() {
        return store.hosts();
    }
}
