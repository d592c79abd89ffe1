///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES acs/cli/CliSources.java

import acs.AcsException;
import acs.Durations;
import acs.InvalidInputException;
import acs.client.AcsClient;
import acs.journal.JournalEntry;
import acs.WaitOptions;
import acs.cli.Cli;
import acs.cli.GlobalOptions;
import acs.cli.MutationOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Wait for a command to finish, with live progress; or for every unfinished command of the journal. */
@Command(name = "command-wait", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Wait until a command is DONE, showing each activity and step on stderr; prints the final command.",
                "With --pending: wait for every command the journal (~/.acs/journal.jsonl) still holds as running, e.g. after a crash or kill -9,",
                "and list the operations whose outcome is unknown."},
        footer = {"", "Exit 0 when it succeeded, 6 when it failed, 7 when the wait timed out; with --pending, 5 when an",
                "outcome in the journal is unknown (check it, then 'acs journal --resolve ENTRY --applied|--not-applied').", "", "Examples:",
                "  acs command-wait 6762ccf2-31ef-4917-9e8c-03dd6a510097",
                "  acs command-wait 6762ccf2-31ef-4917-9e8c-03dd6a510097 --wait-timeout 3m -o table",
                "  acs command-wait --pending"})
public class CommandWait implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @Parameters(index = "0", arity = "0..1", paramLabel = "COMMAND_ID", description = "The commandId a node operation returned.")
    String commandId;

    @Option(names = "--pending", description = "Wait for every unfinished command recorded in the journal.")
    boolean pending;

    @Option(names = "--all-endpoints", description = "With --pending: also wait for commands made on other endpoints, each on its own endpoint with the profile it was made with.")
    boolean allEndpoints;

    @Option(names = "--wait-timeout", paramLabel = "DURATION", description = "Give up after this long (default 10m; with --pending, for each command), e.g. 30s, 10m.")
    String waitTimeout;

    @Override public Integer call() {
        WaitOptions o = waitTimeout == null ? WaitOptions.DEFAULT : WaitOptions.timeout(Durations.parse("--wait-timeout", waitTimeout));
        if (pending == (commandId != null)) {
            throw new InvalidInputException(pending ? "COMMAND_ID" : "--pending", pending ? "not with --pending" : "give a COMMAND_ID or --pending");
        }
        if (allEndpoints && !pending) throw new InvalidInputException("--all-endpoints", "only makes sense with --pending");
        if (!pending) return MutationOptions.waitAndPrint(global, global.client(), commandId, o);
        return waitPending(o);
    }

    private int waitPending(WaitOptions o) {
        acs.journal.Journal journal = global.journal();
        acs.journal.Journal.Snapshot read = journal.read();
        var err = global.err();
        read.problems().forEach(p -> err.println("acs: warning: " + p));
        var entries = read.entries().stream().filter(JournalEntry::pending).toList();
        if (entries.isEmpty()) {
            err.println("acs: nothing pending in " + journal.file());
            return 0;
        }
        AcsClient here = global.client();
        String current = here.lifecycle().origin().endpoint();
        Map<String, AcsClient> clients = new HashMap<>();
        int exit = 0, unknown = 0, elsewhere = 0;
        for (JournalEntry e : entries) {
            String what = e.operation() + (e.node() != null ? " node " + e.node() : e.container() != null ? " container " + e.container() : "");
            if (e.state() == JournalEntry.State.ACCEPTED && e.commandId() != null) {
                AcsClient client = here;
                if (e.endpoint() != null && !e.endpoint().equals(current)) {
                    if (!allEndpoints) { // an id means nothing on another server: never send it there
                        elsewhere++;
                        err.println("acs: skipping " + what + " (command " + e.commandId() + ", entry " + e.id() + "): it was made on "
                                + e.endpoint() + (e.profile() == null ? "" : " (profile " + e.profile() + ")") + ", not on " + current);
                        continue;
                    }
                    try {
                        client = clients.computeIfAbsent(e.endpoint() + "|" + e.profile(), k -> global.clientFor(e.endpoint(), e.profile()));
                    } catch (AcsException x) {
                        err.println("acs: cannot reach " + e.endpoint() + " for " + what + " (entry " + e.id() + "): " + x.getMessage());
                        exit = worse(exit, x.exitCode());
                        continue;
                    }
                }
                err.println("acs: " + what + " (entry " + e.id() + (client == here ? "" : ", on " + e.endpoint()) + ")");
                try {
                    MutationOptions.waitAndPrint(global, client, e.commandId(), o);
                } catch (AcsException x) {
                    err.println("acs: error: " + x.getMessage());
                    exit = worse(exit, x.exitCode());
                }
            } else if (e.outcomeUnknown()) {
                unknown++;
                err.println("acs: " + what + " has an unknown outcome (entry " + e.id() + ", " + e.time() + ", on " + e.endpoint() + "): "
                        + e.whatToCheck() + "; then 'acs journal --resolve " + e.id() + " --applied' (or '--not-applied')");
            } else {
                err.println("acs: " + what + " is still being sent by process " + e.pid() + " (entry " + e.id() + ")");
            }
        }
        if (elsewhere > 0) {
            err.println("acs: " + elsewhere + " pending command(s) were made on other endpoints and were not waited for;"
                    + " 'acs command-wait --pending --all-endpoints' visits each on its own endpoint");
        }
        return exit != 0 ? exit : unknown > 0 ? AcsException.EXIT_TRANSPORT : 0;
    }

    /** A failure (6) outranks a timeout (7), which outranks anything else. */
    private static int worse(int a, int b) {
        if (a == AcsException.EXIT_COMMAND_FAILED || b == AcsException.EXIT_COMMAND_FAILED) return AcsException.EXIT_COMMAND_FAILED;
        if (a == AcsException.EXIT_TIMEOUT || b == AcsException.EXIT_TIMEOUT) return AcsException.EXIT_TIMEOUT;
        return a != 0 ? a : b;
    }

    public static void main(String... args) {
        System.exit(Cli.run(new CommandWait(), args));
    }
}
