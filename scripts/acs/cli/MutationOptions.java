package acs.cli;

import acs.Answer;
import acs.ApiCall;
import acs.Command;
import acs.CommandFailedException;
import acs.Durations;
import acs.InvalidInputException;
import acs.WaitOptions;
import acs.client.AcsClient;
import acs.wire.Json;
import acs.wire.PreparedRequest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * What every state-changing command takes: --wait, --wait-timeout, --dry-run. The CLI's client
 * journals every change ({@link acs.lifecycle.CommandLifecycle}): a line before it is sent, its outcome
 * (commandId, rejected, or unknown: exit 5 with what to check) before anything is printed, and
 * the command's end when the wait sees it.
 */
public final class MutationOptions {
    @Option(names = "--wait", description = "Wait for the command to finish, showing progress on stderr.")
    boolean wait;

    @Option(names = "--wait-timeout", paramLabel = "DURATION", description = "Give up waiting after this long (default 10m); exit 7.")
    String waitTimeout;

    @Option(names = "--dry-run", description = "Read the node or container (a missing one fails as for real), print the exact request (signature redacted), send no change.")
    boolean dryRun;

    public boolean dryRun() {
        return dryRun;
    }

    /** Sends (or, with --dry-run, prints) the call, then optionally waits; returns the exit code. */
    public int execute(GlobalOptions g, ApiCall<Command> call) {
        WaitOptions waitOptions = waitTimeout == null ? WaitOptions.DEFAULT
                : WaitOptions.timeout(Durations.parse("--wait-timeout", waitTimeout));
        if (waitTimeout != null && !wait) {
            throw new InvalidInputException("--wait-timeout", "only makes sense with --wait");
        }
        AcsClient client = g.client();
        if (dryRun) {
            PreparedRequest p = client.prepare(call);
            acs.lifecycle.DryRun.checkTarget(call, client::call); // a missing node fails as the real run would
            g.err().println("acs: dry run: nothing was sent");
            g.out().print(p.describe());
            g.out().flush();
            return 0;
        }
        JsonNode data;
        try {
            data = client.callRaw(call); // journaled: sending, then accepted / rejected / unknown (exit 5)
        } catch (acs.ApiException e) {
            if (e.code() == acs.ErrorCode.STATUS_ERROR) hintRunningCommand(g, client, call);
            throw e;
        }
        if (!wait) {
            g.print(data, Table.COMMAND);
            return 0;
        }
        return waitAndPrint(g, client, data.path("commandId").asText(), waitOptions);
    }

    /**
     * A node busy with a command (1007), e.g. after node-stop without --wait: the command this
     * toolkit started on it and has not seen end, from the journal, and how to wait for it.
     */
    private static void hintRunningCommand(GlobalOptions g, AcsClient client, ApiCall<Command> call) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^/api/v1/node/(\\d+)(/|$)").matcher(call.path());
        acs.journal.Journal journal = client.lifecycle().journal();
        if (!m.find() || journal == null) return;
        long node = Long.parseLong(m.group(1));
        try {
            journal.pending().stream()
                    .filter(e -> e.node() != null && e.node() == node && e.state() == acs.journal.JournalEntry.State.ACCEPTED)
                    .reduce((a, b) -> b)
                    .ifPresent(e -> g.err().println("acs: node " + node + " may still run command " + e.commandId() + " (" + e.operation()
                            + ", sent " + e.time() + "): wait for it with 'acs command-wait " + e.commandId() + "', then try again"));
        } catch (RuntimeException unreadable) {
            // a hint only: the error itself is what counts
        }
    }

    /** Waits with live progress on stderr and prints the final command on stdout (also when it failed). */
    public static int waitAndPrint(GlobalOptions g, AcsClient client, String commandId, WaitOptions options) {
        PrintWriter err = g.err();
        long t0 = System.nanoTime();
        err.println("acs: waiting for command " + commandId + " (up to " + Durations.format(options.timeout()) + ")");
        WaitOptions withProgress = options.withListener(p -> {
            err.printf("  %5.1fs  %s%n", (System.nanoTime() - t0) / 1e9, p.describe());
            err.flush();
        });
        try {
            Answer<Command> done = client.waitForAnswer(commandId, withProgress); // the journal records its end
            g.print(done.raw(), Table.COMMAND); // verbatim, as command-get prints it
            err.printf("acs: command %s succeeded in %.1fs%n", commandId, (System.nanoTime() - t0) / 1e9);
            return 0;
        } catch (CommandFailedException e) {
            g.print(e.raw() != null ? e.raw() : Json.MAPPER.valueToTree(e.command()), Table.COMMAND);
            throw e;
        }
    }

    /** Destructive commands: ask on a terminal, refuse without --yes elsewhere (see {@link Confirm}). */
    public static void confirm(GlobalOptions g, boolean yes, boolean dryRun, String action) {
        Confirm.required(g, yes, dryRun, action, java.util.List.of());
    }
}
