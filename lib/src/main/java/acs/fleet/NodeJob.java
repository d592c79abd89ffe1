package acs.fleet;

import acs.AcsException;
import acs.ApiCall;
import acs.Command;
import acs.CommandStatus;
import acs.journal.JournalEntry;
import acs.journal.Replay;
import acs.lifecycle.CommandLifecycle;
import acs.lifecycle.Delivery;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One node of a {@link FanOut} run and its state machine: start (through the journal and the request
 * budget), follow ({@link NodePolls}), on failure roll back, end. Loop thread only.
 */
final class NodeJob {
    private final FanOutRun run;
    final long node;
    final int index;
    final int batch;
    String commandId;
    String rollbackCommandId;
    JournalEntry entry;
    JournalEntry rollbackEntry;
    boolean rollingBack;
    long deadline;
    int polls;
    int backoff;
    /** When the command being followed was accepted (its age is counted from there). */
    long since;
    /** Polled closely to learn how long the run's commands take. */
    boolean scout;
    /** Bumped each time a poll is scheduled, so an earlier schedule of it is void. */
    int pollSeq;
    /** The schedule that waits for the scouts. */
    int parkedSeq = -1;
    private CommandStatus status;
    private String result;
    private String error;
    private FleetResult.Reason reason;
    private FleetResult.Rollback rollback;
    private long startNanos;
    private long endNanos;
    private boolean sent;
    private boolean earlier;
    /** A change with the request budget, not yet answered: never sent if the run ends before it leaves. */
    private Sending waiting;

    NodeJob(FanOutRun run, long node, int index, int batch) {
        this.run = run;
        this.node = node;
        this.index = index;
        this.batch = batch;
    }

    void start() {
        startNanos = System.nanoTime();
        ApiCall<Command> call;
        try {
            call = run.operation.apply(node);
        } catch (AcsException e) {
            fail(FleetResult.Reason.Kind.REFUSED, e.getMessage(), e.getMessage());
            return;
        }
        change(call, new Changed() {
            @Override public void accepted(Command c, JournalEntry e, boolean byEarlier) {
                entry = e;
                earlier = byEarlier;
                commandId = c.commandId();
                if (c.status() != null) see(c);
                run.accepted(NodeJob.this);
                if (!run.settings.waitForCommands()) {
                    end(Outcome.SUCCEEDED);
                    return;
                }
                deadline = System.nanoTime() + run.settings.waitTimeout().toNanos();
                run.polls.follow(NodeJob.this);
            }

            @Override public void failed(AcsException e, FleetResult.Reason unknown) {
                if (unknown == null) {
                    fail(FleetResult.Reason.Kind.REFUSED, e.getMessage(), e.getMessage());
                    return;
                }
                run.engine.failure(); // never repeated: say what to check
                error = e.getMessage();
                reason = unknown;
                end(Outcome.UNKNOWN);
            }
        });
    }

    /** How a change came out: a command (made now, or by an earlier attempt of the run), or a failure (with what to check when unknown). */
    private interface Changed {
        void accepted(Command c, JournalEntry entry, boolean earlier);

        /** @param unknown why its outcome is unknown (then {@code e} says what to check); null when it provably did not apply */
        void failed(AcsException e, FleetResult.Reason unknown);
    }

    /**
     * One change through the lifecycle: answered from the run's history when an earlier attempt
     * made it; else queued with the request budget, begun when it gets its slot (its request leaves
     * once the sending line is durable), repeated only when it provably never left, and settled.
     */
    private void change(ApiCall<Command> call, Changed then) {
        Replay replay = run.settings.replay();
        if (replay != null) {
            Replay.Answer a = replay.next(call);
            if (a.prior() == Replay.Prior.COMMAND) {
                sent = true;
                then.accepted(new Command(a.entry().commandId(), null, null, null, null, null, null, List.of()), a.entry(), true);
                return;
            }
            if (a.prior() == Replay.Prior.APPLIED) { // checked by hand: it took effect, no command to follow
                sent = true;
                earlier = true;
                if (rollingBack) endRollback(FleetResult.Rollback.State.SUCCEEDED, "");
                else end(Outcome.SUCCEEDED);
                return;
            }
            if (a.prior() == Replay.Prior.UNKNOWN) {
                sent = true;
                then.failed(new AcsException("it " + replay.unknownOutcome(a)),
                        new FleetResult.Reason(FleetResult.Reason.Kind.EARLIER_UNKNOWN, "entry " + a.entry().id().substring(0, 8)));
                return;
            }
        }
        send(call, new Sending(call), then, 1);
    }

    /** A change's way out of the budget: its sending line when it gets a slot (once for all its attempts), and what became of it. */
    private final class Sending implements RequestBudget.Gate {
        private final ApiCall<Command> call;
        private volatile JournalEntry entry;
        private volatile boolean begun;
        private volatile AcsException beginFailed;
        /** Its line's write has ended (entry or beginFailed set; entry stays null without a journal). */
        private volatile boolean written;
        /** Handed to the client, and not known to have never left. */
        private boolean left;
        private final AtomicBoolean settled = new AtomicBoolean();
        private final AtomicBoolean closed = new AtomicBoolean();

        Sending(ApiCall<Command> call) {
            this.call = call;
        }

        @Override public CompletionStage<?> open() {
            if (begun) return CompletableFuture.completedFuture(entry); // a repeat: its line is there
            begun = true;
            run.gates.opening();
            return run.lifecycle.beginAsync(call).whenComplete((e, x) -> {
                if (x == null) entry = e;
                else beginFailed = FanOut.asAcs(x);
                written = true;
            });
        }

        @Override public void leaving() {
            left = true;
            sent = true;
            close();
        }

        @Override public void notSent() {
            if (begun && !written) return; // still being written: the budget calls again once it is
            JournalEntry e = entry;
            if (e != null && !settled.getAndSet(true)) run.lifecycle.settle(e, null, FanOutRun.NOT_SENT);
            close();
        }

        /** Its line's fate is known to the journal (written and left, settled, or never written). */
        void close() {
            if (begun && !closed.getAndSet(true)) run.gates.opened();
        }
    }

    private void send(ApiCall<Command> call, Sending gate, Changed then, int attempt) {
        waiting = gate;
        run.budget.send(call, gate, (c, x) -> {
            waiting = null;
            JournalEntry e = gate.entry;
            if (gate.beginFailed != null) { // the journal could not record it: never sent
                gate.close();
                then.failed(gate.beginFailed, null);
                return;
            }
            if (x != null) {
                Duration again = run.settings.client().retryPolicy().delayBefore(attempt + 1, call, x, null);
                if (again != null) { // it provably never left
                    gate.left = false;
                    waiting = gate;
                    run.engine.schedule(() -> send(call, gate, then, attempt + 1), again);
                    return;
                }
                CommandLifecycle.Settled s = run.lifecycle.settle(e, null, x);
                if (s.delivery() != Delivery.UNKNOWN) {
                    then.failed(x, null);
                    return;
                }
                String check = e != null ? s.message() : s.message() + ": " + JournalEntry.whatToCheck(node, null);
                then.failed(new AcsException(check), new FleetResult.Reason(FleetResult.Reason.Kind.ANSWER_LOST, check));
                return;
            }
            run.lifecycle.settle(e, c, null);
            then.accepted(c, e, false);
        });
    }

    /** The command's last seen status and result. */
    void see(Command c) {
        status = c.status();
        result = c.result();
    }

    // ---- ends ----

    /** Failed: {@code message} is the whole error, {@code detail} its particulars in few words (the reason's). */
    void fail(FleetResult.Reason.Kind why, String message, String detail) {
        run.engine.failure();
        error = message;
        reason = new FleetResult.Reason(why, detail);
        if (run.settings.rollback() != null && commandId != null && !rollingBack) {
            rollingBack = true;
            ApiCall<Command> call;
            try {
                call = run.settings.rollback().apply(node);
            } catch (AcsException e) {
                endRollback(FleetResult.Rollback.State.NOT_STARTED, e.getMessage());
                return;
            }
            change(call, new Changed() {
                @Override public void accepted(Command c, JournalEntry e, boolean byEarlier) {
                    rollbackCommandId = c.commandId();
                    rollbackEntry = e;
                    if (!run.settings.waitForCommands()) { endRollback(FleetResult.Rollback.State.STARTED, ""); return; }
                    deadline = System.nanoTime() + run.settings.waitTimeout().toNanos();
                    run.polls.follow(NodeJob.this);
                }

                @Override public void failed(AcsException e, FleetResult.Reason unknown) {
                    if (unknown != null) endRollback(FleetResult.Rollback.State.UNKNOWN, e.getMessage());
                    else endRollback(FleetResult.Rollback.State.NOT_STARTED, e.getMessage());
                }
            });
            return;
        }
        end(Outcome.FAILED);
    }

    /** Timed out: counted as a failure, the command may still be running. */
    void timedOut(String message, String detail) {
        run.engine.failure();
        error = message;
        reason = new FleetResult.Reason(FleetResult.Reason.Kind.NOT_FINISHED, detail);
        end(Outcome.TIMED_OUT);
    }

    /** The node failed, and this became of its rollback. */
    void endRollback(FleetResult.Rollback.State state, String detail) {
        rollback = new FleetResult.Rollback(state, rollbackCommandId, detail);
        end(Outcome.FAILED);
    }

    void end(Outcome outcome) {
        endNanos = System.nanoTime();
        run.engine.end(index, result(outcome));
    }

    /** The result of a node the run ended without: never started (skipped or cancelled), or still in flight at a cancel. */
    FleetResult<Long, Void> unended(boolean cancelled, long now) {
        if (waiting != null && !waiting.left) waiting.notSent();
        endNanos = startNanos == 0 ? 0 : now;
        // in flight once a request left (a command follows only from one that did)
        if (sent) return result(Outcome.IN_FLIGHT, FleetResult.Reason.Kind.RUNNING_AT_CANCEL, "");
        if (cancelled) return result(Outcome.CANCELLED, FleetResult.Reason.Kind.CANCELLED, "cancelled");
        FleetResult<Long, Void> answered = startNanos == 0 && run.settings.replay() != null ? answeredByEarlierAttempt() : null;
        if (answered != null) return answered;
        return result(Outcome.SKIPPED, FleetResult.Reason.Kind.MAX_FAILURES, FleetResult.Reason.moreThan(run.settings.maxFailures()));
    }

    /**
     * A node this attempt never started (it stopped after too many failures) whose change an earlier
     * attempt made: what the journal knows of it, never reported as skipped. Null when no earlier attempt made it.
     */
    private FleetResult<Long, Void> answeredByEarlierAttempt() {
        Replay replay = run.settings.replay();
        Replay.Answer a;
        try {
            a = replay.next(run.operation.apply(node));
        } catch (AcsException e) {
            return null;
        }
        FleetResult.Reason.Kind by = FleetResult.Reason.Kind.ANSWERED_BY_EARLIER_ATTEMPT;
        earlier = true;
        switch (a.prior()) {
            case NONE -> {
                earlier = false;
                return null;
            }
            case UNKNOWN -> { // as when started: the row tells it by its reason, not as made by the earlier attempt
                earlier = false;
                error = "it " + replay.unknownOutcome(a);
                return result(Outcome.UNKNOWN, FleetResult.Reason.Kind.EARLIER_UNKNOWN, "entry " + a.entry().id().substring(0, 8));
            }
            case APPLIED -> {
                return result(Outcome.SUCCEEDED, by, "found applied by hand");
            }
            case COMMAND -> {
                commandId = a.entry().commandId();
                return switch (a.entry().state()) {
                    case SUCCEEDED -> result(Outcome.SUCCEEDED, by, "");
                    case FAILED -> {
                        error = "command " + commandId + " failed" + (a.entry().detail() == null ? "" : ": " + a.entry().detail());
                        rollback = run.settings.rollback() == null ? null : earlierRollback(replay);
                        yield result(Outcome.FAILED, by, "its command failed");
                    }
                    // accepted, not seen to end: followed by the next attempt
                    default -> result(Outcome.IN_FLIGHT, by, "its command was not seen to end; not followed after the stop");
                };
            }
            default -> throw new IllegalStateException("prior " + a.prior());
        }
    }

    /** What the journal knows of the rollback of a node whose command failed in an earlier attempt. */
    private FleetResult.Rollback earlierRollback(Replay replay) {
        Replay.Answer a;
        try {
            a = replay.next(run.settings.rollback().apply(node));
        } catch (AcsException e) {
            return new FleetResult.Rollback(FleetResult.Rollback.State.NOT_STARTED, "", e.getMessage());
        }
        return switch (a.prior()) {
            case NONE -> new FleetResult.Rollback(FleetResult.Rollback.State.NOT_STARTED, "", "none in the journal");
            case UNKNOWN -> new FleetResult.Rollback(FleetResult.Rollback.State.UNKNOWN, "", replay.unknownOutcome(a));
            case APPLIED -> new FleetResult.Rollback(FleetResult.Rollback.State.SUCCEEDED, "", "found applied by hand");
            case COMMAND -> new FleetResult.Rollback(switch (a.entry().state()) {
                case SUCCEEDED -> FleetResult.Rollback.State.SUCCEEDED;
                case FAILED -> FleetResult.Rollback.State.FAILED;
                default -> FleetResult.Rollback.State.STARTED;
            }, a.entry().commandId(), a.entry().state() == JournalEntry.State.FAILED && a.entry().detail() != null ? a.entry().detail() : "");
        };
    }

    private FleetResult<Long, Void> result(Outcome outcome, FleetResult.Reason.Kind why, String detail) {
        reason = new FleetResult.Reason(why, detail);
        return result(outcome);
    }

    private FleetResult<Long, Void> result(Outcome outcome) {
        double seconds = startNanos == 0 ? 0 : Math.round((endNanos - startNanos) / 1e7) / 100.0;
        // a rollback still running when the run was cancelled: started, its end not seen
        FleetResult.Rollback back = rollback != null || rollbackCommandId == null ? rollback
                : new FleetResult.Rollback(FleetResult.Rollback.State.STARTED, rollbackCommandId, "");
        return new FleetResult<>(node, outcome, null, error, null, batch, seconds, commandId, status, result, polls, reason, back, earlier);
    }
}
