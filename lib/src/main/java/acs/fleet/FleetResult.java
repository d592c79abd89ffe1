package acs.fleet;

import acs.CommandStatus;

/**
 * What became of one node of a {@link FanOut}: the command started for it (commandId empty
 * when none was), its last seen status and result, the seconds from the first request to the
 * end (or to the report, for one still in flight), the error for a failure, the 1-based batch,
 * the polls spent on it, the rollback command when one was started, and whether its change was made
 * by an earlier attempt of a resumed run (answered from the journal, not sent again).
 */
public record FleetResult(long node, String commandId, Outcome outcome, CommandStatus status, String result,
                          double seconds, String error, int batch, int polls, String rollbackCommandId, boolean earlierAttempt) {
    public FleetResult {
        commandId = commandId == null ? "" : commandId;
        result = result == null ? "" : result;
        error = error == null ? "" : error;
        rollbackCommandId = rollbackCommandId == null ? "" : rollbackCommandId;
    }

    /** What became of a failed node's rollback (FAILED covers one that could not be started or finish). */
    public enum Rollback { NONE, STARTED, SUCCEEDED, FAILED }

    /** This node's rollback, read from the notes {@link FanOut} appends to the error ("; rolled back", "; rollback failed: …"). */
    public Rollback rollback() {
        if (error.endsWith("; rolled back")) return Rollback.SUCCEEDED;
        if (error.contains("; rollback failed") || error.contains("; rollback not ") || error.contains("; rollback: ")) return Rollback.FAILED;
        if (!rollbackCommandId.isEmpty()) return Rollback.STARTED;
        return Rollback.NONE;
    }

    /** The error without the rollback notes, shortened to one table cell. */
    public String reason() {
        int notes = error.indexOf("; roll");
        String r = (notes < 0 ? error : error.substring(0, notes)).replaceAll("\\s+", " ").trim()
                .replaceFirst("^command \\S+ \\(\\w+\\) failed: ", ""); // the row has the command id already
        return r.length() <= 60 ? r : r.substring(0, 59) + "…";
    }

    public boolean succeeded() { return outcome == Outcome.SUCCEEDED; }
    public boolean failed() { return outcome == Outcome.FAILED; }
}
