package acs.journal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a run stands, from its journal entries: nodes whose change succeeded, failed (or was
 * refused), has an unknown outcome, and the nodes left (never done, or still running).
 */
public record RunProgress(RunRecord run, String state, int nodes, int done, int failed, int unknown, int left) {
    public static RunProgress of(RunRecord run, List<JournalEntry> entries) {
        Map<Long, JournalEntry> last = new HashMap<>();
        for (JournalEntry e : entries) {
            if (!run.id().equals(e.run()) || e.node() == null) continue;
            if (run.fleet() != null && !run.fleet().operation().equals(e.operation())) continue; // a rollback
            last.put(e.node(), e);
        }
        int done = 0, failed = 0, unknown = 0;
        for (JournalEntry e : last.values()) {
            switch (e.state()) {
                case SUCCEEDED -> done++;
                case FAILED, REJECTED -> failed++;
                case UNKNOWN, RESOLVED -> unknown++;
                case SENDING -> { if (e.outcomeUnknown()) unknown++; }
                default -> { } // accepted: still running, counted as left
            }
        }
        int nodes = run.fleet() != null ? run.fleet().nodes().size() : last.size();
        String state = run.interrupted() ? "interrupted" : run.state();
        return new RunProgress(run, state, nodes, done, failed, unknown, nodes - done - failed - unknown);
    }
}
