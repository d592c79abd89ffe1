package acs.cli;

import acs.journal.JournalEntry;
import acs.journal.RunProgress;
import acs.journal.StateStore;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What {@code acs history}, {@code acs run-status} and {@code acs lease list} print: their JSON and tables. */
public final class StoreTables {
    private StoreTables() {}

    public static final Table HISTORY = new Table(List.of(Table.col("TIME", "time"), Table.col("WHO", "operator"),
            Table.col("OPERATION", "operation"), Table.col("TARGET", "target"), Table.col("WHAT", "what"), Table.col("STATE", "state"),
            Table.col("RUN", "run"), Table.wide("COMMAND_ID", "commandId"), Table.wide("ENDPOINT", "endpoint"),
            Table.wide("DETAIL", "detail"), Table.wide("ENTRY", "id")));

    public static final Table RUN = new Table(List.of(Table.col("RUN", "run"), Table.col("WHAT", "what"), Table.col("STATE", "state"),
            Table.col("DONE", "done"), Table.col("FAILED", "failed"), Table.col("UNKNOWN", "unknown"), Table.col("LEFT", "left"),
            Table.col("HELD_BY", "heldBy"), Table.wide("ATTEMPTS", "attempts"), Table.wide("LEASES", "leases"),
            Table.wide("STARTED", "started"), Table.wide("ENDPOINT", "endpoint")));

    public static final Table LEASES = new Table(List.of(Table.col("RUN", "run"), Table.col("HELD_BY", "operator"),
            Table.col("WHAT", "what"), new Table.Column("NODES", n -> Integer.toString(n.path("nodes").size()), false),
            Table.col("SINCE", "since"), Table.col("ALIVE", "alive"), Table.wide("ENDPOINT", "endpoint")));

    /** One change as history shows it: who, what, when, the outcome, the run. */
    public static ObjectNode history(ObjectNode o, JournalEntry e) {
        o.put("time", e.time().toString());
        o.put("operator", e.operator());
        o.put("operation", e.operation());
        o.put("target", e.target().kind() == acs.Target.Kind.NONE ? "" : e.target().toString());
        o.put("what", e.params().entrySet().stream().map(p -> p.getKey() + "=" + p.getValue()).collect(Collectors.joining(" ")));
        o.put("state", e.state().wire());
        o.put("run", e.run());
        o.put("attempt", e.attempt());
        o.put("commandId", e.commandId());
        o.put("endpoint", e.endpoint());
        o.put("detail", e.detail());
        o.put("updated", e.updated().toString());
        o.put("id", e.id());
        if (e.node() != null) o.put("node", e.node());
        if (e.container() != null) o.put("container", e.container());
        return o;
    }

    /** A run's progress, and who holds it now (the operator of its live leases, if any). */
    public static ObjectNode run(ObjectNode o, RunProgress p, List<StateStore.Lease> leases) {
        o.put("run", p.run().id());
        o.put("what", p.run().what());
        RunProgress.Shown state = p.state();
        boolean alive = leases.stream().anyMatch(StateStore.Lease::alive);
        // a run's pid means nothing on another machine: a running run with leases none of which is alive was interrupted
        if (p.run().state() == acs.journal.RunRecord.State.RUNNING) {
            state = !leases.isEmpty() && !alive ? RunProgress.Shown.INTERRUPTED : RunProgress.Shown.RUNNING;
        }
        o.put("state", state == null ? null : state.wire());
        o.put("nodes", p.nodes());
        o.put("done", p.done());
        o.put("failed", p.failed());
        o.put("unknown", p.unknown());
        o.put("left", p.left());
        o.put("heldBy", leases.stream().filter(StateStore.Lease::alive).map(StateStore.Lease::operator).findFirst().orElse(""));
        o.put("leases", leases.size());
        o.put("attempts", p.run().attempts());
        o.put("started", p.run().started());
        o.put("ended", p.run().ended());
        o.put("endpoint", p.run().endpoint());
        return o;
    }

    /** The leases grouped by their holder (a run, or a single change), nodes listed. */
    public static ArrayNode leases(ArrayNode out, List<StateStore.Lease> leases) {
        Map<String, ObjectNode> byHolder = new LinkedHashMap<>();
        for (StateStore.Lease l : leases) {
            String key = (l.run() == null ? "-" + l.operator() + l.since() : l.run()) + " " + l.endpoint();
            ObjectNode o = byHolder.computeIfAbsent(key, k -> {
                ObjectNode n = out.addObject();
                n.put("run", l.run());
                n.put("operator", l.operator());
                n.put("what", l.what());
                n.put("endpoint", l.endpoint());
                n.put("since", l.since());
                n.put("alive", l.alive());
                n.putArray("nodes");
                return n;
            });
            ((ArrayNode) o.get("nodes")).add(l.node());
        }
        return out;
    }
}
