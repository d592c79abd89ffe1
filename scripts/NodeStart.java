///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//JAVA_OPTIONS -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xlog:disable -Xlog:all=error:stderr -Dpicocli.disable.closures=true
//CDS
//SOURCES acs/cli/CliSources.java

import acs.ApiCall;
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

/** Start a node, optionally switching it to another image. */
@Command(name = "node-start", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Start a node's containers; with --image and --tag, switch the node to that image.",
        footer = {"", "Examples:",
                "  acs node-start 610474 --wait",
                "  acs node-start 610474 --image registry.acs.aliyun.com/open/tomcat7 --tag 3.0.1 --method SEQUENTIAL --wait"})
public class NodeStart implements Callable<Integer> {
    @Mixin GlobalOptions global;
    @Mixin MutationOptions mutation;

    @Mixin FleetOptions fleet;
    @Mixin DeployOptions deploy;

    @Option(names = "--image", paramLabel = "NAME", description = "Image name (with --tag), e.g. registry.acs.aliyun.com/open/tomcat7.")
    String image;

    @Option(names = "--tag", paramLabel = "TAG", description = "Image tag (with --image), e.g. 3.0.0.")
    String tag;

    @Override public Integer call() {
        // acs.NodeStart is the library's parameter record; this class is the command of the same name.
        acs.NodeStart p = new acs.NodeStart(image, tag, deploy.method(), deploy.update());
        return FleetRunner.run(global, mutation, fleet, "start", null, id -> ApiCall.start(id, p));
    }

    public static void main(String... args) {
        System.exit(Cli.run(new NodeStart(), args));
    }
}
