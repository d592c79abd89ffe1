///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//JAVA_OPTIONS -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dpicocli.disable.closures=true -Djdk.httpclient.keepalive.timeout=20 -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 -Xlog:disable -Xlog:all=error:stderr -Xshare:auto
//SOURCES acs/cli/CliSources.java

import acs.Durations;
import acs.journal.EntryQuery;
import acs.journal.StateStore;
import acs.cli.Cli;
import acs.cli.GlobalOptions;
import acs.cli.StoreTables;
import acs.wire.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Who changed what, when, with what outcome: the store's journal, filtered in its query. */
@Command(name = "history", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Show who changed what, when, and how it ended: every change recorded in the journal (the store ACS_STORE names,",
                "shared by a team, else the journal of the acs home), oldest first, each in its latest state. The filters are the store's",
                "query: nothing else is read. Nothing is sent."},
        footer = {"", "Examples:",
                "  acs history --node 610474 -o table        # every change of that node, by anyone on the store",
                "  acs history --since 7d --user alice -o table",
                "  acs history --run 3f2a91 -o wide"})
public class History implements Callable<Integer> {

    @Mixin GlobalOptions global;

    @Option(names = "--node", paramLabel = "ID", split = ",", description = "Only changes to these nodes (repeat, or comma-separated).")
    Set<Long> nodes;

    @Option(names = "--since", paramLabel = "DURATION", description = "Only changes made or updated in this past span, e.g. 1h, 7d.")
    String since;

    @Option(names = "--user", paramLabel = "U", description = "Only changes by this operator: ACS_OPERATOR, or user@host, or the user alone.")
    String user;

    @Option(names = "--run", paramLabel = "RUN", description = "Only the changes of this run.")
    String run;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "At most the newest N changes (default: all).")
    int limit;

    @Override public Integer call() {
        if (limit < 0) throw new acs.InvalidInputException("--limit", limit + " is negative; give 0 (all) or more");
        EntryQuery q = EntryQuery.ALL.withNodes(nodes).withOperator(user).withRun(run).withLimit(limit)
                .withSince(since == null ? null : Instant.now().minus(Durations.positive("--since", since)));
        ArrayNode out = Json.MAPPER.createArrayNode();
        try (StateStore store = global.journal().store()) {
            store.forEach(q, e -> StoreTables.history(out.addObject(), e), p -> global.err().println("acs: warning: " + p));
        }
        global.print(out, StoreTables.HISTORY);
        return 0;
    }

    public static void main(String... args) {
        System.exit(Cli.run(new History(), args));
    }
}
