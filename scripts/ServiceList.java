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

/** List all services with their nodes. */
@Command(name = "service-list", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "List all services with their nodes.",
        footer = {"", "Examples:",
                "  acs service-list -o table",
                "  acs service-list --query \"[].{id:id,name:name}\""})
public class ServiceList implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @Override public Integer call() {
        global.print(ApiCall.services(), Table.SERVICE);
        return 0;
    }

    public static void main(String... args) {
        System.exit(Cli.run(new ServiceList(), args));
    }
}
