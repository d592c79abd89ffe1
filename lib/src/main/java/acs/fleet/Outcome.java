package acs.fleet;

/**
 * What became of one node of a {@link FanOut} or one item of a {@link Rollout}: one vocabulary
 * for the CLI's fleet commands and the DSL's rollouts. A rollout's items end SUCCEEDED, FAILED
 * or SKIPPED (its task either returns or throws; an interrupt ends the whole rollout).
 */
public enum Outcome {
    /** The command ended DONE with result "200" (or, without waiting, was accepted); a rollout's task returned. */
    SUCCEEDED,
    /** The request was refused, or the command ended in failure (a rollback may have run); a rollout's task threw (its failure handler has run). */
    FAILED,
    /** Still not finished when the wait timeout came: the command may still be running. */
    TIMED_OUT,
    /** The start's answer was lost after it may have reached the server: check the node (journaled as unknown). */
    UNKNOWN,
    /** Never started: too many failures before this node's turn (nor made by an earlier attempt of a resumed run). */
    SKIPPED,
    /** Never started: the run was cancelled before this node's turn. */
    CANCELLED,
    /**
     * Started, not finished when the run was cancelled; or, in a resumed run that stopped after too
     * many failures, accepted by an earlier attempt and not seen to end: look at it with command-get.
     */
    IN_FLIGHT
}
