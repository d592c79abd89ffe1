///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES acs/cli/CliSources.java

import acs.Durations;
import acs.InvalidInputException;
import acs.wire.Json;
import acs.journal.EntryQuery;
import acs.journal.Journal;
import acs.journal.JournalEntry;
import acs.journal.Replay;
import acs.journal.RunProgress;
import acs.journal.RunRecord;
import acs.journal.Runs;
import acs.cli.Cli;
import acs.cli.EntryFilters;
import acs.cli.OutputOptions;
import acs.cli.JournalTable;
import acs.cli.StreamingList;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The journal command: lists the journal of state-changing operations ({@link acs.journal.Journal}). */
@Command(name = "journal", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"List the journal of state-changing operations (~/.acs/journal.jsonl, or $ACS_HOME/journal.jsonl; the team's store with"
                + " ACS_STORE), oldest first so the newest are last: what was sent where and by whom, the commandId or 'unknown', and how"
                + " it ended. States: sending, accepted, unknown, rejected, succeeded, failed, resolved. Reads only the journal: nothing is sent,"
                + " so it takes no endpoint or key."},
        footer = {"", "Examples:",
                "  acs journal --limit 20 -o table   # the newest 20",
                "  acs journal --pending            # still running, or outcome unknown",
                "  acs command-wait --pending       # wait for the running ones",
                "  acs journal --node 610474 --since 7d -o table",
                "  acs journal --resolve 1b6f... --applied   # after checking an unknown outcome by hand",
                "  acs journal --runs -o table      # fleet runs and scripts; 'acs resume RUN' finishes an interrupted one"})
public class JournalCommand implements Callable<Integer> {

    @Mixin OutputOptions global;

    @Mixin EntryFilters filters;

    @Option(names = "--pending", description = "Only operations still pending: sending, accepted (not seen to end) or unknown.")
    boolean pending;

    @Option(names = "--resolve", paramLabel = "ENTRY", description = "Record what checking a pending change by hand found (the entry id, or any unique prefix"
            + " of it), with --applied or --not-applied: a resumed run then sends it only if it was not applied.")
    String resolve;

    @Option(names = "--applied", description = "With --resolve: the change took effect (a resume does not send it again).")
    boolean applied;

    @Option(names = "--not-applied", description = "With --resolve: the change did not take effect (a resume sends it).")
    boolean notApplied;

    @Option(names = "--runs", description = "List runs (fleet commands and scripts): nodes done / failed / unknown / left, and whether each finished or can be resumed.")
    boolean runs;

    @Option(names = "--note", paramLabel = "TEXT", description = "With --resolve: what the check found.")
    String note;





    @Override public Integer call() {
        Journal journal = global.journal();
        if (resolve != null) {
            if (applied == notApplied) {
                throw new InvalidInputException("--resolve", "say what the check found: --applied (it took effect) or --not-applied (it did not)");
            }
            if (!journal.resolve(resolve, applied ? JournalEntry.Resolution.APPLIED : JournalEntry.Resolution.NOT_APPLIED, note)) {
                throw new InvalidInputException("--resolve", "no pending entry " + resolve + " in " + journal.where());
            }
            global.err().println("acs: entry " + resolve + " resolved as " + (applied ? "applied: a resumed run will not send it again"
                    : "not applied: a resumed run will send it"));
            return 0;
        }
        if (note != null) throw new InvalidInputException("--note", "only makes sense with --resolve");
        if (applied || notApplied) throw new InvalidInputException(applied ? "--applied" : "--not-applied", "only makes sense with --resolve ENTRY");
        if (runs) {
            if (pending || filters.any()) {
                throw new InvalidInputException("--runs", "lists runs: it cannot be combined with --pending, --node, --since, --user, --run or --limit");
            }
            ArrayNode out = Json.MAPPER.createArrayNode();
            List<RunRecord> all = Runs.of(journal).list();
            // a run that ended keeps its counts; only the others are counted from their entries, in one read
            java.util.Set<String> counted = new java.util.HashSet<>();
            for (RunRecord r : all) if (RunRecord.RUNNING.equals(r.state()) || r.summary() == null) counted.add(r.id());
            java.util.Map<String, List<JournalEntry>> byRun = new java.util.HashMap<>();
            if (counted.size() == 1) {
                String only = counted.iterator().next();
                byRun.put(only, Replay.entries(journal, only));
            } else if (!counted.isEmpty()) {
                journal.store().forEach(EntryQuery.ALL, e -> {
                    if (e.run() != null && counted.contains(e.run())) byRun.computeIfAbsent(e.run(), k -> new ArrayList<>()).add(e);
                }, p -> { });
            }
            for (RunRecord r : all) {
                RunProgress p = RunProgress.of(r, byRun.getOrDefault(r.id(), List.of()));
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
                if (r.operator() != null) o.put("operator", r.operator());
                if (r.script() != null) o.put("script", r.script().path());
            }
            global.print(out, JournalTable.RUNS);
            return 0;
        }
        EntryQuery q = filters.apply(pending ? EntryQuery.pending() : EntryQuery.ALL);
        List<String> problems = new ArrayList<>();
        if (q.limit() > 0) {
            ArrayNode out = Json.MAPPER.createArrayNode();
            journal.store().find(q).forEach(e -> out.add(Journal.toJson(e)));
            global.print(out, JournalTable.TABLE);
        } else {
            // streamed: constant memory at any size of the journal
            StreamingList.print(global, (each, restart) -> journal.store().forEach(q, e -> each.accept(Journal.toJson(e)), problems::add), JournalTable.TABLE);
        }
        problems.forEach(p -> global.err().println("acs: warning: " + p));
        return 0;
    }

    public static void main(String... args) {
        System.exit(Cli.run(new JournalCommand(), args));
    }
}
