///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//JAVA_OPTIONS -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dpicocli.disable.closures=true -Djdk.httpclient.keepalive.timeout=20 -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 -Xlog:disable -Xlog:all=error:stderr -Xshare:auto
//CDS
//SOURCES acs/cli/CliSources.java

import acs.ApiCall;
import acs.HistoryStart;
import acs.cli.Cli;
import acs.InvalidInputException;
import acs.cli.DeployOptions;
import acs.cli.NodeCommand;
import acs.journal.PackageVersions;
import java.util.List;
import java.util.function.LongFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** historyStart: redeploy a version recorded by an earlier deploy. */
// Help and version are declared here, not mixed in: --version V named the package version once, and
// now says so instead of printing the toolkit's version and redeploying nothing.
@Command(name = "node-redeploy", versionProvider = Cli.Version.class,
        description = "Redeploy a package version recorded by an earlier node-deploy (historyStart).",
        footer = {"", "Examples:",
                "  acs node-redeploy 610474 --package-version 2 --wait",
                "  acs node-redeploy 610474 --package-version 2 --method SEQUENTIAL",
                "  acs node-redeploy 610474 --previous --wait   # the version it ran before its latest deploy, from the journal"})
public class NodeRedeploy extends NodeCommand {
    @Mixin DeployOptions deploy;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, arity = "0..1", fallbackValue = "", paramLabel = "",
            description = "Print the toolkit's version and exit (the package version is --package-version).")
    String versionOption;

    @Option(names = "--package-version", paramLabel = "V",
            description = "The package version to redeploy (1, 2, 3, ... in deploy order). Required.")
    String version;

    @Option(names = "--previous", description = "Redeploy the version the node ran before its latest successful deploy or redeploy, as the"
            + " journal knows it (a team's store with ACS_STORE; the API lists no versions). Says where the number came from; not known: exit 2.")
    boolean previous;

    public NodeRedeploy() {
        super("redeploy", false);
    }

    @Override public Integer call() {
        if (versionOption != null && versionOption.isEmpty()) {
            spec.commandLine().printVersionHelp(spec.commandLine().getOut());
            return 0;
        }
        if (versionOption != null) {
            throw new InvalidInputException("--version", "'" + versionOption + "': the package version is --package-version "
                    + versionOption + " (--version alone prints the toolkit's version)");
        }
        if (previous) {
            if (version != null) throw new InvalidInputException("--previous", "give --previous or --package-version, not both");
            if (fleet.ids().size() != 1 || fleet.selects()) {
                throw new InvalidInputException("--previous", "takes one node id (each node's previous version is its own); for several, give --package-version");
            }
            return super.call();
        }
        if (version == null) throw new InvalidInputException("--package-version", "is required: the version to redeploy, e.g. --package-version 2"
                + " (or --previous: the version before the node's latest deploy, from the journal)");
        if (!version.trim().matches("[1-9][0-9]{0,9}")) {
            throw new InvalidInputException("--package-version", "'" + version + "' is not a package version; versions are 1, 2, 3, ... "
                    + "in the order the node's packages were deployed");
        }
        return super.call();
    }

    @Override protected LongFunction<ApiCall<acs.Command>> operation() {
        if (previous) {
            long node = fleet.ids().get(0);
            var client = global.client();
            PackageVersions known = PackageVersions.read(client.lifecycle().journal(), client.lifecycle().origin().endpoint(), List.of(node), null);
            int v = known.previous(node, "--previous");
            global.err().println("acs: --previous: version " + v + ": " + known.previousSource(node));
            version = Integer.toString(v);
        }
        HistoryStart p = new HistoryStart(version, deploy.method(), deploy.update());
        return id -> ApiCall.historyStart(id, p);
    }

    public static void main(String... args) {
        System.exit(Cli.run(new NodeRedeploy(), args));
    }
}
