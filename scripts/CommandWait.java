///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES acs/cli/CliSources.java

import acs.Durations;
import acs.WaitOptions;
import acs.cli.Cli;
import acs.cli.GlobalOptions;
import acs.cli.MutationOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Wait for a command to finish, with live progress. */
@Command(name = "command-wait", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Wait until a command is DONE, showing each activity and step on stderr; prints the final command.",
        footer = {"", "Exit 0 when it succeeded, 6 when it failed, 7 when the wait timed out.", "", "Examples:",
                "  acs command-wait 6762ccf2-31ef-4917-9e8c-03dd6a510097",
                "  acs command-wait 6762ccf2-31ef-4917-9e8c-03dd6a510097 --wait-timeout 3m -o table"})
public class CommandWait implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @Parameters(index = "0", paramLabel = "COMMAND_ID", description = "The commandId a node operation returned.")
    String commandId;

    @Option(names = "--wait-timeout", paramLabel = "DURATION", description = "Give up after this long (default 10m), e.g. 30s, 10m.")
    String waitTimeout;

    @Override public Integer call() {
        WaitOptions o = waitTimeout == null ? WaitOptions.DEFAULT : WaitOptions.timeout(Durations.parse("--wait-timeout", waitTimeout));
        return MutationOptions.waitAndPrint(global, global.client(), commandId, o);
    }

    public static void main(String... args) {
        System.exit(Cli.run(new CommandWait(), args));
    }
}
