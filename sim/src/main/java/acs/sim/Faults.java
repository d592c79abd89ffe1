package acs.sim;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Failure scenarios on purpose, for the whole run or for chosen nodes. Thread-safe; changes
 * apply to later requests and later commands. A command's fault is fixed when it is created.
 * <pre>{@code
 * sim.faults().onNode(610474, CommandFault.START_FAILED).errorRate(0.1).latency(Duration.ofMillis(50));
 * sim.faults().clear();
 * }</pre>
 */
public final class Faults {
    private final Map<Long, CommandFault> byNode = new ConcurrentHashMap<>();
    private volatile CommandFault allNodes = CommandFault.NONE;
    private volatile double errorRate;
    private volatile Duration latency = Duration.ZERO;

    Faults() {}

    /**
     * Every later command on that node gets this fault until {@link #clear()}. A fault set on a
     * node wins over {@link #onAllNodes}; {@code onNode(id, NONE)} exempts that node.
     */
    public Faults onNode(long nodeId, CommandFault fault) {
        byNode.put(nodeId, Objects.requireNonNull(fault, "fault"));
        return this;
    }

    /** Every later command on any node (not exempted by {@link #onNode}) gets this fault. */
    public Faults onAllNodes(CommandFault fault) {
        allNodes = Objects.requireNonNull(fault, "fault");
        return this;
    }

    /** All faults off: command faults, error rate and latency. */
    public Faults clear() {
        byNode.clear();
        allNodes = CommandFault.NONE;
        errorRate = 0;
        latency = Duration.ZERO;
        return this;
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
        return r > 0 && (r >= 1 || ThreadLocalRandom.current().nextDouble() < r);
    }
}
