package acs.sim;

/**
 * What goes wrong with a command, on purpose ({@link Faults}). The fault is chosen when the
 * command is created and stays with it (clearing faults does not heal a running command).
 */
public enum CommandFault {
    /** The command succeeds: DONE, result "200", resultMsg "". */
    NONE,
    /** The command is never published: CREATED, then PUBLISH_FAILED (terminal) shortly after. */
    PUBLISH_FAILED,
    /**
     * PrepareParams fails: a step with status "500" and a msg, the activity code "500", then the
     * command is DONE with result "500" and a non-empty resultMsg. No container is touched.
     */
    RESULT_FAILED,
    /**
     * The work proceeds, but the last container touched fails: STARTFAILED for a command that
     * starts containers (deploy, start, container start), STOPFAILED for one that stops them
     * (stop, delete, container stop; a delete then leaves the node in place). Its step reports
     * "500" with a msg; the command is DONE with result "500".
     */
    START_FAILED,
    /** The command stays RUNNING forever (half-way through its work); the node stays busy (1007). */
    NEVER_FINISHES
}
