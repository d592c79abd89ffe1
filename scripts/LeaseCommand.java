///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//JAVA_OPTIONS -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dpicocli.disable.closures=true -Djdk.httpclient.keepalive.timeout=20 -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 -Xlog:disable -Xlog:all=error:stderr -Xshare:auto
//SOURCES acs/cli/CliSources.java

import acs.InvalidInputException;
import acs.journal.Operator;
import acs.journal.StateStore;
import acs.cli.Cli;
import acs.cli.OutputOptions;
import acs.cli.StoreTables;
import acs.cli.Terminal;
import acs.wire.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The nodes runs hold, and taking them back from a run whose process is gone. */
@Command(name = "lease", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"The node leases of the store (ACS_STORE, else the acs home): a run leases every node it changes when it starts, and gives each",
                "back when the work on it has ended; a killed run keeps them for 'acs resume'."},
        subcommands = {LeaseCommand.ListLeases.class, LeaseCommand.Release.class},
        footer = {"", "Examples:",
                "  acs lease list -o table",
                "  acs lease release 3f2a91 --force     # its process is gone and it will not be resumed"})
public class LeaseCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
            description = "List the leases held now, by run: who holds them, what the run does, since when, whether its process is alive.")
    static class ListLeases implements Callable<Integer> {
        @Mixin OutputOptions global;

        @Override public Integer call() {
            ArrayNode out = Json.MAPPER.createArrayNode();
            try (StateStore store = global.journal().store()) {
                StoreTables.leases(out, store.leases());
            }
            global.print(out, StoreTables.LEASES);
            return 0;
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
            description = {"Take every lease and the claim away from a run whose process is gone, so other runs may change its nodes.",
                    "The run stays resumable. Refused while its heartbeat is fresh (unless --even-if-alive). Recorded in the history",
                    "with who forced it. Asks for confirmation on a terminal; scripts pass --yes."})
    static class Release implements Callable<Integer> {
        @Mixin OutputOptions global;

        @Parameters(paramLabel = "RUN", description = "The run whose leases to release.")
        String run;

        @Option(names = "--force", description = "Required: says you know the run's nodes may then be changed by another run.")
        boolean force;

        @Option(names = "--even-if-alive", description = "Release even while its heartbeat is fresh (its process is cut off from the store, not gone).")
        boolean evenIfAlive;

        @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
        boolean yes;

        @Override public Integer call() {
            if (!force) {
                throw new InvalidInputException("--force", "releasing run " + run + "'s leases lets other runs change its nodes; say --force"
                        + " (if its process is alive, stop it first; 'acs resume " + run + "' finishes it instead)");
            }
            try (StateStore store = global.journal().store()) {
                List<StateStore.Lease> held = store.leases().stream().filter(l -> run.equals(l.run())).toList();
                String what = "release run " + run + "'s claim and its " + held.size() + " node lease" + (held.size() == 1 ? "" : "s")
                        + (held.isEmpty() ? "" : " (" + held.get(0).operator() + ", " + held.get(0).what() + ", since " + held.get(0).since()
                        + (held.get(0).alive() ? "; its heartbeat is fresh" : "; its heartbeat lapsed") + ")") + " in " + store.where();
                confirm(what);
                Operator me = Operator.current();
                store.forceRelease(run, me, evenIfAlive);
                global.err().println("acs: released run " + run + ": " + held.size() + " node lease" + (held.size() == 1 ? "" : "s")
                        + " and its claim, recorded as " + me.name() + "'s in the history ('acs history --run " + run + "');"
                        + " 'acs resume " + run + "' can still finish it");
            }
            return 0;
        }

        private void confirm(String what) {
            if (yes) return;
            Terminal t = Terminal.current();
            if (!t.interactive()) throw new InvalidInputException("--yes", "refusing to " + what + " without --yes: standard input is not a terminal");
            String answer = t.readLine(Character.toUpperCase(what.charAt(0)) + what.substring(1) + "? [y/N] ");
            if (answer == null || !(answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"))) {
                throw new InvalidInputException("--yes", "not confirmed; nothing was released");
            }
        }
    }

    public static void main(String... args) {
        System.exit(Cli.run(new LeaseCommand(), args));
    }
}
