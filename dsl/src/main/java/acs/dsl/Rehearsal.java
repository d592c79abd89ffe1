package acs.dsl;

import acs.AcsException;
import acs.Command;
import acs.Container;
import acs.Node;
import acs.Service;
import acs.client.AcsClient;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * A rehearsal ({@code acs run --rehearse}): the target's services, nodes and containers are
 * read (GET only), loaded into an in-process {@link Simulator}, and the script runs against
 * that copy. Every change it makes is recorded as the request the target would have received,
 * with the outcome the simulator gave it: a plan, with nothing changed on the target.
 * <pre>{@code
 * try (Rehearsal r = Rehearsal.start(acs)) {
 *     script.run(r.context(DslContext.of(Operations.of(acs))));
 *     System.out.print(r.describePlan());
 * }
 * }</pre>
 * Limits: the snapshot has no package versions (the API cannot list them), so a
 * {@code redeploy version:} is refused (1005) unless the script deployed that version earlier
 * in the rehearsal; commands take {@link #COMMAND_DURATION}; pauses are skipped.
 */
public final class Rehearsal implements AutoCloseable {
    /** How long a command takes in the rehearsal's simulator. */
    public static final Duration COMMAND_DURATION = Duration.ofMillis(100);

    private final AcsClient target;
    private final Simulator sim;
    private final int services;
    private final int nodes;
    private final List<PlanStep> steps = Collections.synchronizedList(new ArrayList<>());

    private Rehearsal(AcsClient target, Simulator sim, int services, int nodes) {
        this.target = target;
        this.sim = sim;
        this.services = services;
        this.nodes = nodes;
    }

    /** Snapshots the target with read-only calls and starts the simulator holding the copy. */
    public static Rehearsal start(AcsClient target) {
        List<Service> services = target.services();
        List<Node> nodes = withContainers(target.nodes(), target.containers());
        Simulator sim = Simulator.start(SimConfig.defaults().withSnapshot(services, nodes).withCommandDuration(COMMAND_DURATION));
        return new Rehearsal(target, sim, services.size(), nodes.size());
    }

    /** A node listing may leave containers out; take them from the container listing then. */
    static List<Node> withContainers(List<Node> nodes, List<Container> containers) {
        List<Node> out = new ArrayList<>(nodes.size());
        for (Node n : nodes) {
            if (!n.containers().isEmpty()) {
                out.add(n);
                continue;
            }
            List<Container> own = containers.stream().filter(c -> c.nodeId() == n.id()).toList();
            out.add(new Node(n.id(), n.name(), n.imageName(), n.status(), n.serviceId(), n.createTime(), own));
        }
        return out;
    }

    /** Operations against the copy that record every change; {@code where} tells the script line. */
    public Operations operations(Supplier<String> where) {
        return new RecordingOperations(Operations.of(sim.client()), target::prepare, where, steps::add);
    }

    /** The script's context, pointed at the copy: recorded changes, quick polls, skipped pauses. */
    public DslContext context(DslContext base) {
        return base.withOperations(operations(DslScript::currentLocation))
                .withWaitOptions(base.waitOptions().withDelays(Duration.ofMillis(20), Duration.ofMillis(200)))
                .skippingPauses("rehearsal");
    }

    public Simulator simulator() { return sim; }

    /** The changes so far, in the order they were answered. */
    public List<PlanStep> steps() {
        synchronized (steps) {
            return List.copyOf(steps);
        }
    }

    /** The command of a step as the simulator shows it now (null if the change was refused). */
    public Command outcome(PlanStep step) {
        if (step.answer() == null) return null;
        try {
            return sim.client().command(step.answer().commandId());
        } catch (AcsException e) {
            return step.answer();
        }
    }

    /** The plan: each change as the target would receive it, and what became of it in the rehearsal. */
    public String describePlan() {
        List<PlanStep> all = steps();
        StringBuilder sb = new StringBuilder("# rehearsal against a copy of ").append(target.config().endpoint())
                .append(" (").append(services).append(" services, ").append(nodes).append(" nodes): ")
                .append(all.size()).append(all.size() == 1 ? " change" : " changes").append(", nothing was sent there\n");
        for (PlanStep s : all) {
            sb.append(s.describe()).append("=> ").append(describeOutcome(s, outcome(s))).append("\n\n");
        }
        return sb.toString();
    }

    static String describeOutcome(PlanStep s, Command c) {
        if (c == null) return "refused: " + s.error();
        String state = c.status() + (c.result().isEmpty() ? "" : ", result " + c.result());
        String verdict = c.succeeded() ? "succeeded" : c.failed() ? "failed" + c.failure().map(f -> " at " + f).orElse("")
                : "still running when the script ended (not waited for)";
        return "command " + c.commandId() + " (" + c.name() + "): " + state + ": " + verdict;
    }

    @Override public void close() {
        sim.close();
    }

    @Override public String toString() {
        return "Rehearsal[" + target.config().endpoint() + " -> " + sim.endpoint() + "]";
    }
}
