package acs.fleet;

import acs.CommandStatus;

/**
 * What became of one item of a run: a node of a {@link FanOut} ({@code T} = its id) or an item of
 * a {@link Rollout}. Every run fills the item, its outcome, the error (empty unless it failed) and
 * the 1-based batch. A rollout's item adds its task's return {@code value} (null unless SUCCEEDED)
 * and the {@code cause} it threw (null unless FAILED). A fan-out's node adds its command (empty when
 * none was started), the last seen status and result, the seconds from the first request to the end
 * (or to the report, for one still in flight), the polls spent, the rollback command, and whether
 * its change was made by an earlier attempt of a resumed run (answered from the journal, not sent again).
 */
public record FleetResult<T, V>(T item, Outcome outcome, V value, String error, Throwable cause, int batch, double seconds,
                                String commandId, CommandStatus status, String result, int polls, String rollbackCommandId,
                                boolean earlierAttempt) {
    public FleetResult {
        if (outcome == null) throw new IllegalArgumentException("outcome is required");
        error = error == null ? "" : error;
        commandId = commandId == null ? "" : commandId;
        result = result == null ? "" : result;
        rollbackCommandId = rollbackCommandId == null ? "" : rollbackCommandId;
    }

    /** The result of a rollout's task: its value when it returned, what it threw when it failed. */
    static <T, V> FleetResult<T, V> ofTask(T item, Outcome outcome, V value, Throwable cause, int batch) {
        return new FleetResult<>(item, outcome, value, cause == null ? null : String.valueOf(cause.getMessage()), cause, batch, 0,
                null, null, null, 0, null, false);
    }

    /** What became of a failed node's rollback (FAILED covers one that could not be started or finish). */
    public enum Rollback { NONE, STARTED, SUCCEEDED, FAILED }

    /** This node's rollback, read from the notes {@link FanOut} appends to the error ("; rolled back", "; rollback failed: …"). */
    public Rollback rollback() {
        return cause != null ? Rollback.NONE : rollback(error, rollbackCommandId); // a rollout task's error has no such notes
    }

    /** The rollback a fan-out's row tells, from its error and rollback command id (as the CLI's JSON rows hold them). */
    public static Rollback rollback(String error, String rollbackCommandId) {
        if (error.endsWith("; rolled back")) return Rollback.SUCCEEDED;
        if (error.contains("; rollback failed") || error.contains("; rollback not ") || error.contains("; rollback: ")) return Rollback.FAILED;
        if (!rollbackCommandId.isEmpty()) return Rollback.STARTED;
        return Rollback.NONE;
    }

    /** The error without the rollback notes, shortened to one table cell. */
    public String reason() {
        return reason(error);
    }

    /** {@link #reason()} of an error text. */
    public static String reason(String error) {
        int notes = error.indexOf("; roll");
        String r = (notes < 0 ? error : error.substring(0, notes)).replaceAll("\\s+", " ").trim()
                .replaceFirst("^command \\S+ \\(\\w+\\) failed: ", ""); // the row has the command id already
        return r.length() <= 60 ? r : r.substring(0, 59) + "…";
    }

    public boolean succeeded() { return outcome == Outcome.SUCCEEDED; }
    public boolean failed() { return outcome == Outcome.FAILED; }
    public boolean skipped() { return outcome == Outcome.SKIPPED; }

    /** Counts against {@code maxFailures}: a failure, a timed out wait or an unknown outcome. */
    boolean countsAsFailure() {
        return outcome == Outcome.FAILED || outcome == Outcome.TIMED_OUT || outcome == Outcome.UNKNOWN;
    }
}
