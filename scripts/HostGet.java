///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES acs/cli/CliSources.java

import acs.ApiCall;
import acs.cli.Cli;
import acs.cli.GlobalOptions;
import acs.cli.Table;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Show one host. */
@Command(name = "host-get", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Show one host.",
        footer = {"", "Examples:",
                "  acs host-get 3505"})
public class HostGet implements Callable<Integer> {
    @Mixin GlobalOptions global;
    @Parameters(index = "0", paramLabel = "HOST_ID", description = "Host id, e.g. 3505.")
    long hostId;

    @Override public Integer call() {
        global.print(ApiCall.host(hostId), Table.HOST);
        return 0;
    }

    public static void main(String... args) {
        System.exit(Cli.run(new HostGet(), args));
    }
}
