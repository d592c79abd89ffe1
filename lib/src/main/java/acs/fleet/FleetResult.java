package acs.fleet;

import acs.CommandStatus;

/**
 * What became of one item of a run: a node of a {@link FanOut} ({@code T} = its id) or an item of
 * a {@link Rollout}. Every run fills the item, its outcome, the error (empty unless it failed), the
 * 1-based batch and the {@link Reason} of an outcome other than SUCCEEDED. A rollout's item adds its
 * task's return {@code value} (null unless SUCCEEDED) and the {@code cause} it threw (null unless
 * FAILED). A fan-out's node adds its command (empty when none was started), the last seen status and
 * result, the seconds from the first request to the end (or to the report, for one still in flight),
 * the polls spent, its {@link Rollback}, and whether its change was made by an earlier attempt of a
 * resumed run (answered from the journal, not sent again).
 */
public record FleetResult<T, V>(T item, Outcome outcome, V value, String error, Throwable cause, int batch, double seconds,
                                String commandId, CommandStatus status, String result, int polls, Reason reason, Rollback rollback,
                                boolean earlierAttempt) {
    public FleetResult {
        if (outcome == null) throw new IllegalArgumentException("outcome is required");
        error = error == null ? "" : error;
        commandId = commandId == null ? "" : commandId;
        result = result == null ? "" : result;
        reason = reason == null ? Reason.NONE : reason;
        rollback = rollback == null ? Rollback.NONE : rollback;
    }

    /** The result of a rollout's task: its value when it returned, what it threw when it failed. */
    static <T, V> FleetResult<T, V> ofTask(T item, Outcome outcome, V value, Throwable cause, int batch) {
        Reason why = cause != null ? new Reason(Reason.Kind.THREW, String.valueOf(cause.getMessage())) : Reason.NONE;
        return ofTask(item, outcome, value, cause, batch, why);
    }

    /** A rollout's item never started: the rollout stopped after more than {@code maxFailures} failures. */
    static <T, V> FleetResult<T, V> skippedTask(T item, int batch, int maxFailures) {
        return ofTask(item, Outcome.SKIPPED, null, null, batch, new Reason(Reason.Kind.MAX_FAILURES, Reason.moreThan(maxFailures)));
    }

    private static <T, V> FleetResult<T, V> ofTask(T item, Outcome outcome, V value, Throwable cause, int batch, Reason why) {
        return new FleetResult<>(item, outcome, value, cause == null ? null : String.valueOf(cause.getMessage()), cause, batch, 0,
                null, null, null, 0, why, Rollback.NONE, false);
    }

    /**
     * Why an item ended other than SUCCEEDED (or, for one answered from the journal, how it was
     * answered): a kind, and the particulars in few words (the server's failure, the timeout, the
     * failure limit), empty when the kind says it all.
     */
    public record Reason(Kind kind, String detail) {
        public static final Reason NONE = new Reason(Kind.NONE, "");

        public Reason {
            if (kind == null) throw new IllegalArgumentException("kind is required");
            detail = detail == null ? "" : detail;
        }

        public enum Kind {
            /** Nothing to explain: it succeeded. */
            NONE(""),
            /** The change was not made: refused by the server, or no request could be made for the node (FAILED). */
            REFUSED("refused"),
            /** Its command ended in failure (FAILED). */
            COMMAND_FAILED("command failed"),
            /** Its command could not be followed: a poll failed for good (FAILED). */
            FOLLOW_FAILED("could not follow"),
            /** A rollout's task threw (FAILED). */
            THREW("threw"),
            /** Its command did not end within the wait timeout; it may still be running (TIMED_OUT). */
            NOT_FINISHED("not finished"),
            /** The answer to its change was lost after the request may have arrived (UNKNOWN). */
            ANSWER_LOST("answer lost"),
            /** An earlier attempt of the run sent its change and that outcome is unknown: not sent again (UNKNOWN). */
            EARLIER_UNKNOWN("unknown since an earlier attempt"),
            /** Never started: the run stopped after more failures than allowed (SKIPPED). */
            MAX_FAILURES("not started"),
            /** Never started: the run was cancelled (CANCELLED). */
            CANCELLED("not started"),
            /** Started, still running when the run was cancelled (IN_FLIGHT). */
            RUNNING_AT_CANCEL("running when cancelled"),
            /**
             * Not started by this attempt, which stopped after too many failures: an earlier attempt
             * had made its change, and the journal tells its outcome (SUCCEEDED, FAILED) or that its
             * command was not seen to end (IN_FLIGHT).
             */
            ANSWERED_BY_EARLIER_ATTEMPT("answered by an earlier attempt");

            private final String label;

            Kind(String label) {
                this.label = label;
            }

            /** A few words for a person, e.g. {@code not started: too many failures}. */
            public String label() {
                return label;
            }
        }

        /** The particulars of MAX_FAILURES: {@code more than 0 failures}. */
        static String moreThan(int maxFailures) {
            return "more than " + maxFailures + (maxFailures == 1 ? " failure" : " failures");
        }

        /** One line for a person: the kind's words, then the particulars. */
        public String describe() {
            if (detail.isEmpty()) return kind.label();
            return kind.label().isEmpty() ? detail : kind.label() + ": " + detail;
        }
    }

    /** What became of a failed node's rollback, its command (empty when none was created), and why it failed or was not started. */
    public record Rollback(State state, String commandId, String detail) {
        public static final Rollback NONE = new Rollback(State.NONE, "", "");

        public Rollback {
            if (state == null) throw new IllegalArgumentException("state is required");
            commandId = commandId == null ? "" : commandId;
            detail = detail == null ? "" : detail;
        }

        public enum State {
            /** No rollback: none configured, or the node did not fail after its command was created. */
            NONE,
            /** Created and not waited for. */
            STARTED,
            /** Its command ended with success. */
            SUCCEEDED,
            /** Its command ended in failure, could not be followed, or did not end within the wait timeout. */
            FAILED,
            /** No rollback command was created: refused, or no request could be made for the node. */
            NOT_STARTED,
            /** Its request's answer was lost after it may have arrived: check the node. */
            UNKNOWN
        }

        /** The words the CLI's table shows, e.g. {@code failed: PUBLISH_FAILED} or {@code not started: 1005 …}. */
        public String describe() {
            if (state == State.NONE) return "";
            String s = state.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            return detail.isEmpty() ? s : s + ": " + detail;
        }
    }

    /**
     * The error and what became of the rollback, as one text: the JSON rows' {@code error} field and
     * the progress events have always shown it so (e.g. {@code …; rolled back}, {@code …; rollback failed: …}).
     */
    public String errorWithRollback() {
        return error + switch (rollback.state()) {
            case NONE -> "";
            case STARTED -> "; rollback started";
            case SUCCEEDED -> "; rolled back";
            case FAILED -> "; rollback failed: " + rollback.detail();
            case NOT_STARTED -> "; rollback not started: " + rollback.detail();
            case UNKNOWN -> "; rollback outcome unknown: " + rollback.detail();
        };
    }

    /** The id of the rollback command, empty when none was created. */
    public String rollbackCommandId() {
        return rollback.commandId();
    }

    public boolean succeeded() { return outcome == Outcome.SUCCEEDED; }
    public boolean failed() { return outcome == Outcome.FAILED; }
    public boolean skipped() { return outcome == Outcome.SKIPPED; }

    /** Counts against {@code maxFailures}: a failure, a timed out wait or an unknown outcome. */
    boolean countsAsFailure() {
        return outcome == Outcome.FAILED || outcome == Outcome.TIMED_OUT || outcome == Outcome.UNKNOWN;
    }
}
