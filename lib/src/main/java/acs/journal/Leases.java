package acs.journal;

import acs.ConflictException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** The lease rules a file store derives from runs and their entries, and the one message of a refusal. */
final class Leases {
    private Leases() {}

    /**
     * The nodes a running run leases: a fleet's nodes whose change has not ended (nor its
     * rollback), a script's nodes with a change still pending.
     */
    static Set<Long> of(RunRecord r, List<JournalEntry> entries) {
        Set<Long> pending = new HashSet<>(), ended = new HashSet<>();
        for (JournalEntry e : entries) {
            if (e.node() == null) continue;
            if (e.pending() || (e.state() == JournalEntry.State.RESOLVED && e.resolution() != JournalEntry.Resolution.APPLIED)) pending.add(e.node());
            else if (r.fleet() != null && r.fleet().operation().equals(e.operation())) ended.add(e.node());
        }
        if (r.fleet() == null) return pending;
        Set<Long> out = new LinkedHashSet<>();
        for (Long n : r.fleet().nodes()) if (pending.contains(n) || !ended.contains(n)) out.add(n);
        return out;
    }

    /** "node 700001 and 3 more are leased by run 3f2a91 (alice@build-7: node-deploy on 4 nodes, since …, process alive)…". */
    static ConflictException refused(Map<Long, RunRecord> held, Predicate<String> alive) {
        return refused(held, Map.of(), alive);
    }

    /** As above, and the nodes single changes hold: "node 700001 is held by a single change (alice@build-7: node-deploy on node 700001, since …)". */
    static ConflictException refused(Map<Long, RunRecord> held, Map<Long, FileRuns.Hold> holds, Predicate<String> alive) {
        if (held.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            holds.forEach((n, h) -> {
                if (!sb.isEmpty()) sb.append("; ");
                sb.append("node ").append(n).append(" is held by a single change (").append(h.operator()).append(": ").append(h.what())
                        .append(", since ").append(h.since()).append(", running now)");
            });
            return new ConflictException(sb + "; nothing was sent: wait for it to end (--wait-for-lease 10m)");
        }
        Map<String, List<Long>> byRun = new LinkedHashMap<>();
        Map<String, RunRecord> runs = new LinkedHashMap<>();
        held.forEach((n, r) -> {
            byRun.computeIfAbsent(r.id(), k -> new java.util.ArrayList<>()).add(n);
            runs.put(r.id(), r);
        });
        StringBuilder sb = new StringBuilder();
        byRun.forEach((id, nodes) -> {
            RunRecord r = runs.get(id);
            if (!sb.isEmpty()) sb.append("; ");
            sb.append(nodes.size() == 1 ? "node " + nodes.get(0) + " is" : "nodes " + nodes.subList(0, Math.min(5, nodes.size()))
                    + (nodes.size() > 5 ? " and " + (nodes.size() - 5) + " more" : "") + " are")
                    .append(" leased by run ").append(id).append(" (").append(r.operator() == null ? "?" : r.operator()).append(": ")
                    .append(r.what()).append(", since ").append(r.started()).append(", ")
                    .append(alive.test(id) ? "running now" : "interrupted: 'acs resume " + id + "' finishes it").append(")");
        });
        String first = byRun.keySet().iterator().next();
        return new ConflictException(sb + "; nothing was sent: wait for it (--wait-for-lease 10m), or, if that run is abandoned,"
                + " 'acs lease release " + first + " --force'");
    }
}
