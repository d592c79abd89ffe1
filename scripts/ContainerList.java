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

/** List all containers. */
@Command(name = "container-list", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "List all containers.",
        footer = {"", "Examples:",
                "  acs container-list -o wide"})
public class ContainerList implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @Override public Integer call() {
        global.print(ApiCall.containers(), Table.CONTAINER);
        return 0;
    }

    public static void main(String... args) {
        System.exit(Cli.run(new ContainerList(), args));
    }
}
