///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//JAVA_OPTIONS -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dpicocli.disable.closures=true -Djdk.httpclient.keepalive.timeout=20 -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 -Xlog:disable -Xlog:all=error:stderr -Xshare:auto
//CDS
//SOURCES acs/cli/CliSources.java

import acs.ApiCall;
import acs.cli.Cli;
import acs.cli.NodeCommand;
import java.util.function.LongFunction;
import picocli.CommandLine.Command;

/** Delete a node. Asks first on a terminal. */
@Command(name = "node-delete", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Delete a node: it turns DELETING, and is gone once the command is DONE. Asks for confirmation on a terminal.",
        footer = {"", "Examples:",
                "  acs node-delete 610474 --yes --wait",
                "  acs node-delete 610474 --dry-run"})
public class NodeDelete extends NodeCommand {
    public NodeDelete() {
        super("delete", true);
    }

    @Override protected LongFunction<ApiCall<acs.Command>> operation() {
        return ApiCall::delete;
    }

    public static void main(String... args) {
        System.exit(Cli.run(new NodeDelete(), args));
    }
}
