///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES acs/cli/CliSources.java

import acs.ApiCall;
import acs.cli.Cli;
import acs.cli.GlobalOptions;
import acs.cli.MutationOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Start one container. */
@Command(name = "container-start", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Start one container (its node must have no command running).",
        footer = {"", "Examples:", "  acs container-start 16634 --wait"})
public class ContainerStart implements Callable<Integer> {
    @Mixin GlobalOptions global;
    @Mixin MutationOptions mutation;

    @Parameters(index = "0", paramLabel = "CONTAINER_ID", description = "Container id, e.g. 16634.")
    long containerId;

    @Override public Integer call() {
        return mutation.execute(global, ApiCall.containerStart(containerId));
    }

    public static void main(String... args) {
        System.exit(Cli.run(new ContainerStart(), args));
    }
}
