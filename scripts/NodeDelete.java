///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//JAVA_OPTIONS -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xlog:disable -Xlog:all=error:stderr -Dpicocli.disable.closures=true
//CDS
//SOURCES acs/cli/CliSources.java

import acs.ApiCall;
import acs.cli.Cli;
import acs.cli.FleetOptions;
import acs.cli.FleetRunner;
import acs.cli.GlobalOptions;
import acs.cli.MutationOptions;
import java.util.ArrayList;
import java.util.List;
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

    @Mixin FleetOptions fleet;

    @Parameters(arity = "0..*", paramLabel = "NODE_ID", description = "Node ids, e.g. 610474 (one id: the command as is; several, or selectors: one row per node, always waited for).")
    List<Long> nodeIds = new ArrayList<>();

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override public Integer call() {
        return FleetRunner.run(global, mutation, fleet, nodeIds, "delete", yes, id -> ApiCall.delete(id));
    }

    public static void main(String... args) {
        System.exit(Cli.run(new NodeDelete(), args));
    }
}
