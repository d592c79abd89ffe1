package acs.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

/**
 * Selectors and pacing of the node commands (node-deploy, -redeploy, -start, -stop, -delete) when
 * they run over several nodes. Selectors combine as an intersection with the positional ids.
 */
public final class FleetOptions {
    @Spec(Spec.Target.MIXEE) CommandSpec spec;

    List<Long> nodeIds = new ArrayList<>();

    // A setter, not a List<Long> field: picocli reports a value its converter refuses in a list as an
    // "unmatched argument"; this way 'abc' gets the same "expected a positive number" as elsewhere.
    @Parameters(arity = "0..*", paramLabel = "NODE_ID", description = "Node ids, e.g. 610474 (one id: the command as is; several, or selectors: one row per node, always waited for).")
    void nodeIds(List<String> texts) {
        List<Long> ids = new ArrayList<>();
        for (String t : texts) {
            try {
                ids.add(Cli.id(t));
            } catch (CommandLine.TypeConversionException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for NODE_ID: " + e.getMessage());
            }
        }
        nodeIds = ids;
    }

    @Option(names = "--all", description = "Every node (narrow it with --service, --status, --name).")
    boolean all;

    @Option(names = "--service", paramLabel = "ID", description = "Nodes of this service.")
    Long service;

    @Option(names = "--status", paramLabel = "STATUS", completionCandidates = FleetOptions.Statuses.class, description = "Nodes in this status: CREATED, RUNNING, STOPPED, DELETING.")
    String status;

    @Option(names = "--name", paramLabel = "REGEX", description = "Nodes whose name contains a match, e.g. '^线上'.")
    String name;

    @Option(names = "--concurrency", paramLabel = "N", description = "Nodes worked on at once, from the start request to the command's end "
            + "(default: every selected node; a node waiting for its command costs no connection, only a poll). "
            + "Lower it to keep part of a service serving while it deploys, or use --batch.")
    Integer concurrency;

    @Option(names = "--connections", paramLabel = "N", description = "HTTP requests at once, each on a keep-alive connection of its own "
            + "(default " + FleetRunner.DEFAULT_CONNECTIONS + "). Fewer slow a large deploy down (each start waits for its journal line "
            + "on disk, and starts sent together share one disk write); more only load the server. Each needs a file descriptor: "
            + "a count the limit ('ulimit -n') cannot hold is refused before anything is sent.")
    Integer connections;

    @Option(names = "--batch", paramLabel = "N", description = "Nodes per batch; a batch starts after every command of the previous one is DONE.")
    Integer batch;

    @Option(names = "--pause", paramLabel = "DURATION", description = "Wait between batches, e.g. 30s (needs --batch).")
    String pause;

    @Option(names = "--max-failures", paramLabel = "K", description = "Failures tolerated; one more stops new work (default 0 with --batch, else no limit).")
    Integer maxFailures;

    @Option(names = "--rollback-version", paramLabel = "V", description = "A node whose command failed gets historyStart V (e.g. the last good version), or with 'previous' the version"
            + " it ran before this run, from the journal (a node whose version is not known: exit 2, nothing sent).")
    String rollbackVersion;

    @Option(names = "--wait-for-lease", paramLabel = "DURATION", description = "When another run leases some of the nodes, wait up to this long"
            + " for it to release them (e.g. 10m), instead of refusing at once (exit 8).")
    String waitForLease;

    @Option(names = {"-y", "--yes"}, description = "Confirm without a question. Stop and delete, and any verb on more than "
            + Confirm.FLEET_THRESHOLD + " nodes, ask on a terminal and, without one (a script, a pipeline), refuse without --yes (exit 2, nothing sent).")
    boolean yes;

    public boolean yes() {
        return yes;
    }

    /** The node ids given as arguments. */
    public List<Long> ids() {
        return List.copyOf(nodeIds);
    }

    /** Whether nodes are selected by --all, --service, --status or --name (not only by ids). */
    public boolean selects() {
        return all || service != null || status != null || name != null;
    }

    /** Whether any fleet option was given (else a single id keeps the one-node behaviour). */
    boolean any() {
        return all || service != null || status != null || name != null || concurrency != null || connections != null || batch != null
                || pause != null || maxFailures != null || rollbackVersion != null || waitForLease != null;
    }

    /** Completion of --status: the node statuses. */
    static final class Statuses implements Iterable<String> {
        @Override public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(acs.NodeStatus.values()).filter(m -> !m.name().equals("UNKNOWN")).map(Enum::name).iterator();
        }
    }
}
