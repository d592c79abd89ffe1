///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES acs/cli/CliSources.java

import acs.ApiCall;
import acs.DeployMethod;
import acs.HistoryStart;
import acs.cli.Cli;
import acs.cli.GlobalOptions;
import acs.cli.MutationOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** historyStart: redeploy a version recorded by an earlier deploy. */
@Command(name = "node-redeploy", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Redeploy a package version recorded by an earlier node-deploy (historyStart).",
        footer = {"", "Examples:",
                "  acs node-redeploy 610474 --version 2 --wait",
                "  acs node-redeploy 610474 --version 2 --method SEQUENTIAL"})
public class NodeRedeploy implements Callable<Integer> {
    @Mixin GlobalOptions global;
    @Mixin MutationOptions mutation;

    @Parameters(index = "0", paramLabel = "NODE_ID", description = "Node id, e.g. 610474.")
    long nodeId;

    @Option(names = "--version", required = true, paramLabel = "V", description = "The version to redeploy (1, 2, 3, ... in deploy order).")
    String version;

    @Option(names = "--method", paramLabel = "METHOD", description = "PARALLEL (default) or SEQUENTIAL.")
    String method;

    @Option(names = "--update", description = "Recreate the containers instead of restarting them.")
    boolean update;

    @Override public Integer call() {
        HistoryStart p = HistoryStart.of(version);
        if (method != null) p = p.method(DeployMethod.parse(method));
        if (update) p = p.update(true);
        return mutation.execute(global, ApiCall.historyStart(nodeId, p));
    }

    public static void main(String... args) {
        System.exit(Cli.run(new NodeRedeploy(), args));
    }
}
