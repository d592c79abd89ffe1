///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//JAVA_OPTIONS -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dpicocli.disable.closures=true -Djdk.httpclient.keepalive.timeout=20 -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 -Xlog:disable -Xlog:all=error:stderr -Xshare:auto
//CDS
//SOURCES acs/cli/CliSources.java

import acs.ApiCall;
import acs.cli.Cli;
import acs.cli.DeployOptions;
import acs.cli.NodeCommand;
import java.util.function.LongFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Start a node, optionally switching it to another image. */
@Command(name = "node-start", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Start a node's containers; with --image and --tag, switch the node to that image.",
        footer = {"", "Examples:",
                "  acs node-start 610474 --wait",
                "  acs node-start 610474 --image registry.acs.aliyun.com/open/tomcat7 --tag 3.0.1 --method SEQUENTIAL --wait"})
public class NodeStart extends NodeCommand {
    @Mixin DeployOptions deploy;

    @Option(names = "--image", paramLabel = "NAME", description = "Image name (with --tag), e.g. registry.acs.aliyun.com/open/tomcat7.")
    String image;

    @Option(names = "--tag", paramLabel = "TAG", description = "Image tag (with --image), e.g. 3.0.0.")
    String tag;

    public NodeStart() {
        super("start", false);
    }

    @Override protected LongFunction<ApiCall<acs.Command>> operation() {
        // acs.NodeStart is the library's parameter record; this class is the command of the same name.
        acs.NodeStart p = new acs.NodeStart(image, tag, deploy.method(), deploy.update());
        return id -> ApiCall.start(id, p);
    }

    public static void main(String... args) {
        System.exit(Cli.run(new NodeStart(), args));
    }
}
