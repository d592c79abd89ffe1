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

/** List the hosts. */
@Command(name = "host-list", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "List the hosts.",
        footer = {"", "Examples:",
                "  acs host-list -o table"})
public class HostList implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @Override public Integer call() {
        global.print(ApiCall.hosts(), Table.HOST);
        return 0;
    }

    public static void main(String... args) {
        System.exit(Cli.run(new HostList(), args));
    }
}
