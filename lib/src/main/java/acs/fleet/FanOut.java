package acs.fleet;

import acs.AcsException;
import acs.ApiCall;
import acs.Command;
import acs.InvalidInputException;
import acs.WaitOptions;
import acs.client.AcsClient;
import acs.journal.Replay;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Runs one operation over many nodes: starts a command per node and waits for all of them.
 * <pre>{@code
 * FleetReport<Long, Void> r = FanOut.of(acs).withConcurrency(64).withBatchSize(100).withPause(Duration.ofSeconds(30))
 *         .withMaxFailures(2)
 *         .withRollback(id -> ApiCall.historyStart(id, HistoryStart.of("41")))
 *         .withListener(e -> System.err.print("\r" + e.ended() + "/" + e.total()))
 *         .run(nodeIds, id -> ApiCall.uploadStart(id, UploadStart.of(url)));
 * }</pre>
 *
 * <p><b>No thread per node.</b> Requests go out through {@link AcsClient#callAsync} (java.net.http's
 * asynchronous API); all bookkeeping runs on one event-loop thread per run, which also schedules
 * every poll. So 1,000 nodes cost 1 thread plus the HTTP client's few, not 1,000.
 * A node's state machine ({@code NodeJob}: start, journal, rollback; {@code NodePolls}: polls) is
 * the per-item work of the batch engine ({@code BatchRun}) that the DSL's {@link Rollout} runs on
 * too: one place decides batches, failures, pauses and cancel, so the CLI and the DSL cannot drift apart.
 *
 * <p><b>Bounds.</b> {@code concurrency}: nodes being worked on at once (from the start request to
 * the command's end). Independently, a global request budget shared by starts, polls and rollbacks:
 * at most {@code maxRequestsInFlight} HTTP requests (so keep-alive connections) at once, reached
 * from one by doubling per round trip, and, when set, at most {@code requestsPerSecond}. A change's
 * {@code sending} line is written when the budget gives its request a slot, and the request leaves
 * once that line is durable: a change still queued has no line. Until a first command ends, a few
 * are polled closely; then each command is first polled at the age the first ended at, and after
 * that with its own backoff (AWS waiter style: a delay random between {@code minDelay} and a cap
 * doubling per poll up to {@code maxDelay}).
 *
 * <p><b>Batches and failures</b> (the same rules as {@link Rollout}'s, from the same engine):
 * batches run one after another, a batch starts only when every command of the previous one has
 * ended (and {@code pause} has passed). Failures (failed start, failed command, timed out wait) up
 * to {@code maxFailures} are tolerated; one more and no new node is started (nodes not started are
 * SKIPPED; commands running are still waited for). A node whose command failed gets the
 * {@code rollback} command, waited for like the first.
 *
 * <p><b>Cancel.</b> {@link Execution#cancel()} (or interrupting the thread in {@link #run}) stops
 * issuing work at once and returns the report: nodes started are IN_FLIGHT with their command id,
 * the others CANCELLED. Commands already on the server are not stopped (the API cannot).
 *
 * <p>An immutable value: each {@code withX} returns a new engine; one engine may run many times.
 * {@code rollback} null means none; {@code replay} null means a fresh run.
 */
public record FanOut(AcsClient client, int concurrency, int batchSize, Duration pause, int maxFailures, boolean waitForCommands,
                     Duration waitTimeout, Duration minDelay, Duration maxDelay, int maxRequestsInFlight, int requestsPerSecond,
                     LongFunction<ApiCall<Command>> rollback, Consumer<? super FleetEvent<Long>> listener, Replay replay) {
    public FanOut {
        if (concurrency < 1) throw new InvalidInputException("--concurrency", concurrency + " must be at least 1");
        if (batchSize < 0) throw new InvalidInputException("--batch", batchSize + " must be at least 1");
        if (maxFailures < 0) throw new InvalidInputException("--max-failures", maxFailures + " must be 0 or more");
        if (maxRequestsInFlight < 1) throw new InvalidInputException("maxRequestsInFlight", maxRequestsInFlight + " must be at least 1");
        if (requestsPerSecond < 0) throw new InvalidInputException("requestsPerSecond", requestsPerSecond + " must be 0 (unlimited) or more");
        if (Objects.requireNonNull(pause, "pause").isNegative()) throw new InvalidInputException("--pause", "must not be negative");
        if (Objects.requireNonNull(waitTimeout, "waitTimeout").isNegative()) throw new InvalidInputException("--wait-timeout", "must not be negative");
        if (minDelay.isNegative() || minDelay.isZero() || maxDelay.compareTo(minDelay) < 0) {
            throw new InvalidInputException("delays", "need 0 < minDelay <= maxDelay");
        }
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(listener, "listener");
    }

    /** 16 nodes at once, no batches, no failure limit, wait up to 10 minutes, polls 250 ms..5 s, 32 requests at once. */
    public static FanOut of(AcsClient client) {
        WaitOptions w = WaitOptions.DEFAULT;
        return new FanOut(client, 16, 0, Duration.ZERO, Integer.MAX_VALUE, true, w.timeout(), w.minDelay(), w.maxDelay(), 32, 0,
                null, e -> { }, null);
    }

    public FanOut withConcurrency(int n) {
        return new FanOut(client, n, batchSize, pause, maxFailures, waitForCommands, waitTimeout, minDelay, maxDelay, maxRequestsInFlight, requestsPerSecond, rollback, listener, replay);
    }

    /** Nodes per batch; 0 (the default) = one batch of all. */
    public FanOut withBatchSize(int n) {
        return new FanOut(client, concurrency, n, pause, maxFailures, waitForCommands, waitTimeout, minDelay, maxDelay, maxRequestsInFlight, requestsPerSecond, rollback, listener, replay);
    }

    /** Wait between a batch's end and the next batch's start. */
    public FanOut withPause(Duration d) {
        return new FanOut(client, concurrency, batchSize, d, maxFailures, waitForCommands, waitTimeout, minDelay, maxDelay, maxRequestsInFlight, requestsPerSecond, rollback, listener, replay);
    }

    /** Failures tolerated; one more stops new work. Default: no limit. */
    public FanOut withMaxFailures(int n) {
        return new FanOut(client, concurrency, batchSize, pause, n, waitForCommands, waitTimeout, minDelay, maxDelay, maxRequestsInFlight, requestsPerSecond, rollback, listener, replay);
    }

    /** Whether to wait for each command's end (the default); without, a node succeeds when its command is accepted. */
    public FanOut withWaitForCommands(boolean w) {
        return new FanOut(client, concurrency, batchSize, pause, maxFailures, w, waitTimeout, minDelay, maxDelay, maxRequestsInFlight, requestsPerSecond, rollback, listener, replay);
    }

    /** How long each command is waited for, from its start. */
    public FanOut withWaitTimeout(Duration d) {
        return new FanOut(client, concurrency, batchSize, pause, maxFailures, waitForCommands, d, minDelay, maxDelay, maxRequestsInFlight, requestsPerSecond, rollback, listener, replay);
    }

    /** Poll backoff of each command: random in [min, min(max, min·2^n)] before poll n+1. */
    public FanOut withPollDelays(Duration min, Duration max) {
        return new FanOut(client, concurrency, batchSize, pause, maxFailures, waitForCommands, waitTimeout, min, max, maxRequestsInFlight, requestsPerSecond, rollback, listener, replay);
    }

    /** The global request budget: HTTP requests at once, and per second (0 = unlimited). */
    public FanOut withRequestBudget(int inFlight, int perSecond) {
        return new FanOut(client, concurrency, batchSize, pause, maxFailures, waitForCommands, waitTimeout, minDelay, maxDelay, inFlight, perSecond, rollback, listener, replay);
    }

    /** The command a node gets when its command failed (e.g. {@code historyStart} of the last good version); null for none. */
    public FanOut withRollback(LongFunction<ApiCall<Command>> r) {
        return new FanOut(client, concurrency, batchSize, pause, maxFailures, waitForCommands, waitTimeout, minDelay, maxDelay, maxRequestsInFlight, requestsPerSecond, r, listener, replay);
    }

    /** Receives progress on the engine's thread (keep it quick; exceptions are ignored). */
    public FanOut withListener(Consumer<? super FleetEvent<Long>> l) {
        return new FanOut(client, concurrency, batchSize, pause, maxFailures, waitForCommands, waitTimeout, minDelay, maxDelay, maxRequestsInFlight, requestsPerSecond, rollback, l, replay);
    }

    /**
     * Replays an interrupted run: a change an earlier attempt made is not sent again (its command
     * is followed; an unknown outcome is reported, never repeated), everything else is done live.
     */
    public FanOut withReplay(Replay history) {
        return new FanOut(client, concurrency, batchSize, pause, maxFailures, waitForCommands, waitTimeout, minDelay, maxDelay, maxRequestsInFlight, requestsPerSecond, rollback, listener, history);
    }

    /** The same engine sending through another client (e.g. one journaling as another run). */
    public FanOut withClient(AcsClient c) {
        return new FanOut(c, concurrency, batchSize, pause, maxFailures, waitForCommands, waitTimeout, minDelay, maxDelay, maxRequestsInFlight, requestsPerSecond, rollback, listener, replay);
    }

    /** Runs and waits for the report. Interrupting the calling thread cancels the run and returns its report. */
    public FleetReport<Long, Void> run(List<Long> nodes, LongFunction<ApiCall<Command>> operation) {
        return start(nodes, operation).await();
    }

    /**
     * Starts the run in the background. A run this JVM cannot hold (file descriptors for
     * {@code maxRequestsInFlight} connections, heap for the nodes) is refused first, naming the limit.
     */
    public Execution start(List<Long> nodes, LongFunction<ApiCall<Command>> operation) {
        Capacity.check(maxRequestsInFlight, nodes.size());
        FanOutRun r = new FanOutRun(this, List.copyOf(nodes), Objects.requireNonNull(operation, "operation"));
        r.begin();
        return r;
    }

    /** A run in progress. */
    public interface Execution {
        /** Stops issuing work and completes the report (nodes in flight reported as such). Idempotent. */
        void cancel();

        /** Waits for the report; an interrupt cancels the run (the report is still returned, the interrupt flag kept). */
        FleetReport<Long, Void> await();

        CompletableFuture<FleetReport<Long, Void>> report();
    }

    static AcsException asAcs(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return t instanceof AcsException a ? a : new AcsException(t.toString(), t);
    }
}
