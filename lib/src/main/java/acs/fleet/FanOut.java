package acs.fleet;

import acs.AcsClient;
import acs.AcsException;
import acs.ApiCall;
import acs.Command;
import acs.CommandFailedException;
import acs.CommandStatus;
import acs.InvalidInputException;
import acs.TransportException;
import acs.WaitOptions;
import acs.internal.Durations;
import acs.journal.JournalEntry;
import acs.journal.Replay;
import acs.lifecycle.Backoff;
import acs.lifecycle.CommandLifecycle;
import acs.lifecycle.Delivery;
import acs.lifecycle.PollRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Runs one operation over many nodes: starts a command per node and waits for all of them.
 * <pre>{@code
 * FleetReport r = FanOut.of(acs).concurrency(64).batchSize(100).pause(Duration.ofSeconds(30)).maxFailures(2)
 *         .rollback(id -> ApiCall.historyStart(id, HistoryStart.of("41")))
 *         .listener(p -> System.err.print("\r" + p.ended() + "/" + p.total()))
 *         .run(nodeIds, id -> ApiCall.uploadStart(id, UploadStart.of(url)));
 * }</pre>
 *
 * <p><b>No thread per node.</b> Requests go out through {@link AcsClient#callAsync} (java.net.http's
 * asynchronous API); all bookkeeping runs on one event-loop thread per run, which also schedules
 * every poll. So 1,000 nodes cost 1 thread plus the HTTP client's few, not 1,000.
 * A node's state machine (start, journal, polls, rollback) is the per-item work of the batch engine
 * ({@code BatchRun}) that the DSL's {@link Rollout} runs on too: one place decides batches,
 * failures, pauses and cancel, so the CLI and the DSL cannot drift apart.
 *
 * <p><b>Bounds.</b> {@code concurrency}: nodes being worked on at once (from the start request to
 * the command's end). Independently, a global request budget shared by starts, polls and rollbacks:
 * at most {@code maxRequestsInFlight} HTTP requests at once and, when set, at most
 * {@code requestsPerSecond}. Each command is polled with its own backoff (AWS waiter style: a delay
 * random between {@code minDelay} and a cap doubling per poll up to {@code maxDelay}).
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
 * <p>Immutable: each setter returns a new engine; one engine may run many times.
 */
public final class FanOut {
    private final AcsClient client;
    private final int concurrency;
    private final int batchSize;
    private final Duration pause;
    private final int maxFailures;
    private final boolean waitForCommands;
    private final Duration waitTimeout;
    private final Duration minDelay;
    private final Duration maxDelay;
    private final Backoff backoff;
    private final CommandLifecycle lifecycle;
    private final int maxRequestsInFlight;
    private final int requestsPerSecond;
    private final LongFunction<ApiCall<Command>> rollback;
    private final Consumer<? super FleetProgress> listener;
    private final Replay replay;

    /** The settings while one is being changed: each setter copies them, changes one, and validates the new engine. */
    private static final class Settings {
        AcsClient client;
        int concurrency, batchSize, maxFailures, maxRequestsInFlight, requestsPerSecond;
        Duration pause, waitTimeout, minDelay, maxDelay;
        boolean waitForCommands;
        LongFunction<ApiCall<Command>> rollback;
        Consumer<? super FleetProgress> listener;
        Replay replay;
    }

    private FanOut(Settings s) {
        if (s.concurrency < 1) throw new InvalidInputException("--concurrency", s.concurrency + " must be at least 1");
        if (s.batchSize < 0) throw new InvalidInputException("--batch", s.batchSize + " must be at least 1");
        if (s.maxFailures < 0) throw new InvalidInputException("--max-failures", s.maxFailures + " must be 0 or more");
        if (s.maxRequestsInFlight < 1) throw new InvalidInputException("maxRequestsInFlight", s.maxRequestsInFlight + " must be at least 1");
        if (s.requestsPerSecond < 0) throw new InvalidInputException("requestsPerSecond", s.requestsPerSecond + " must be 0 (unlimited) or more");
        if (Objects.requireNonNull(s.pause, "pause").isNegative()) throw new InvalidInputException("--pause", "must not be negative");
        if (Objects.requireNonNull(s.waitTimeout, "waitTimeout").isNegative()) throw new InvalidInputException("--wait-timeout", "must not be negative");
        if (s.minDelay.isNegative() || s.minDelay.isZero() || s.maxDelay.compareTo(s.minDelay) < 0) {
            throw new InvalidInputException("delays", "need 0 < minDelay <= maxDelay");
        }
        this.backoff = new Backoff(s.minDelay, s.maxDelay);
        this.lifecycle = s.client.lifecycle();
        this.client = Objects.requireNonNull(s.client, "client");
        this.concurrency = s.concurrency;
        this.batchSize = s.batchSize;
        this.pause = s.pause;
        this.maxFailures = s.maxFailures;
        this.waitForCommands = s.waitForCommands;
        this.waitTimeout = s.waitTimeout;
        this.minDelay = s.minDelay;
        this.maxDelay = s.maxDelay;
        this.maxRequestsInFlight = s.maxRequestsInFlight;
        this.requestsPerSecond = s.requestsPerSecond;
        this.rollback = s.rollback;
        this.listener = Objects.requireNonNull(s.listener, "listener");
        this.replay = s.replay;
    }

    /** 16 nodes at once, no batches, no failure limit, wait up to 10 minutes, polls 250 ms..5 s, 32 requests at once. */
    public static FanOut of(AcsClient client) {
        Settings s = new Settings();
        s.client = client;
        s.concurrency = 16;
        s.batchSize = 0;
        s.pause = Duration.ZERO;
        s.maxFailures = Integer.MAX_VALUE;
        s.waitForCommands = true;
        s.waitTimeout = WaitOptions.DEFAULT.timeout();
        s.minDelay = WaitOptions.DEFAULT.minDelay();
        s.maxDelay = WaitOptions.DEFAULT.maxDelay();
        s.maxRequestsInFlight = 32;
        s.requestsPerSecond = 0;
        s.listener = p -> { };
        return new FanOut(s);
    }

    public FanOut concurrency(int n) { return copy(s -> s.concurrency = n); }
    /** Nodes per batch; 0 (the default) = one batch of all. */
    public FanOut batchSize(int n) { return copy(s -> s.batchSize = n); }
    /** Wait between a batch's end and the next batch's start. */
    public FanOut pause(Duration d) { return copy(s -> s.pause = d); }
    /** Failures tolerated; one more stops new work. Default: no limit. */
    public FanOut maxFailures(int n) { return copy(s -> s.maxFailures = n); }
    /** Whether to wait for each command's end (the default); without, a node succeeds when its command is accepted. */
    public FanOut waitForCommands(boolean w) { return copy(s -> s.waitForCommands = w); }
    /** How long each command is waited for, from its start. */
    public FanOut waitTimeout(Duration d) { return copy(s -> s.waitTimeout = d); }
    /** Poll backoff of each command: random in [min, min(max, min·2^n)] before poll n+1. */
    public FanOut pollDelays(Duration min, Duration max) { return copy(s -> { s.minDelay = min; s.maxDelay = max; }); }
    /** The global request budget: HTTP requests at once, and per second (0 = unlimited). */
    public FanOut requestBudget(int inFlight, int perSecond) { return copy(s -> { s.maxRequestsInFlight = inFlight; s.requestsPerSecond = perSecond; }); }
    /** The command a node gets when its command failed (e.g. {@code historyStart} of the last good version); null for none. */
    public FanOut rollback(LongFunction<ApiCall<Command>> r) { return copy(s -> s.rollback = r); }
    /** Receives progress on the engine's thread (keep it quick; exceptions are ignored). */
    public FanOut listener(Consumer<? super FleetProgress> l) { return copy(s -> s.listener = l); }

    private FanOut copy(Consumer<Settings> change) {
        Settings s = new Settings();
        s.client = client;
        s.concurrency = concurrency;
        s.batchSize = batchSize;
        s.pause = pause;
        s.maxFailures = maxFailures;
        s.waitForCommands = waitForCommands;
        s.waitTimeout = waitTimeout;
        s.minDelay = minDelay;
        s.maxDelay = maxDelay;
        s.maxRequestsInFlight = maxRequestsInFlight;
        s.requestsPerSecond = requestsPerSecond;
        s.rollback = rollback;
        s.listener = listener;
        s.replay = replay;
        change.accept(s);
        return new FanOut(s);
    }

    /**
     * Replays an interrupted run: a change an earlier attempt made is not sent again (its command
     * is followed; an unknown outcome is reported, never repeated), everything else is done live.
     */
    public FanOut replay(Replay history) { return copy(s -> s.replay = history); }

    /** The same engine sending through another client (e.g. one journaling as another run). */
    public FanOut client(AcsClient c) { return copy(s -> s.client = c); }

    public int concurrency() { return concurrency; }
    public Duration pause() { return pause; }
    public int batchSize() { return batchSize; }
    public int maxFailures() { return maxFailures; }

    /** Runs and waits for the report. Interrupting the calling thread cancels the run and returns its report. */
    public FleetReport run(List<Long> nodes, LongFunction<ApiCall<Command>> operation) {
        return start(nodes, operation).await();
    }

    /** Starts the run in the background. */
    public Execution start(List<Long> nodes, LongFunction<ApiCall<Command>> operation) {
        Run r = new Run(List.copyOf(nodes), Objects.requireNonNull(operation, "operation"));
        r.begin();
        return r;
    }

    /** A run in progress. */
    public interface Execution {
        /** Stops issuing work and completes the report (nodes in flight reported as such). Idempotent. */
        void cancel();

        /** Waits for the report; an interrupt cancels the run (the report is still returned, the interrupt flag kept). */
        FleetReport await();

        CompletableFuture<FleetReport> report();
    }

    private static final class Job {
        final long node;
        final int index;
        final int batch;
        String commandId;
        CommandStatus status;
        String result;
        String error;
        Outcome outcome;
        long startNanos;
        long endNanos;
        long deadline;
        int polls;
        int backoff;
        int attempts;
        boolean rollingBack;
        boolean sent;
        boolean earlier;
        JournalEntry rollbackEntry;
        String rollbackCommandId;
        JournalEntry entry;

        Job(long node, int index, int batch) {
            this.node = node;
            this.index = index;
            this.batch = batch;
        }
    }

    private static final TransportException NOT_SENT = new TransportException("the run ended before it was sent", false, null);

    /**
     * One run: the node state machine (start, journal, polls with backoff, rollback) as the work of a
     * {@link BatchRun}, which decides what starts when. Every field is touched on the loop thread only.
     */
    private final class Run implements Execution, BatchRun.Work<FleetResult, FleetReport> {
        private final BatchRun<FleetResult, FleetReport> engine;
        private final List<Job> jobs;
        private final LongFunction<ApiCall<Command>> operation;
        private int succeeded, failed, timedOut;
        private final RequestBudget budget;
        private long polls;
        private final long t0 = System.nanoTime();

        Run(List<Long> nodes, LongFunction<ApiCall<Command>> operation) {
            this.operation = operation;
            this.engine = new BatchRun<>("acs-fanout", nodes.size(), batchSize, concurrency, maxFailures, pause, null, this);
            this.jobs = new ArrayList<>(nodes.size());
            for (int i = 0; i < nodes.size(); i++) jobs.add(new Job(nodes.get(i), i, engine.batchOf(i)));
            budget = new RequestBudget(client, maxRequestsInFlight, requestsPerSecond, new RequestBudget.Loop() {
                @Override public void execute(Runnable r) { engine.execute(r); }
                @Override public void schedule(Runnable r, Duration d) { engine.schedule(r, d); }
                @Override public boolean done() { return engine.done(); }
            });
        }

        void begin() {
            engine.begin();
        }

        @Override public void cancel() {
            engine.cancel();
        }

        /** The report, once the journal holds every line of the run. */
        @Override public CompletableFuture<FleetReport> report() {
            return engine.report().thenCompose(r -> lifecycle.flush().handle((v, x) -> {
                if (x != null) System.err.println("acs: warning: the journal could not record every line of this run: " + x.getMessage());
                return r;
            }));
        }

        @Override public FleetReport await() {
            try {
                return report().get();
            } catch (InterruptedException e) {
                cancel();
                FleetReport r = report().join();
                Thread.currentThread().interrupt();
                return r;
            } catch (ExecutionException e) {
                throw new IllegalStateException("fan-out engine failed", e.getCause());
            }
        }

        private void execute(Runnable r) {
            engine.execute(r);
        }

        private void schedule(Runnable r, Duration d) {
            engine.schedule(r, d);
        }

        // ---- the engine's course ----

        @Override public void batchStarted(int batch, int from, int to) {
            emit(null);
        }

        @Override public void pausing(int batch) {
            emit(null);
        }

        @Override public void ended(int index, FleetResult result) {
            emit(result);
        }

        @Override public FleetReport finished(List<FleetResult> results, boolean cancelled) {
            long now = System.nanoTime();
            List<FleetResult> out = new ArrayList<>(results);
            for (Job j : jobs) {
                if (out.get(j.index) == null) { // never started, or still going when cancelled
                    boolean left = j.sent || j.commandId != null;
                    if (j.entry != null && !left) lifecycle.settle(j.entry, null, NOT_SENT);
                    j.outcome = j.startNanos == 0 || !left ? (cancelled ? Outcome.CANCELLED : Outcome.SKIPPED)
                            : Outcome.IN_FLIGHT;
                    j.endNanos = j.startNanos == 0 ? 0 : now;
                    out.set(j.index, result(j));
                }
            }
            FleetReport r = new FleetReport(out, budget.sent(), polls, Duration.ofNanos(now - t0), cancelled);
            emit(null);
            return r;
        }

        // ---- one node ----

        @Override public void start(int index) {
            Job job = jobs.get(index);
            job.startNanos = System.nanoTime();
            ApiCall<Command> call;
            try {
                call = operation.apply(job.node);
            } catch (AcsException e) {
                fail(job, e.getMessage());
                return;
            }
            change(job, call, new Changed() {
                @Override public void accepted(Command c, JournalEntry entry, boolean earlier) {
                    job.entry = entry;
                    job.earlier = earlier;
                    job.commandId = c.commandId();
                    if (c.status() != null) see(job, c);
                    emit(null);
                    if (!waitForCommands) {
                        end(job, Outcome.SUCCEEDED);
                        return;
                    }
                    job.deadline = System.nanoTime() + waitTimeout.toNanos();
                    pollLater(job);
                }

                @Override public void failed(AcsException e, String unknown) {
                    if (unknown == null) {
                        fail(job, e.getMessage());
                        return;
                    }
                    engine.failure(); // never repeated: say what to check
                    job.error = unknown;
                    end(job, Outcome.UNKNOWN);
                }
            });
        }

        /** How a change came out: a command (made now, or by an earlier attempt of the run), or a failure (with what to check when unknown). */
        private interface Changed {
            void accepted(Command c, JournalEntry entry, boolean earlier);

            void failed(AcsException e, String unknown);
        }

        /**
         * One change through the lifecycle: answered from the run's history when an earlier attempt
         * made it; else begun (the request leaves once its sending line is durable), sent through the
         * request budget, repeated only when it provably never left, and settled.
         */
        private void change(Job job, ApiCall<Command> call, Changed then) {
            if (replay != null) {
                Replay.Answer a = replay.next(call);
                if (a.prior() == Replay.Prior.COMMAND) {
                    job.sent = true;
                    then.accepted(new Command(a.entry().commandId(), null, null, null, null, null, null, java.util.List.of()), a.entry(), true);
                    return;
                }
                if (a.prior() == Replay.Prior.UNKNOWN) {
                    job.sent = true;
                    then.failed(new AcsException("unknown outcome"), "an earlier attempt of run " + replay.runId() + " sent it and its outcome is unknown (entry "
                            + a.entry().id() + "): " + a.entry().whatToCheck() + "; not sent again");
                    return;
                }
            }
            lifecycle.beginAsync(call).whenComplete((entry, x) -> {
                if (x == null && engine.done()) { // the run ended meanwhile: it never leaves
                    lifecycle.settle(entry, null, NOT_SENT);
                    return;
                }
                execute(() -> {
                    if (x != null) {
                        then.failed(asAcs(x), null);
                        return;
                    }
                    send(job, call, entry, then, 1);
                });
            });
        }

        private void send(Job job, ApiCall<Command> call, JournalEntry entry, Changed then, int attempt) {
            send(call, (c, e) -> {
                if (e != null) {
                    Duration again = client.retryPolicy().delayBefore(attempt + 1, call, e, null);
                    if (again != null) { // it provably never left
                        schedule(() -> send(job, call, entry, then, attempt + 1), again);
                        return;
                    }
                    CommandLifecycle.Settled s = lifecycle.settle(entry, null, e);
                    then.failed(e, s.delivery() != Delivery.UNKNOWN ? null : s.message() != null ? s.message()
                            : "the request may or may not have been applied (" + e.getMessage() + "): check 'acs node-get " + job.node
                            + "' and the node's latest command before retrying");
                    return;
                }
                lifecycle.settle(entry, c, null);
                then.accepted(c, entry, false);
            }, job);
        }

        // ---- polling ----

        private void pollLater(Job job) {
            long d = backoff.delay(job.backoff++).toMillis();
            long left = (job.deadline - System.nanoTime()) / 1_000_000;
            schedule(() -> poll(job), Duration.ofMillis(Math.max(0, Math.min(d, left))));
        }

        private void poll(Job job) {
            String id = job.rollingBack ? job.rollbackCommandId : job.commandId;
            send(ApiCall.command(id), (c, e) -> polled(job, c, e));
        }

        private void polled(Job job, Command c, AcsException e) {
            job.polls++;
            polls++;
            if (e == null && !job.rollingBack) see(job, c);
            if (e == null && c.status().isTerminal()) lifecycle.finish(job.rollingBack ? job.rollbackEntry : job.entry, c);
            switch (PollRule.judge(c, e)) {
                case ERROR -> {
                    if (job.rollingBack) end(job, Outcome.FAILED, "; rollback: " + e.getMessage());
                    else fail(job, e.getMessage());
                    return;
                }
                case SUCCEEDED -> {
                    if (job.rollingBack) end(job, Outcome.FAILED, "; rolled back");
                    else end(job, Outcome.SUCCEEDED);
                    return;
                }
                case FAILED -> {
                    if (job.rollingBack) end(job, Outcome.FAILED, "; rollback failed: " + c.failure().orElse(c.resultMsg()));
                    else fail(job, new CommandFailedException(c).getMessage());
                    return;
                }
                case RETRY -> { } // transient or still running: poll again until the deadline
            }
            if (System.nanoTime() - job.deadline >= 0) {
                if (job.rollingBack) { end(job, Outcome.FAILED, "; rollback not finished in " + Durations.format(waitTimeout)); return; }
                engine.failure();
                job.error = "not finished within " + Durations.format(waitTimeout) + " (the command may still be running)";
                end(job, Outcome.TIMED_OUT);
                return;
            }
            pollLater(job);
        }

        private void see(Job job, Command c) {
            job.status = c.status();
            job.result = c.result();
        }

        // ---- ends ----

        private void fail(Job job, String error) {
            engine.failure();
            job.error = error;
            if (rollback != null && job.commandId != null && !job.rollingBack) {
                job.rollingBack = true;
                ApiCall<Command> call;
                try {
                    call = rollback.apply(job.node);
                } catch (AcsException e) {
                    end(job, Outcome.FAILED, "; rollback not started: " + e.getMessage());
                    return;
                }
                change(job, call, new Changed() {
                    @Override public void accepted(Command c, JournalEntry entry, boolean earlier) {
                        job.rollbackCommandId = c.commandId();
                        job.rollbackEntry = entry;
                        if (!waitForCommands) { end(job, Outcome.FAILED, "; rollback started"); return; }
                        job.backoff = 0;
                        job.deadline = System.nanoTime() + waitTimeout.toNanos();
                        pollLater(job);
                    }

                    @Override public void failed(AcsException e, String unknown) {
                        end(job, Outcome.FAILED, unknown != null ? "; rollback outcome unknown: " + unknown : "; rollback not started: " + e.getMessage());
                    }
                });
                return;
            }
            end(job, Outcome.FAILED);
        }

        private void end(Job job, Outcome outcome, String note) {
            job.error = (job.error == null ? "" : job.error) + note;
            end(job, outcome);
        }

        private void end(Job job, Outcome outcome) {
            job.outcome = outcome;
            job.endNanos = System.nanoTime();
            switch (outcome) {
                case SUCCEEDED -> succeeded++;
                case TIMED_OUT -> timedOut++;
                default -> failed++;
            }
            engine.end(job.index, result(job));
        }

        private FleetResult result(Job j) {
            double seconds = j.startNanos == 0 ? 0 : Math.round((j.endNanos - j.startNanos) / 1e7) / 100.0;
            return new FleetResult(j.node, j.commandId, j.outcome, j.status, j.result, seconds, j.error, j.batch, j.polls, j.rollbackCommandId, j.earlier);
        }

        private void emit(FleetResult finished) {
            try {
                listener.accept(new FleetProgress(jobs.size(), engine.started(), engine.running(), succeeded, failed, timedOut,
                        jobs.size() - engine.started(), budget.sent(), engine.batch(), engine.batches(), (System.nanoTime() - t0) / 1e9, finished));
            } catch (RuntimeException ignored) {
                // progress reporting must not change the outcome
            }
        }

        // ---- the request budget ----

        private void send(ApiCall<Command> call, BiConsumer<Command, AcsException> then) {
            budget.send(call, null, then);
        }

        /** Sends a change of {@code starting} (marked sent when its request leaves). */
        private void send(ApiCall<Command> call, BiConsumer<Command, AcsException> then, Job starting) {
            budget.send(call, () -> starting.sent = true, then);
        }
    }

    static AcsException asAcs(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return t instanceof AcsException a ? a : new AcsException(t.toString(), t);
    }
}
