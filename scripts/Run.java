///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES acs/cli/CliSources.java
//SOURCES ../dsl/DslSources.java
//SOURCES acs/runs/ScriptRuns.java

import acs.InvalidInputException;
import acs.cli.Cli;
import acs.cli.GlobalOptions;
import acs.client.AcsClient;
import acs.runs.ScriptRuns;
import acs.dsl.DryRunOperations;
import acs.dsl.DslContext;
import acs.dsl.DslScript;
import acs.dsl.Operations;
import acs.dsl.PlanStep;
import acs.dsl.RecordingOperations;
import acs.dsl.Rehearsal;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** acs run: a Groovy DSL script (dsl/README.md), checked before it sends anything. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Run a Groovy DSL script: node(610474) { deploy url: '...', method: SEQUENTIAL; waitDone() }.",
                "The script is type-checked first: an unknown method, a misspelt named argument or a wrong type is reported",
                "with its file and line (exit 2) before any request is sent. Progress goes to stderr."},
        footer = {"", "Examples:",
                "  acs run deploy.groovy -Purl=http://repo.example.com/app-1.2.war",
                "  acs run rolling-deploy.groovy -Pservice=12209 -Purl=http://repo.example.com/app-1.3.war --dry-run",
                "  acs run rolling-deploy.groovy -Pservice=12209 -Purl=http://repo.example.com/app-1.3.war --rehearse",
                "", "--dry-run: reads go to the endpoint; each change is printed (stdout) as the request it would send and answered",
                "  as an instantly successful command, after a read of its node or container: a missing one fails the dry run",
                "  with the real run's error and exit code. --rehearse: the endpoint's services, nodes and containers are copied",
                "  (GET only) into an in-process simulator, the script runs there, and every change is printed with its",
                "  simulated outcome. Neither changes anything on the endpoint; both skip rollout pauses.",
                "", Cli.EXIT_CODES})
public class Run implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @Parameters(index = "0", paramLabel = "FILE", description = "The script, e.g. dsl/examples/deploy-one.groovy.")
    Path file;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "Arguments for the script (its 'args'); put them after -- if they start with -.")
    List<String> scriptArgs = new ArrayList<>();

    @Option(names = "-P", paramLabel = "NAME=VALUE", description = "A script parameter (its 'params.NAME'), e.g. -Purl=http://repo.example.com/app.war.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--dry-run", description = "Print each change as the request it would send; send none.")
    boolean dryRun;

    @Option(names = "--rehearse", description = "Run against an in-process copy of the endpoint and print the plan with outcomes.")
    boolean rehearse;

    @Option(names = "--dynamic", description = "Do not type-check the script (as a '// acs: dynamic' line in it does).")
    boolean dynamic;

    @Option(names = "--wait-for-lease", paramLabel = "DURATION", description = "When a rollout's nodes are leased by another run, wait up to this"
            + " long (e.g. 10m) for them instead of stopping the script (exit 8); a rollout's own waitForLease: wins.")
    String waitForLease;

    @Override public Integer call() {
        if (dryRun && rehearse) throw new InvalidInputException("--dry-run", "cannot be combined with --rehearse; choose one");
        DslScript script = DslScript.compile(file, dynamic); // before any connection: a broken script sends nothing
        script.checkParams(params); // every param('x') without a default, wherever it stands: dry run and real run alike
        AcsClient client = global.client();
        PrintWriter out = global.out();
        PrintWriter err = global.err();
        DslContext context = DslContext.of(Operations.of(client)).withParams(params).withArgs(scriptArgs).withErr(err);
        if (dryRun) {
            err.println("acs: dry run of " + script.name() + ": reads go to " + client.config().endpoint() + "; changes are printed, not sent");
            Operations ops = new RecordingOperations(new DryRunOperations(Operations.of(client)), client::prepare,
                    DslScript::currentLocation, step -> ScriptRuns.print(out, step));
            script.run(context.withOperations(ops).skippingPauses("dry run"));
            return 0;
        }
        if (rehearse) {
            try (Rehearsal rehearsal = Rehearsal.start(client)) {
                err.println("acs: rehearsal of " + script.name() + " against a copy of " + client.config().endpoint()
                        + " (in-process simulator); nothing will be sent there");
                try {
                    script.run(rehearsal.context(context));
                } finally {
                    out.print(rehearsal.describePlan());
                    out.flush();
                }
            }
            return 0;
        }
        java.time.Duration wait = waitForLease == null ? java.time.Duration.ZERO : acs.Durations.parse("--wait-for-lease", waitForLease);
        return ScriptRuns.run(global, file, script, params, scriptArgs, dynamic, wait);
    }

    public static void main(String... args) {
        System.exit(Cli.run(new Run(), args));
    }
}
