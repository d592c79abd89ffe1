///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES acs/cli/CliSources.java

import acs.InvalidInputException;
import acs.internal.Json;
import acs.journal.JournalEntry;
import acs.journal.RunProgress;
import acs.journal.RunRecord;
import acs.journal.Runs;
import acs.cli.Cli;
import acs.cli.GlobalOptions;
import acs.cli.JournalTable;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The journal command: lists the journal of state-changing operations ({@link acs.journal.Journal}). */
@Command(name = "journal", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"List the journal of state-changing operations (~/.acs/journal.jsonl, or $ACS_HOME/journal.jsonl), oldest first:",
                "what was sent where, the commandId or 'unknown', and how it ended. States: sending, accepted, unknown, rejected,",
                "succeeded, failed, resolved. Reads only the local file: nothing is sent."},
        footer = {"", "Examples:",
                "  acs journal -o table",
                "  acs journal --pending            # still running, or outcome unknown",
                "  acs command-wait --pending       # wait for the running ones",
                "  acs journal --resolve 1b6f...    # after checking an unknown outcome by hand",
                "  acs journal --runs -o table      # fleet runs and scripts; 'acs resume RUN' finishes an interrupted one"})
public class JournalCommand implements Callable<Integer> {

    @Mixin GlobalOptions global;

    @Option(names = "--pending", description = "Only operations still pending: sending, accepted (not seen to end) or unknown.")
    boolean pending;

    @Option(names = "--resolve", paramLabel = "ENTRY", description = "Mark an unknown outcome as checked, so it is no longer pending (the entry id, or any unique prefix of it).")
    String resolve;

    @Option(names = "--runs", description = "List runs (fleet commands and scripts): nodes done / failed / unknown / left, and whether each finished or can be resumed.")
    boolean runs;

    @Option(names = "--note", paramLabel = "TEXT", description = "With --resolve: what the check found.")
    String note;

    @Override public Integer call() {
        acs.journal.Journal journal = acs.journal.Journal.open();
        if (resolve != null) {
            if (!journal.resolve(resolve, note)) throw new InvalidInputException("--resolve", "no pending entry " + resolve + " in " + journal.file());
            global.err().println("acs: entry " + resolve + " marked resolved");
            return 0;
        }
        if (note != null) throw new InvalidInputException("--note", "only makes sense with --resolve");
        if (runs) {
            if (pending) throw new InvalidInputException("--runs", "cannot be combined with --pending");
            List<JournalEntry> all = journal.entries();
            ArrayNode out = Json.MAPPER.createArrayNode();
            for (RunRecord r : Runs.of(journal).list()) {
                RunProgress p = RunProgress.of(r, all);
                var o = out.addObject();
                o.put("run", r.id());
                o.put("started", r.started());
                o.put("what", r.what());
                o.put("state", p.state());
                o.put("nodes", p.nodes());
                o.put("done", p.done());
                o.put("failed", p.failed());
                o.put("unknown", p.unknown());
                o.put("left", p.left());
                o.put("attempts", r.attempts());
                o.put("endpoint", r.endpoint());
                if (r.script() != null) o.put("script", r.script().path());
            }
            global.print(out, JournalTable.RUNS);
            return 0;
        }
        acs.journal.Journal.Snapshot read = journal.read();
        read.problems().forEach(p -> global.err().println("acs: warning: " + p));
        List<JournalEntry> entries = pending ? read.entries().stream().filter(JournalEntry::pending).toList() : read.entries();
        ArrayNode out = Json.MAPPER.createArrayNode();
        entries.forEach(e -> out.add(acs.journal.Journal.toJson(e)));
        global.print(out, JournalTable.TABLE);
        return 0;
    }

    public static void main(String... args) {
        System.exit(Cli.run(new JournalCommand(), args));
    }
}
