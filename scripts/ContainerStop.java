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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Stop one container. */
@Command(name = "container-stop", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Stop one container (its node must have no command running). Asks for confirmation on a terminal; scripts pass --yes.",
        footer = {"", "Examples:", "  acs container-stop 16634 --yes --wait", "  acs container-stop 16634 --dry-run"})
public class ContainerStop implements Callable<Integer> {
    @Mixin GlobalOptions global;
    @Mixin MutationOptions mutation;

    @Parameters(index = "0", paramLabel = "CONTAINER_ID", description = "Container id, e.g. 16634.")
    long containerId;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override public Integer call() {
        MutationOptions.confirm(global, yes, mutation.dryRun(), "stop container " + containerId);
        return mutation.execute(global, ApiCall.containerStop(containerId));
    }

    public static void main(String... args) {
        System.exit(Cli.run(new ContainerStop(), args));
    }
}
