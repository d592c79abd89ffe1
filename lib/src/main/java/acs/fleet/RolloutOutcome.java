package acs.fleet;

/** What became of one item of a {@link Rollout}. */
public enum RolloutOutcome {
    /** The task returned normally. */
    SUCCEEDED,
    /** The task threw; the failure handler has run. */
    FAILED,
    /** Never started: the rollout stopped (too many failures) before this item's turn. */
    SKIPPED
}
