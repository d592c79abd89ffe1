package acs.dsl;

import acs.Durations;
import acs.WaitOptions;
import acs.lifecycle.Waiter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a script runs with: where its requests go, its parameters ({@code -Pname=value}) and
 * arguments, where {@code echo} and progress lines go (stderr), how commands are waited for
 * and how a rollout's pause is spent (a dry run or rehearsal skips it) and how it leases its nodes.
 */
public record DslContext(Operations operations, Map<String, String> params, List<String> args, PrintWriter err,
                         WaitOptions waitOptions, Waiter.Sleeper pauseSleeper, RolloutLeases leases) {
    public DslContext {
        Objects.requireNonNull(operations, "operations");
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        args = args == null ? List.of() : List.copyOf(args);
        err = err == null ? new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true) : err;
        waitOptions = waitOptions == null ? WaitOptions.DEFAULT : waitOptions;
        pauseSleeper = pauseSleeper == null ? d -> Thread.sleep(d.toMillis()) : pauseSleeper;
        leases = leases == null ? RolloutLeases.NONE : leases;
    }

    public DslContext(Operations operations, Map<String, String> params, List<String> args, PrintWriter err,
                      WaitOptions waitOptions, Waiter.Sleeper pauseSleeper) {
        this(operations, params, args, err, waitOptions, pauseSleeper, null);
    }

    /** Requests to these operations; no parameters; stderr; default waits; real pauses. */
    public static DslContext of(Operations operations) {
        return new DslContext(operations, null, null, null, null, null, null);
    }

    public DslContext withOperations(Operations o) { return new DslContext(o, params, args, err, waitOptions, pauseSleeper, leases); }
    public DslContext withParams(Map<String, String> p) { return new DslContext(operations, p, args, err, waitOptions, pauseSleeper, leases); }
    public DslContext withArgs(List<String> a) { return new DslContext(operations, params, a, err, waitOptions, pauseSleeper, leases); }
    public DslContext withErr(PrintWriter e) { return new DslContext(operations, params, args, e, waitOptions, pauseSleeper, leases); }
    public DslContext withWaitOptions(WaitOptions w) { return new DslContext(operations, params, args, err, w, pauseSleeper, leases); }
    public DslContext withPauseSleeper(Waiter.Sleeper s) { return new DslContext(operations, params, args, err, waitOptions, s, leases); }

    /** How rollouts lease their nodes (a script's run). */
    public DslContext withLeases(RolloutLeases l) { return new DslContext(operations, params, args, err, waitOptions, pauseSleeper, l); }

    /** Pauses are announced and skipped (dry runs and rehearsals: nothing real is waiting). */
    public DslContext skippingPauses(String why) {
        return withPauseSleeper(d -> echo("acs: pause " + Durations.format(d) + " skipped (" + why + ")"));
    }

    /** One line on stderr, flushed (called from rollout threads too: one println is atomic). */
    public void echo(String line) {
        err.println(line);
        err.flush();
    }
}
