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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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

    @Override public Integer call() {
        return FleetRunner.run(global, mutation, fleet, "delete", fleet.yes(), id -> ApiCall.delete(id));
    }

    public static void main(String... args) {
        System.exit(Cli.run(new NodeDelete(), args));
    }
}
