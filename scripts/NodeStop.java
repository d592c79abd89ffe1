///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//JAVA_OPTIONS -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dpicocli.disable.closures=true -Djdk.httpclient.keepalive.timeout=20 -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 -Xlog:disable -Xlog:all=error:stderr -Xshare:auto
//CDS
//SOURCES acs/cli/CliSources.java

import acs.ApiCall;
import acs.DeployMethod;
import acs.cli.Cli;
import acs.cli.NodeCommand;
import java.util.function.LongFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Stop a node's containers. Asks first on a terminal. */
@Command(name = "node-stop", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Stop a node's containers. Asks for confirmation on a terminal; scripts pass --yes.",
        footer = {"", "Examples:",
                "  acs node-stop 610474 --yes --wait",
                "  acs node-stop 610474 --method SEQUENTIAL --dry-run",
                "  acs node-stop --all --name '^线下' --yes --concurrency 32"})
public class NodeStop extends NodeCommand {
    @Option(names = "--method", paramLabel = "METHOD", description = "PARALLEL (default) or SEQUENTIAL.")
    String method;

    public NodeStop() {
        super("stop", true);
    }

    @Override protected LongFunction<ApiCall<acs.Command>> operation() {
        DeployMethod m = method == null ? null : DeployMethod.parse(method);
        return id -> ApiCall.stop(id, m);
    }

    public static void main(String... args) {
        System.exit(Cli.run(new NodeStop(), args));
    }
}
