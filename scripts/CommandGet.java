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

/** Show a command: status, result, activities and steps. */
@Command(name = "command-get", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Show a command: status, result, activities and steps.",
        footer = {"", "Examples:",
                "  acs command-get 6762ccf2-31ef-4917-9e8c-03dd6a510097",
                "  acs command-get 6762ccf2-31ef-4917-9e8c-03dd6a510097 --query status"})
public class CommandGet implements Callable<Integer> {
    @Mixin GlobalOptions global;
    @Parameters(index = "0", paramLabel = "COMMAND_ID", description = "The commandId a node operation returned.")
    String commandId;

    @Override public Integer call() {
        global.print(ApiCall.command(commandId), Table.COMMAND);
        return 0;
    }

    public static void main(String... args) {
        System.exit(Cli.run(new CommandGet(), args));
    }
}
