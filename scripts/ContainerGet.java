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

/** Show one container. */
@Command(name = "container-get", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Show one container.",
        footer = {"", "Examples:",
                "  acs container-get 16634"})
public class ContainerGet implements Callable<Integer> {
    @Mixin GlobalOptions global;
    @Parameters(index = "0", paramLabel = "CONTAINER_ID", description = "Container id, e.g. 16634.")
    long containerId;

    @Override public Integer call() {
        global.print(ApiCall.container(containerId), Table.CONTAINER);
        return 0;
    }

    public static void main(String... args) {
        System.exit(Cli.run(new ContainerGet(), args));
    }
}
