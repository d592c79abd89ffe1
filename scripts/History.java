///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//JAVA_OPTIONS -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dpicocli.disable.closures=true -Djdk.httpclient.keepalive.timeout=20 -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 -Xlog:disable -Xlog:all=error:stderr -Xshare:auto
//SOURCES acs/cli/CliSources.java

import acs.Durations;
import acs.wire.Json;
import acs.journal.EntryQuery;
import acs.journal.StateStore;
import acs.cli.Cli;
import acs.cli.EntryFilters;
import acs.cli.OutputOptions;
import acs.cli.StoreTables;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Who changed what, when, with what outcome: the store's journal, filtered in its query. */
@Command(name = "history", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Show who changed what, when, and how it ended: every change recorded in the journal (the store ACS_STORE names,",
                "shared by a team, else the journal of the acs home), oldest first, each in its latest state. The filters are the store's",
                "query: nothing else is read. Nothing is sent, so it takes no endpoint or key."},
        footer = {"", "Examples:",
                "  acs history --node 610474 -o table        # every change of that node, by anyone on the store",
                "  acs history --since 7d --user alice -o table",
                "  acs history --run 3f2a91 -o wide"})
public class History implements Callable<Integer> {

    @Mixin OutputOptions global;

    @Mixin EntryFilters filters;






    @Override public Integer call() {
        EntryQuery q = filters.apply(EntryQuery.ALL);
        ArrayNode out = Json.MAPPER.createArrayNode();
        try (StateStore store = global.journal().store()) {
            // the newest N need the whole answer (find); all of them stream
            if (q.limit() > 0) store.find(q).forEach(e -> StoreTables.history(out.addObject(), e));
            else store.forEach(q, e -> StoreTables.history(out.addObject(), e), p -> global.err().println("acs: warning: " + p));
        }
        global.print(out, StoreTables.HISTORY);
        return 0;
    }

    public static void main(String... args) {
        System.exit(Cli.run(new History(), args));
    }
}
