package acs.dsl;

import acs.journal.RunClaim;
import java.time.Duration;
import java.util.List;

/**
 * How a {@code rollout} leases its nodes when it starts, like a fleet command: all of them or
 * none, in bulk, before anything is sent; a node another run holds stops the script (exit 8,
 * naming the holder) unless the rollout's {@code waitForLease:} or {@code acs run
 * --wait-for-lease} lets it wait. Each node's lease goes when its work (its {@code onFailure}
 * included) has ended; what is left goes with the run.
 */
public interface RolloutLeases {
    /** Leases {@code nodes}; {@code wait} null: the run's own ({@code --wait-for-lease}, else none). */
    Held lease(List<Long> nodes, Duration wait);

    /** The nodes a rollout leased. */
    interface Held {
        /** The work on this node has ended. */
        void release(long node);
    }

    /** Nothing to lease: no run (a dry run, a rehearsal), or a library's script with no journal. */
    RolloutLeases NONE = (nodes, wait) -> node -> { };

    /** The leases of a script's run, on the endpoint its changes go to. */
    static RolloutLeases of(RunClaim claim, String endpoint, Duration runWait) {
        return (nodes, wait) -> {
            claim.lease(endpoint, nodes, wait != null ? wait : runWait == null ? Duration.ZERO : runWait);
            return node -> claim.release(endpoint, node);
        };
    }
}
