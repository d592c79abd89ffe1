package acs.sim;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Failure scenarios on purpose, for the whole run or for chosen nodes. Thread-safe; changes
 * apply to later requests and later commands. A command's fault is fixed when it is created.
 * <pre>{@code
 * sim.faults().onNode(610474, CommandFault.START_FAILED).errorRate(0.1).latency(Duration.ofMillis(50));
 * sim.faults().network(0.3, NetworkFault.values()).stallTime(Duration.ofSeconds(1));   // 30% of requests
 * sim.faults().networkOnNode(610474, 1.0, NetworkFault.LOST_RESPONSE);                  // every request naming that node
 * sim.faults().clear();
 * }</pre>
 *
 * <p>Network faults ({@link NetworkFault}) hit a request before the other checks; a rule set on
 * a node (requests whose path is {@code /api/v1/node/{id}…}) wins over the run-wide rule, and
 * {@code networkOnNode(id, 0)} exempts that node. {@link #injected()} counts what was injected
 * since the start (not reset by {@link #clear()}), for reports such as docs/RELIABILITY.md.
 *
 * <p>Which request meets which fault is drawn from one generator; {@link #seed(long)} makes a
 * sequential run replay exactly (a concurrent one depends on the order requests arrive).
 * {@link #applyBeforeFault(boolean)} is the worst case for a client: every fault hits after a
 * POST or DELETE took effect, so a client that sends one change twice leaves two commands.
 */
public final class Faults {
    private final Map<Long, CommandFault> byNode = new ConcurrentHashMap<>();
    private final Map<Long, String> failStepByNode = new ConcurrentHashMap<>();
    private final Map<Long, Duration> durationByNode = new ConcurrentHashMap<>();
    /** node → the only command (1 = its first after the fault was set) that meets its fault. */
    private final Map<Long, Integer> onlyCommandByNode = new ConcurrentHashMap<>();
    private final Map<Long, Integer> commandsByNode = new ConcurrentHashMap<>();
    private volatile CommandFault allNodes = CommandFault.NONE;
    private volatile double errorRate;
    private volatile Duration latency = Duration.ZERO;
    private volatile NetRule network = NetRule.OFF;
    private final Map<Long, NetRule> networkByNode = new ConcurrentHashMap<>();
    private volatile Duration stallTime = Duration.ofSeconds(30);
    private volatile Duration retryAfter;
    private volatile Random random = new Random();
    private volatile boolean applyBeforeFault;
    private final Map<NetworkFault, AtomicLong> injected = new EnumMap<>(NetworkFault.class);
    private static final Pattern NODE_PATH = Pattern.compile("^/api/v1/node/([0-9]{1,18})(?:/.*)?$");

    private record NetRule(double rate, List<NetworkFault> kinds) {
        static final NetRule OFF = new NetRule(0, List.of());

        static NetRule of(double rate, Collection<NetworkFault> kinds) {
            if (!(rate >= 0 && rate <= 1)) throw new IllegalArgumentException("fault rate must be between 0 and 1: " + rate);
            List<NetworkFault> k = List.copyOf(kinds);
            if (rate > 0 && k.isEmpty()) throw new IllegalArgumentException("a fault rate needs at least one fault kind");
            return new NetRule(rate, k);
        }

        NetworkFault pick(Random r) {
            if (rate <= 0) return null;
            if (rate < 1 && r.nextDouble() >= rate) return null;
            return kinds.get(r.nextInt(kinds.size()));
        }
    }

    Faults() {
        for (NetworkFault f : NetworkFault.values()) injected.put(f, new AtomicLong());
    }

    /**
     * Every later command on that node gets this fault until {@link #clear()}. A fault set on a
     * node wins over {@link #onAllNodes}; {@code onNode(id, NONE)} exempts that node.
     */
    public Faults onNode(long nodeId, CommandFault fault) {
        byNode.put(nodeId, Objects.requireNonNull(fault, "fault"));
        failStepByNode.remove(nodeId);
        onlyCommandByNode.remove(nodeId);
        return this;
    }

    /**
     * Like {@link #onNode(long, CommandFault)}, naming the step that fails: for RESULT_FAILED a
     * step of PrepareParams ("check params", "download package", ...), for START_FAILED a step
     * of the failing container ("pull image", "start container", ...). The steps after it are
     * not run. A command that has no step of that name fails at its activity's last step.
     */
    public Faults onNode(long nodeId, CommandFault fault, String step) {
        if (step != null && !step.isBlank() && fault != CommandFault.RESULT_FAILED && fault != CommandFault.START_FAILED) {
            throw new IllegalArgumentException("a failing step applies to RESULT_FAILED and START_FAILED, not " + fault);
        }
        onNode(nodeId, fault);
        if (step != null && !step.isBlank()) failStepByNode.put(nodeId, step.strip());
        return this;
    }

    /**
     * Like {@link #onNode(long, CommandFault, String)}, but only the node's {@code nth} command from
     * now on (1: the next) meets the fault; the others run clean. A deploy that fails and a rollback
     * after it that succeeds: {@code onNodeOnly(610247, START_FAILED, null, 2)} after a first deploy
     * that makes version 1.
     */
    public Faults onNodeOnly(long nodeId, CommandFault fault, String step, int nth) {
        if (nth < 1) throw new IllegalArgumentException("commands are counted from 1, not " + nth);
        onNode(nodeId, fault, step);
        onlyCommandByNode.put(nodeId, nth);
        commandsByNode.remove(nodeId);
        return this;
    }

    /** What a new command on this node is given (counted, for {@link #onNodeOnly}). */
    CommandPlan plan(long nodeId, Duration otherwise) {
        int n = commandsByNode.merge(nodeId, 1, Integer::sum);
        Integer only = onlyCommandByNode.get(nodeId);
        boolean faulted = only == null || only == n;
        return new CommandPlan(faulted ? faultFor(nodeId) : CommandFault.NONE, faulted ? failStepFor(nodeId) : null,
                commandDurationFor(nodeId, otherwise).toMillis());
    }

    /** The step a new command on this node fails at, or null for its activity's last. */
    public String failStepFor(long nodeId) {
        return failStepByNode.get(nodeId);
    }

    /** Commands on this node take this long (a slow node) instead of the run's command duration, until {@link #clear()}. */
    public Faults commandDuration(long nodeId, Duration d) {
        Objects.requireNonNull(d, "d");
        if (d.isNegative()) throw new IllegalArgumentException("a command duration must not be negative: " + d);
        durationByNode.put(nodeId, d);
        return this;
    }

    /** How long a new command on this node takes: its own duration, else {@code otherwise}. */
    public Duration commandDurationFor(long nodeId, Duration otherwise) {
        return durationByNode.getOrDefault(nodeId, otherwise);
    }

    /** Every later command on any node (not exempted by {@link #onNode}) gets this fault. */
    public Faults onAllNodes(CommandFault fault) {
        allNodes = Objects.requireNonNull(fault, "fault");
        return this;
    }

    /** All faults off: command faults and their steps, slow nodes, error rate, latency, network faults and Retry-After (not the counts). */
    public Faults clear() {
        byNode.clear();
        failStepByNode.clear();
        onlyCommandByNode.clear();
        commandsByNode.clear();
        durationByNode.clear();
        allNodes = CommandFault.NONE;
        errorRate = 0;
        latency = Duration.ZERO;
        network = NetRule.OFF;
        networkByNode.clear();
        retryAfter = null;
        return this;
    }

    /**
     * That fraction (0..1) of requests meets one of these network faults (picked at random
     * among them). {@code network(0)} turns the run-wide rule off.
     */
    public Faults network(double rate, NetworkFault... kinds) {
        return network(rate, List.of(kinds));
    }

    public Faults network(double rate, Collection<NetworkFault> kinds) {
        network = NetRule.of(rate, kinds);
        return this;
    }

    /** Like {@link #network} for requests whose path names this node; rate 0 exempts the node. */
    public Faults networkOnNode(long nodeId, double rate, NetworkFault... kinds) {
        networkByNode.put(nodeId, NetRule.of(rate, List.of(kinds)));
        return this;
    }

    /**
     * Adds {@code Retry-After: <seconds>} to the simulated HTTP 500 answers (the http500 fault and
     * {@link #errorRate}); null (the default) sends none.
     */
    public Faults retryAfter(Duration d) {
        if (d != null && d.isNegative()) throw new IllegalArgumentException("retryAfter must not be negative: " + d);
        retryAfter = d;
        return this;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** How long a {@link NetworkFault#STALL} holds the request before closing the connection (default 30 s). */
    public Faults stallTime(Duration d) {
        Objects.requireNonNull(d, "d");
        if (d.isNegative()) throw new IllegalArgumentException("stallTime must not be negative: " + d);
        stallTime = d;
        return this;
    }

    public Duration stallTime() {
        return stallTime;
    }

    /** Draws later faults (network faults and {@link #errorRate}) from a generator seeded with this. */
    public Faults seed(long seed) {
        random = new Random(seed);
        return this;
    }

    /**
     * On: a POST or DELETE hit by any network fault (not only {@code truncated} and {@code lost})
     * is applied first, then answered with the fault; off (the default): as {@link NetworkFault} says.
     * Not changed by {@link #clear()}.
     */
    public Faults applyBeforeFault(boolean on) {
        applyBeforeFault = on;
        return this;
    }

    public boolean applyBeforeFault() {
        return applyBeforeFault;
    }

    /** How many of each network fault were injected since the simulator started. */
    public Map<NetworkFault, Long> injected() {
        Map<NetworkFault, Long> out = new EnumMap<>(NetworkFault.class);
        injected.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** The total of {@link #injected()}. */
    public long injectedTotal() {
        return injected.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** The network fault for this request, or null; counted when one is picked. */
    NetworkFault pickNetwork(String rawPath) {
        NetRule rule = network;
        if (!networkByNode.isEmpty() && rawPath != null) {
            Matcher m = NODE_PATH.matcher(rawPath);
            if (m.matches()) {
                NetRule r = networkByNode.get(Long.parseLong(m.group(1)));
                if (r != null) rule = r;
            }
        }
        NetworkFault f = rule.pick(random);
        if (f != null) injected.get(f).incrementAndGet();
        return f;
    }

    /**
     * That fraction (0..1) of requests is answered HTTP 500 with code "1001" InternalError,
     * before anything else happens: a POST hit by it has not been applied.
     */
    public Faults errorRate(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) throw new IllegalArgumentException("errorRate must be between 0 and 1: " + fraction);
        errorRate = fraction;
        return this;
    }

    /** Extra time added to every response. */
    public Faults latency(Duration extra) {
        Objects.requireNonNull(extra, "extra");
        if (extra.isNegative()) throw new IllegalArgumentException("latency must not be negative: " + extra);
        latency = extra;
        return this;
    }

    /** The fault a new command on this node gets. */
    public CommandFault faultFor(long nodeId) {
        CommandFault f = byNode.get(nodeId);
        return f != null ? f : allNodes;
    }

    public double errorRate() {
        return errorRate;
    }

    public Duration latency() {
        return latency;
    }

    boolean injectError() {
        double r = errorRate;
        return r > 0 && (r >= 1 || random.nextDouble() < r);
    }
}
