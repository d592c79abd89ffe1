///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES acs/cli/CliSources.java
//SOURCES ../dsl/DslSources.java
//SOURCES acs/runs/ScriptRuns.java

import acs.Durations;
import acs.InvalidInputException;
import acs.client.AcsClient;
import acs.journal.Operator;
import acs.journal.RunClaim;
import acs.journal.RunRecord;
import acs.journal.Runs;
import acs.cli.Cli;
import acs.cli.FleetRunner;
import acs.cli.GlobalOptions;
import acs.runs.ScriptRuns;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** acs resume: finish an interrupted fleet run or script where it stopped. */
@Command(name = "resume", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Finish an interrupted run (a fleet command or 'acs run' script, killed or Ctrl-C'd) where it stopped.",
                "The run is replayed against the journal: a change an earlier attempt made is not sent again (its command is",
                "followed if still running), a change whose outcome is unknown is never re-sent (reported with what to check),",
                "everything else is done live with the run's original settings. The report covers every node of the run."},
        footer = {"", "Without RUN: the latest interrupted run made on the current endpoint ('acs journal --runs' lists runs).",
                "A script whose text changed since the run is refused (exit 2) unless --force.", "", "Examples:",
                "  acs resume 3f2a91", "  acs resume --dry-run", "  acs resume 3f2a91 -Ptoken=...   # a secret parameter the run did not keep",
                "", Cli.EXIT_CODES})
public class Resume implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN", description = "The run id (or a unique prefix), as printed when the run started.")
    String runId;

    @Option(names = "--dry-run", description = "Print what would be sent and what would be answered from the journal; send nothing.")
    boolean dryRun;

    @Option(names = "--force", description = "Resume even though the script changed since, or the run's last attempt was made in another"
            + " home or on another machine (a copied home: this journal may not know what that attempt did).")
    boolean force;

    @Option(names = "--wait-for-lease", paramLabel = "DURATION", description = "When another run leases some of the run's nodes, or (on a team's store) the run's last process has not been seen"
            + " to end yet, wait up to this long (e.g. 10m) instead of refusing (exit 8).")
    String waitForLease;

    @Option(names = "-P", paramLabel = "NAME=VALUE", description = "A script parameter, e.g. one whose secret value the run did not keep.")
    Map<String, String> params = new LinkedHashMap<>();

    @Override public Integer call() {
        AcsClient client = global.client();
        Runs runs = Runs.of(client.lifecycle().journal());
        String here = client.lifecycle().origin().endpoint();
        RunRecord run;
        if (runId != null) {
            run = runs.get(runId);
        } else {
            List<RunRecord> left = runs.list().stream().filter(RunRecord::resumable).filter(r -> here.equals(r.endpoint())).toList();
            if (left.isEmpty()) {
                global.err().println("acs: no interrupted or incomplete run made on " + here + " in " + runs.where() + " ('acs journal --runs' lists runs)");
                return 0;
            }
            run = left.get(left.size() - 1);
        }
        if (run.endpoint() != null && !run.endpoint().equals(here)) {
            throw new acs.ConfigException("run " + run.id() + " was made on " + run.endpoint() + ", not on " + here
                    + "; nothing was sent: resume it with that endpoint (--endpoint or ACS_ENDPOINT"
                    + (run.profile() == null ? "" : ", or --profile " + run.profile()) + ")");
        }
        if (RunRecord.FINISHED.equals(run.state())) {
            global.err().println("acs: run " + run.id() + " (" + run.what() + ") finished at " + run.ended() + ": every node has an end; nothing to resume");
            return 0;
        }
        if (!params.isEmpty() && run.fleet() != null) throw new InvalidInputException("-P", "only for a script run; run " + run.id() + " is a fleet run");
        Duration wait = waitForLease == null ? Duration.ZERO : Durations.parse("--wait-for-lease", waitForLease);
        String id = run.id();
        // one live process per run: the claim is taken only once nothing else can refuse the resume
        Supplier<RunClaim> claim = () -> runs.resume(id, Operator.current(), force, wait);
        return run.fleet() != null ? FleetRunner.resume(global, run, dryRun, claim) : ScriptRuns.resume(global, run, force, dryRun, params, claim, wait);
    }

    public static void main(String... args) {
        System.exit(Cli.run(new Resume(), args));
    }
}
