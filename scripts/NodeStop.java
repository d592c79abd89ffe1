///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES acs/cli/CliSources.java

import acs.ApiCall;
import acs.DeployMethod;
import acs.cli.Cli;
import acs.cli.GlobalOptions;
import acs.cli.MutationOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Stop a node's containers. Asks first on a terminal. */
@Command(name = "node-stop", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Stop a node's containers. Asks for confirmation on a terminal; scripts pass --yes.",
        footer = {"", "Examples:",
                "  acs node-stop 610474 --yes --wait",
                "  acs node-stop 610474 --method SEQUENTIAL --dry-run"})
public class NodeStop implements Callable<Integer> {
    @Mixin GlobalOptions global;
    @Mixin MutationOptions mutation;

    @Parameters(index = "0", paramLabel = "NODE_ID", description = "Node id, e.g. 610474.")
    long nodeId;

    @Option(names = "--method", paramLabel = "METHOD", description = "PARALLEL (default) or SEQUENTIAL.")
    String method;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override public Integer call() {
        ApiCall<acs.Command> call = ApiCall.stop(nodeId, method == null ? null : DeployMethod.parse(method));
        MutationOptions.confirm(global, yes, mutation.dryRun(), "stop node " + nodeId);
        return mutation.execute(global, call);
    }

    public static void main(String... args) {
        System.exit(Cli.run(new NodeStop(), args));
    }
}
