///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//JAVA_OPTIONS -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dpicocli.disable.closures=true -Djdk.httpclient.keepalive.timeout=20 -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 -Xlog:disable -Xlog:all=error:stderr -Xshare:auto
//CDS
//SOURCES acs/cli/CliSources.java

import acs.ApiCall;
import acs.cli.Cli;
import acs.cli.GlobalOptions;
import acs.cli.Table;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Show one node and its containers. */
@Command(name = "node-get", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Show one node and its containers.",
        footer = {"", "Examples:",
                "  acs node-get 610474",
                "  acs node-get 610474 -o yaml",
                "  acs node-get 610474 --query \"containers[].status\""})
public class NodeGet implements Callable<Integer> {
    @Mixin GlobalOptions global;
    @Parameters(index = "0", paramLabel = "NODE_ID", description = "Node id, e.g. 610474.")
    long nodeId;

    @Override public Integer call() {
        global.print(ApiCall.node(nodeId), Table.NODE);
        return 0;
    }

    public static void main(String... args) {
        System.exit(Cli.run(new NodeGet(), args));
    }
}
