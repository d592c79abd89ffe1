///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//JAVA_OPTIONS -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xlog:disable -Xlog:all=error:stderr -Dpicocli.disable.closures=true
//CDS
//SOURCES acs/cli/CliSources.java

import acs.ApiCall;
import acs.HistoryStart;
import acs.cli.Cli;
import acs.cli.DeployOptions;
import acs.cli.NodeCommand;
import java.util.function.LongFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** historyStart: redeploy a version recorded by an earlier deploy. */
// Help and version are declared here, not mixed in: --version names the package version (as it
// always has), so the toolkit's version is -V only.
@Command(name = "node-redeploy", versionProvider = Cli.Version.class,
        description = "Redeploy a package version recorded by an earlier node-deploy (historyStart).",
        footer = {"", "Examples:",
                "  acs node-redeploy 610474 --package-version 2 --wait",
                "  acs node-redeploy 610474 --package-version 2 --method SEQUENTIAL"})
public class NodeRedeploy extends NodeCommand {
    @Mixin DeployOptions deploy;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "-V", versionHelp = true, description = "Print the toolkit's version and exit.")
    boolean versionHelp;

    @Option(names = {"--package-version", "--version"}, required = true, paramLabel = "V",
            description = "The package version to redeploy (1, 2, 3, ... in deploy order); --version V is the older spelling.")
    String version;

    public NodeRedeploy() {
        super("redeploy", false);
    }

    @Override protected LongFunction<ApiCall<acs.Command>> operation() {
        HistoryStart p = new HistoryStart(version, deploy.method(), deploy.update());
        return id -> ApiCall.historyStart(id, p);
    }

    public static void main(String... args) {
        System.exit(Cli.run(new NodeRedeploy(), args));
    }
}
