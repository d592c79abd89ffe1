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

/** Show one service with its nodes. */
@Command(name = "service-get", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Show one service with its nodes.",
        footer = {"", "Examples:",
                "  acs service-get 12209",
                "  acs service-get 12209 --query \"nodes[].id\""})
public class ServiceGet implements Callable<Integer> {
    @Mixin GlobalOptions global;
    @Parameters(index = "0", paramLabel = "SERVICE_ID", description = "Service id, e.g. 12209.")
    long serviceId;

    @Override public Integer call() {
        global.print(ApiCall.service(serviceId), Table.SERVICE);
        return 0;
    }

    public static void main(String... args) {
        System.exit(Cli.run(new ServiceGet(), args));
    }
}
