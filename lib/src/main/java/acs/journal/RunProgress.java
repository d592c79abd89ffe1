package acs.journal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a run stands, from its journal entries: nodes whose change succeeded (or was found
 * applied by hand), failed (or was refused), has an unknown outcome, and the nodes left (never
 * done, still running, or found not applied). A run that ended keeps these counts in its record.
 */
public record RunProgress(RunRecord run, Shown state, int nodes, int done, int failed, int unknown, int left) {
    public static RunProgress of(RunRecord run, List<JournalEntry> entries) {
        Shown state = run.interrupted() ? Shown.INTERRUPTED : Shown.of(run.state());
        if (run.state() != RunRecord.State.RUNNING && run.summary() != null) {
            RunRecord.Summary s = run.summary();
            return new RunProgress(run, state, s.nodes(), s.done(), s.failed(), s.unknown(), s.left());
        }
        RunRecord.Summary s = summary(run, entries);
        return new RunProgress(run, state, s.nodes(), s.done(), s.failed(), s.unknown(), s.left());
    }

    /** Where a run stands as shown ({@code acs journal --runs}, {@code acs run-status}): its state, or interrupted. */
    public enum Shown {
        RUNNING, INTERRUPTED, FINISHED, INCOMPLETE;

        /** As shown and in JSON: {@code running}, {@code interrupted}, …. */
        public String wire() { return name().toLowerCase(java.util.Locale.ROOT); }

        static Shown of(RunRecord.State s) {
            return s == null ? null : switch (s) {
                case RUNNING -> RUNNING;
                case FINISHED -> FINISHED;
                case INCOMPLETE -> INCOMPLETE;
            };
        }

        @Override public String toString() { return wire(); }
    }

    /** The counts of a run from its entries (each in its latest state). */
    public static RunRecord.Summary summary(RunRecord run, List<JournalEntry> entries) {
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
                case UNKNOWN -> unknown++;
                case RESOLVED -> {
                    if (e.resolution() == JournalEntry.Resolution.APPLIED) done++;
                    else if (e.resolution() == null) unknown++;
                }
                case SENDING -> { if (e.outcomeUnknown()) unknown++; }
                default -> { } // accepted: still running, counted as left
            }
        }
        int nodes = run.fleet() != null ? run.fleet().nodes().size() : last.size();
        return new RunRecord.Summary(nodes, done, failed, unknown, nodes - done - failed - unknown);
    }
}
