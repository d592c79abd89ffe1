package acs;

/**
 * What became of one node of a {@link FanOut}: the command started for it (commandId empty
 * when none was), its last seen status and result, the seconds from the first request to the
 * end (or to the report, for one still in flight), the error for a failure, the 1-based batch,
 * the polls spent on it, the rollback command when one was started, and whether its change was made
 * by an earlier attempt of a resumed run (answered from the journal, not sent again).
 */
public record FleetResult(long node, String commandId, Outcome outcome, CommandStatus status, String result,
                          double seconds, String error, int batch, int polls, String rollbackCommandId, boolean earlierAttempt) {
    /** The engine's verdict on a node. */
    public enum Outcome {
        /** The command ended DONE with result "200" (or, without waiting, was accepted). */
        SUCCEEDED,
        /** The request was refused, or the command ended in failure (a rollback may have run). */
        FAILED,
        /** Still not finished when the wait timeout came: the command may still be running. */
        TIMED_OUT,
        /** The start's answer was lost after it may have reached the server: check the node (journaled as unknown). */
        UNKNOWN,
        /** Never started: too many failures before this node's turn. */
        SKIPPED,
        /** Never started: the run was cancelled before this node's turn. */
        CANCELLED,
        /** Started, not finished when the run was cancelled: look at it with command-get. */
        IN_FLIGHT
    }

    public FleetResult {
        commandId = commandId == null ? "" : commandId;
        result = result == null ? "" : result;
        error = error == null ? "" : error;
        rollbackCommandId = rollbackCommandId == null ? "" : rollbackCommandId;
    }

    public boolean succeeded() { return outcome == Outcome.SUCCEEDED; }
    public boolean failed() { return outcome == Outcome.FAILED; }
    public boolean timedOut() { return outcome == Outcome.TIMED_OUT; }
}
