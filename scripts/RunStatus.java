///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//JAVA_OPTIONS -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dpicocli.disable.closures=true -Djdk.httpclient.keepalive.timeout=20 -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 -Xlog:disable -Xlog:all=error:stderr -Xshare:auto
//SOURCES acs/cli/CliSources.java

import acs.AcsException;
import acs.Durations;
import acs.InvalidInputException;
import acs.journal.EntryQuery;
import acs.journal.RunProgress;
import acs.journal.RunRecord;
import acs.journal.StateStore;
import acs.cli.Cli;
import acs.cli.OutputOptions;
import acs.cli.StoreTables;
import acs.wire.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Where a run stands, from any terminal on the store; {@code --watch} follows it to its end. */
@Command(name = "run-status", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Show where a run stands (a fleet command or a script; with ACS_STORE, started on any machine that shares it):",
                "nodes done, failed, unknown and left, who holds it. --watch prints a line at each change until the run ends,",
                "then its status; the exit code then says how it ended (0 all done, 5 some unknown, 6 some failed). Nothing is sent."},
        footer = {"", "Examples:",
                "  acs run-status 3f2a91 -o table",
                "  acs run-status 3f2a91 --watch"})
public class RunStatus implements Callable<Integer> {

    @Mixin OutputOptions global;

    @Parameters(paramLabel = "RUN", description = "The run's id, or a unique prefix of it ('acs journal --runs' lists them).")
    String runId;

    @Option(names = "--watch", description = "Follow the run until it ends (or its process is gone).")
    boolean watch;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s", description = "With --watch: how often to look (default 2s).")
    String interval;

    @Override public Integer call() throws InterruptedException {
        Duration every = Durations.positive("--interval", interval);
        try (StateStore store = global.journal().store()) {
            RunRecord r = find(store, runId);
            ObjectNode now = status(store, r.id());
            if (watch) {
                String last = null;
                while (true) {
                    String line = line(now);
                    if (!line.equals(last)) global.err().println(line);
                    global.err().flush();
                    last = line;
                    if (!now.path("state").asText().equals("running")) break;
                    Thread.sleep(every.toMillis());
                    now = status(store, r.id());
                }
            }
            global.print(now, StoreTables.RUN);
            if (!watch) return 0;
            if (now.path("unknown").asInt() > 0) return AcsException.EXIT_TRANSPORT;
            return now.path("failed").asInt() > 0 || now.path("state").asText().equals("interrupted") ? AcsException.EXIT_COMMAND_FAILED : 0;
        }
    }

    private static ObjectNode status(StateStore store, String id) {
        RunRecord r = store.run(id).orElseThrow(() -> new InvalidInputException("RUN", "run " + id + " is gone from " + store.where()));
        List<StateStore.Lease> leases = store.leases().stream().filter(l -> id.equals(l.run())).toList();
        RunProgress p = RunProgress.of(r, store.find(EntryQuery.ofRun(id)));
        return StoreTables.run(Json.MAPPER.createObjectNode(), p, leases);
    }

    /** "run 3f2a91 node-deploy on 200 nodes: running, 120 done, 2 failed, 0 unknown, 78 left (alice@h1)". */
    private static String line(ObjectNode s) {
        String who = s.path("heldBy").asText();
        return "acs: run " + s.path("run").asText() + " " + s.path("what").asText() + ": " + s.path("state").asText() + ", "
                + s.path("done").asInt() + " done, " + s.path("failed").asInt() + " failed, " + s.path("unknown").asInt() + " unknown, "
                + s.path("left").asInt() + " left" + (who.isEmpty() ? "" : " (" + who + ")");
    }

    private static RunRecord find(StateStore store, String idOrPrefix) {
        var exact = store.run(idOrPrefix);
        if (exact.isPresent()) return exact.get();
        List<RunRecord> matches = store.runs().stream().filter(r -> r.id().startsWith(idOrPrefix)).toList();
        if (matches.isEmpty()) throw new InvalidInputException("RUN", "no run '" + idOrPrefix + "' in " + store.where() + " ('acs journal --runs' lists them)");
        if (matches.size() > 1) {
            throw new InvalidInputException("RUN", "'" + idOrPrefix + "' matches " + matches.stream().map(RunRecord::id).toList() + "; give more of the id");
        }
        return matches.get(0);
    }

    public static void main(String... args) {
        System.exit(Cli.run(new RunStatus(), args));
    }
}
