///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES acs/cli/CliSources.java

import acs.ApiCall;
import acs.cli.Cli;
import acs.cli.GlobalOptions;
import acs.cli.MutationOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Delete a node. Asks first on a terminal. */
@Command(name = "node-delete", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Delete a node: it turns DELETING, and is gone once the command is DONE. Asks for confirmation on a terminal.",
        footer = {"", "Examples:",
                "  acs node-delete 610474 --yes --wait",
                "  acs node-delete 610474 --dry-run"})
public class NodeDelete implements Callable<Integer> {
    @Mixin GlobalOptions global;
    @Mixin MutationOptions mutation;

    @Parameters(index = "0", paramLabel = "NODE_ID", description = "Node id, e.g. 610474.")
    long nodeId;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override public Integer call() {
        ApiCall<acs.Command> call = ApiCall.delete(nodeId);
        MutationOptions.confirm(global, yes, mutation.dryRun(), "delete node " + nodeId);
        return mutation.execute(global, call);
    }

    public static void main(String... args) {
        System.exit(Cli.run(new NodeDelete(), args));
    }
}
