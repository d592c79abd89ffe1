///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//JAVA_OPTIONS -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xlog:disable -Xlog:all=error:stderr -Dpicocli.disable.closures=true
//CDS
//SOURCES acs/cli/CliSources.java

import acs.ApiCall;
import acs.HistoryStart;
import acs.cli.Cli;
import acs.cli.DeployOptions;
import acs.cli.FleetOptions;
import acs.cli.FleetRunner;
import acs.cli.GlobalOptions;
import acs.cli.MutationOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** historyStart: redeploy a version recorded by an earlier deploy. */
@Command(name = "node-redeploy", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Redeploy a package version recorded by an earlier node-deploy (historyStart).",
        footer = {"", "Examples:",
                "  acs node-redeploy 610474 --version 2 --wait",
                "  acs node-redeploy 610474 --version 2 --method SEQUENTIAL"})
public class NodeRedeploy implements Callable<Integer> {
    @Mixin GlobalOptions global;
    @Mixin MutationOptions mutation;

    @Mixin FleetOptions fleet;
    @Mixin DeployOptions deploy;

    @Option(names = "--version", required = true, paramLabel = "V", description = "The version to redeploy (1, 2, 3, ... in deploy order).")
    String version;

    @Override public Integer call() {
        HistoryStart p = new HistoryStart(version, deploy.method(), deploy.update());
        return FleetRunner.run(global, mutation, fleet, "redeploy", null, id -> ApiCall.historyStart(id, p));
    }

    public static void main(String... args) {
        System.exit(Cli.run(new NodeRedeploy(), args));
    }
}
