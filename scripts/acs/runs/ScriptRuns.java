package acs.runs;

import acs.cli.GlobalOptions;

import acs.InvalidInputException;
import acs.client.AcsClient;
import acs.journal.Journal;
import acs.journal.Replay;
import acs.journal.RunRecord;
import acs.journal.Operator;
import acs.journal.RunClaim;
import acs.journal.RunProgress;
import acs.journal.Runs;
import acs.dsl.DryRunOperations;
import acs.dsl.DslContext;
import acs.dsl.DslScript;
import acs.dsl.Operations;
import acs.dsl.PlanStep;
import acs.dsl.RecordingOperations;
import acs.dsl.ReplayOperations;
import acs.wire.PreparedRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A script's real run as a resumable run: recorded (path, text hash, parameters, arguments), its
 * changes journaled under the run's id, and on {@code acs resume} replayed against that history.
 */
public final class ScriptRuns {
    private ScriptRuns() {}

    /** Runs the script for real, as a new run. */
    public static int run(GlobalOptions g, Path file, DslScript script, Map<String, String> params, List<String> args, boolean dynamic,
                          java.time.Duration waitForLease) {
        AcsClient client = g.client();
        Runs runs = Runs.of(client.lifecycle().journal());
        String endpoint = client.lifecycle().origin().endpoint();
        Operator me = Operator.current();
        RunRecord run = RunRecord.start(runs.newId(), RunRecord.Kind.SCRIPT, endpoint, client.config().profile(), null,
                new RunRecord.Script(file.toAbsolutePath().normalize().toString(), sha256(file), acs.auth.Redaction.params(params), args, dynamic),
                me, null);
        execute(g, client, script, runs.start(run, endpoint, List.of(), me, java.time.Duration.ZERO), params, null, waitForLease);
        return 0;
    }

    /**
     * Runs an interrupted script run again in replay mode. Refuses (exit 2) when the script's text
     * changed since the run, unless {@code force}; {@code overrides} supply parameters whose values
     * were secrets and so were not kept.
     */
    public static int resume(GlobalOptions g, RunRecord run, boolean force, boolean dryRun, Map<String, String> overrides,
                             java.util.function.Supplier<RunClaim> claim, java.time.Duration waitForLease) {
        RunRecord.Script s = run.script();
        Path file = Path.of(s.path());
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("RUN", "run " + run.id() + " ran " + file + ", which is gone; nothing was sent");
        }
        if (!sha256(file).equals(s.sha256()) && !force) {
            throw new InvalidInputException("RUN", "run " + run.id() + ": " + file + " changed since the run, so its changes may not match"
                    + " what the journal holds; nothing was sent (--force resumes anyway)");
        }
        Map<String, String> params = new LinkedHashMap<>(s.params());
        params.putAll(overrides);
        List<String> missing = params.entrySet().stream().filter(e -> e.getValue().contains(PreparedRequest.REDACTED)).map(Map.Entry::getKey).toList();
        if (!missing.isEmpty()) {
            throw new InvalidInputException("-P", "run " + run.id() + " had secret parameters that were not kept; give them again: "
                    + missing.stream().map(k -> "-P" + k + "=...").toList());
        }
        DslScript script = DslScript.compile(file, s.dynamic());
        AcsClient client = g.client();
        Replay history = Replay.of(client.lifecycle().journal(), run.id());
        if (dryRun) {
            PrintWriter out = g.out();
            g.err().println("acs: dry run of resuming run " + run.id() + " (" + run.what() + "): nothing is sent");
            // a summary first (a script over thousands of nodes is thousands of steps); each step with -v
            java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger(), sent = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicReference<String> first = new java.util.concurrent.atomic.AtomicReference<>();
            java.io.StringWriter detail = new java.io.StringWriter();
            PrintWriter each = new PrintWriter(detail);
            Operations live = new RecordingOperations(new DryRunOperations(Operations.of(client)), client::preview,
                    DslScript::currentLocation, step -> {
                        sent.incrementAndGet();
                        first.compareAndSet(null, step.request().method() + " " + step.request().uri());
                        print(each, step);
                    });
            Operations ops = new ReplayOperations(live, history, note -> {
                answered.incrementAndGet();
                synchronized (each) { each.println(note); }
            });
            script.run(context(g, client, params, s.args()).withOperations(ops).skippingPauses("dry run"));
            out.println("run " + run.id() + " (" + run.what() + "):");
            out.println("  answered from the journal: " + answered.get() + "  (changes earlier attempts made: followed, not sent again)");
            out.println("  to send: " + sent.get() + (first.get() == null ? "" : "  (the first: " + first.get() + ")"));
            if (g.verbose()) {
                out.println();
                out.print(detail);
            } else {
                out.println("each step: acs resume " + run.id() + " --dry-run -v");
            }
            out.flush();
            return 0;
        }
        execute(g, client, script, claim.get(), params, history, waitForLease);
        return 0;
    }

    private static void execute(GlobalOptions g, AcsClient base, DslScript script, RunClaim claim, Map<String, String> params, Replay history,
                               java.time.Duration waitForLease) {
        RunRecord run = claim.record();
        AcsClient client = base.withOrigin(base.lifecycle().origin().withRun(claim));
        PrintWriter err = g.err();
        err.println("acs: run " + run.id() + " (resume with: acs resume " + run.id() + ")"
                + (history == null ? "" : "; attempt " + run.attempts() + ", " + history.size() + " change(s) of earlier attempts in the journal"));
        // a rollout leases its nodes in the run when it starts, as a fleet command does
        DslContext context = context(g, client, params, run.script().args())
                .withLeases(acs.dsl.RolloutLeases.of(claim, client.lifecycle().origin().endpoint(), waitForLease));
        if (history != null) {
            context = context.withOperations(new ReplayOperations(Operations.of(client), history, note -> { err.println("acs: " + note); err.flush(); }));
        }
        Thread hint = new Thread(() -> {
            err.println("acs: run " + run.id() + " interrupted; finish it with: acs resume " + run.id());
            err.flush();
        }, "acs-run-interrupted");
        Runtime.getRuntime().addShutdownHook(hint);
        boolean ok = false;
        try {
            script.run(context);
            ok = true;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hint);
                // a script that ran to its end has nothing left; one that failed (a rollout stopped, an unknown outcome) may be resumed
                RunRecord.Summary s = RunProgress.summary(run, Replay.entries(client.lifecycle().journal(), run.id()));
                RunRecord.Summary left = ok ? null : new RunRecord.Summary(s.nodes(), s.done(), s.failed(), s.unknown(), Math.max(1, s.left()));
                claim.end(run.ended(left));
                if (!ok) err.println("acs: run " + run.id() + " did not run to its end; after fixing what failed, finish it with: acs resume " + run.id());
            } catch (IllegalStateException shuttingDown) {
                // interrupted: the hint says how to resume
            } finally {
                claim.close();
            }
        }
    }

    static DslContext context(GlobalOptions g, AcsClient client, Map<String, String> params, List<String> args) {
        return DslContext.of(Operations.of(client)).withParams(params).withArgs(new ArrayList<>(args)).withErr(g.err());
    }

    public static void print(PrintWriter out, PlanStep step) {
        synchronized (out) {
            out.print(step.describe());
            out.println(step.answer() == null ? "=> refused: " + step.error()
                    : "=> not sent (dry run); answered as command " + step.answer().commandId() + ", succeeded");
            out.println();
            out.flush();
        }
    }

    static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new InvalidInputException("FILE", "cannot read " + file + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
