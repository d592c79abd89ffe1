package acs.sim;

import acs.Node;
import acs.Service;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Consumer;

/**
 * How to run a {@link Simulator}. Start from {@link #defaults()} and change what you need:
 * <pre>{@code
 * Simulator.start(SimConfig.defaults().withPort(8080).withStateFile(Path.of("sim.json")).withExtraNodes(1000));
 * }</pre>
 *
 * <p>Where the initial state comes from, first that applies:
 * <ol>
 *   <li>{@code stateFile}, when it exists (a corrupt file is an error, never an empty start);</li>
 *   <li>{@code initialState} ({@link #withSnapshot}, {@link #withInitialState}), copied;</li>
 *   <li>the demo seed of the documents when {@code seedDemo}, plus {@code extraNodes} generated
 *       nodes (2 containers each, over a handful of generated services).</li>
 * </ol>
 *
 * @param host            address to bind (127.0.0.1 by default: the simulator is for this machine)
 * @param port            port to bind; 0 picks a free one ({@link Simulator#port()} tells which)
 * @param keys            accepted key pairs; the first is the one {@link Simulator#client()} uses
 * @param stateFile       where state is loaded from and saved to; null = in memory only
 * @param seedDemo        start from the demo seed (services 12209 and 11982, nodes 610474 and 610247)
 * @param extraNodes      generated nodes added to the seed (ids above the demo ids)
 * @param commandDuration how long a command takes from creation to DONE
 * @param timestampWindow how far a request's timestamp may be from the server clock (else 1004)
 * @param accessLogSink   receives one access-log line per request; null = none
 * @param initialState    the state to start from instead of the seed (see above); null = seed
 * @param clock           the simulator's time: command progress, the timestamp window, the access
 *                        log; null = the system clock. A test passes one it moves, e.g.
 *                        {@code withClock(now::get)} over an {@code AtomicReference<Instant>}
 */
public record SimConfig(String host, int port, List<KeyPair> keys, Path stateFile, boolean seedDemo,
                        int extraNodes, Duration commandDuration, Duration timestampWindow,
                        Consumer<String> accessLogSink, SimState initialState, InstantSource clock) {

    public SimConfig {
        host = host == null || host.isBlank() ? "127.0.0.1" : host;
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535: " + port);
        keys = keys == null || keys.isEmpty() ? List.of(KeyPair.DEMO) : List.copyOf(keys);
        if (extraNodes < 0) throw new IllegalArgumentException("extraNodes must not be negative: " + extraNodes);
        commandDuration = commandDuration == null ? Duration.ofMillis(300) : commandDuration;
        if (commandDuration.isNegative()) throw new IllegalArgumentException("commandDuration must not be negative");
        timestampWindow = timestampWindow == null ? Duration.ofMinutes(15) : timestampWindow;
        if (timestampWindow.isNegative()) throw new IllegalArgumentException("timestampWindow must not be negative");
        clock = clock == null ? InstantSource.system() : clock;
    }

    /** The ten components before the clock; the system clock. */
    public SimConfig(String host, int port, List<KeyPair> keys, Path stateFile, boolean seedDemo,
                     int extraNodes, Duration commandDuration, Duration timestampWindow,
                     Consumer<String> accessLogSink, SimState initialState) {
        this(host, port, keys, stateFile, seedDemo, extraNodes, commandDuration, timestampWindow, accessLogSink, initialState, null);
    }

    /** The documented nine components; no initial state (the seed, or the state file). */
    public SimConfig(String host, int port, List<KeyPair> keys, Path stateFile, boolean seedDemo,
                     int extraNodes, Duration commandDuration, Duration timestampWindow,
                     Consumer<String> accessLogSink) {
        this(host, port, keys, stateFile, seedDemo, extraNodes, commandDuration, timestampWindow, accessLogSink, null, null);
    }

    /** 127.0.0.1, a free port, the demo key, no state file, the demo seed, no extra nodes, 300 ms commands, ±15 min, no sink. */
    public static SimConfig defaults() {
        return new SimConfig("127.0.0.1", 0, List.of(KeyPair.DEMO), null, true, 0,
                Duration.ofMillis(300), Duration.ofMinutes(15), null, null, null);
    }

    public SimConfig withHost(String h) { return new SimConfig(h, port, keys, stateFile, seedDemo, extraNodes, commandDuration, timestampWindow, accessLogSink, initialState, clock); }
    public SimConfig withPort(int p) { return new SimConfig(host, p, keys, stateFile, seedDemo, extraNodes, commandDuration, timestampWindow, accessLogSink, initialState, clock); }
    public SimConfig withKeys(List<KeyPair> k) { return new SimConfig(host, port, k, stateFile, seedDemo, extraNodes, commandDuration, timestampWindow, accessLogSink, initialState, clock); }
    public SimConfig withKeys(KeyPair... k) { return withKeys(List.of(k)); }
    public SimConfig withStateFile(Path f) { return new SimConfig(host, port, keys, f, seedDemo, extraNodes, commandDuration, timestampWindow, accessLogSink, initialState, clock); }
    public SimConfig withSeedDemo(boolean s) { return new SimConfig(host, port, keys, stateFile, s, extraNodes, commandDuration, timestampWindow, accessLogSink, initialState, clock); }
    public SimConfig withExtraNodes(int n) { return new SimConfig(host, port, keys, stateFile, seedDemo, n, commandDuration, timestampWindow, accessLogSink, initialState, clock); }
    public SimConfig withCommandDuration(Duration d) { return new SimConfig(host, port, keys, stateFile, seedDemo, extraNodes, d, timestampWindow, accessLogSink, initialState, clock); }
    public SimConfig withTimestampWindow(Duration w) { return new SimConfig(host, port, keys, stateFile, seedDemo, extraNodes, commandDuration, w, accessLogSink, initialState, clock); }
    public SimConfig withAccessLogSink(Consumer<String> s) { return new SimConfig(host, port, keys, stateFile, seedDemo, extraNodes, commandDuration, timestampWindow, s, initialState, clock); }

    /**
     * Starts from this state instead of the demo seed (it is copied at start, so one config can
     * start several simulators). {@code extraNodes} is ignored then; a state file that exists still wins.
     */
    public SimConfig withInitialState(SimState state) {
        return new SimConfig(host, port, keys, stateFile, seedDemo, extraNodes, commandDuration, timestampWindow, accessLogSink, state, clock);
    }

    /** Runs on this clock instead of the system clock (see {@link #clock()}). */
    public SimConfig withClock(InstantSource c) { return new SimConfig(host, port, keys, stateFile, seedDemo, extraNodes, commandDuration, timestampWindow, accessLogSink, initialState, c); }

    /**
     * Starts from these lib models instead of the demo seed, e.g. services and nodes read from a
     * real endpoint for a rehearsal ({@code --rehearse}): see {@link SimState#of(List, List)} for
     * how they are combined (nodes inside {@code services} count too; hosts and images are derived).
     */
    public SimConfig withSnapshot(List<Service> services, List<Node> nodes) {
        return withInitialState(SimState.of(services, nodes));
    }

    /** {@code defaults().withSnapshot(services, nodes)}: a simulator seeded from these lib models. */
    public static SimConfig ofSnapshot(List<Service> services, List<Node> nodes) {
        return defaults().withSnapshot(services, nodes);
    }

    @Override public String toString() {
        return "SimConfig[host=" + host + ", port=" + port + ", keys=" + keys.stream().map(KeyPair::accessKey).toList()
                + ", stateFile=" + stateFile + ", seedDemo=" + seedDemo + ", extraNodes=" + extraNodes
                + ", commandDuration=" + commandDuration + ", timestampWindow=" + timestampWindow
                + ", accessLogSink=" + (accessLogSink != null) + ", initialState=" + (initialState != null)
                + ", clock=" + (clock.equals(InstantSource.system()) ? "system" : clock) + "]";
    }
}
