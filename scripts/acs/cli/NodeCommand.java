package acs.cli;

import acs.ApiCall;
import acs.Command;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;
import picocli.CommandLine.Mixin;

/**
 * A command that changes nodes (node-deploy, -redeploy, -start, -stop, -delete). Decides here, and
 * only here, whether it is the API's own one-node command (one id, no fleet option: sent, optionally
 * waited for) or a fleet run ({@link FleetRunner}: selectors, batches, one row per node).
 */
public abstract class NodeCommand implements Callable<Integer> {
    @Mixin protected GlobalOptions global;
    @Mixin protected MutationOptions mutation;
    @Mixin protected FleetOptions fleet;

    private final String verb;
    private final boolean destructive;

    /**
     * @param verb        e.g. "deploy to", for messages ("deploy to 3 nodes")
     * @param destructive whether it asks for confirmation (--yes) even for one node
     */
    protected NodeCommand(String verb, boolean destructive) {
        this.verb = verb;
        this.destructive = destructive;
    }

    /** The change of one node; called once, before anything is sent, so bad input fails first. */
    protected abstract LongFunction<ApiCall<Command>> operation();

    @Override public Integer call() {
        LongFunction<ApiCall<Command>> operation = operation();
        List<Long> ids = fleet.nodeIds;
        if (ids.size() == 1 && !fleet.any()) {
            ApiCall<Command> call = operation.apply(ids.get(0));
            if (destructive) MutationOptions.confirm(global, fleet.yes(), mutation.dryRun(), verb + " node " + ids.get(0));
            return mutation.execute(global, call);
        }
        return FleetRunner.run(global, mutation, fleet, verb, destructive ? fleet.yes() : null, operation);
    }
}
