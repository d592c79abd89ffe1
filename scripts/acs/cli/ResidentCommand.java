package acs.cli;

import acs.config.AcsHome;
import acs.cli.launch.Residents;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** acs resident list|stop: the installed launcher's resident JVMs of this toolkit home. */
@Command(name = "resident", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"The resident JVMs of the installed launcher (acs install): after a command succeeded in a JVM of its own, one stays",
                "to run the next commands of the same folder and environment without a JVM start. At most " + Residents.MAX
                        + " live per toolkit home (the least recently used idle one leaves); each leaves after ACS_RESIDENT (default 10m) unused.",
                "ACS_RESIDENT=0 runs every command in a JVM of its own."},
        subcommands = {ResidentCommand.ListResidents.class, ResidentCommand.Stop.class},
        footer = {"", "Examples:", "  acs resident list", "  acs resident stop              # every resident of this home",
                "  acs resident stop 1f2e3d4c5b6a7980", "", Cli.EXIT_CODES})
public class ResidentCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    static Path dir() {
        return AcsHome.of(System.getenv()).resolve("resident");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
            description = "List the live residents: key, pid, memory (resident set), commands served, last use, folder.")
    static class ListResidents implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default) or json.")
        String output = "table";

        @Override public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<Residents.Info> live = Residents.list(dir());
            if (output.equals("json")) {
                var array = acs.wire.Json.MAPPER.createArrayNode();
                for (Residents.Info i : live) {
                    array.addObject().put("key", i.key()).put("pid", i.pid()).put("rssKb", i.rssKb()).put("commands", i.commands())
                            .put("scripts", i.scripts()).put("started", i.started().toString()).put("lastUsed", i.lastUsed().toString())
                            .put("idleLimit", i.idleLimit()).put("folder", i.folder());
                }
                out.println(array.toPrettyString());
            } else if (output.equals("table")) {
                List<List<String>> rows = new ArrayList<>();
                rows.add(List.of("KEY", "PID", "RSS", "COMMANDS", "IDLE", "KIND", "FOLDER"));
                for (Residents.Info i : live) {
                    rows.add(List.of(i.key(), Long.toString(i.pid()), (i.rssKb() + 512) / 1024 + " MB", Integer.toString(i.commands()),
                            acs.Durations.format(Duration.between(i.lastUsed(), Instant.now()).withNanos(0)) + " of " + i.idleLimit(),
                            i.scripts() ? "scripts" : "commands", i.folder()));
                }
                out.print(Table.align(rows));
                if (live.isEmpty()) spec.commandLine().getErr().println("acs: no resident JVM is running for " + dir().getParent());
            } else {
                throw new acs.InvalidInputException("-o", "'" + output + "' is not a format of this list; use table or json");
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
            description = "Stop residents (all of this home when no KEY is given); one running a command leaves when it ends.")
    static class Stop implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "KEY", arity = "0..*", description = "Keys from 'acs resident list'.")
        List<String> keys = new ArrayList<>();

        @Override public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            List<Residents.Info> live = Residents.list(dir());
            for (String k : keys) {
                if (live.stream().noneMatch(i -> i.key().equals(k))) {
                    throw new acs.InvalidInputException("KEY", "no live resident has key " + k + " (see 'acs resident list')");
                }
            }
            int n = 0;
            for (Residents.Info i : live) {
                if (!keys.isEmpty() && !keys.contains(i.key())) continue;
                String answer = Residents.stop(dir(), i);
                err.println("acs: resident " + i.key() + " (pid " + i.pid() + "): " + (answer == null ? "already gone" : answer));
                n++;
            }
            if (n == 0) err.println("acs: no resident JVM is running for " + dir().getParent());
            err.flush();
            return 0;
        }
    }
}
