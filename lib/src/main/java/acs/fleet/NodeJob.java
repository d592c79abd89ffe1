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
    private CommandStatus status;
    private String result;
    private String error;
    private long startNanos;
    private long endNanos;
    private boolean sent;
    private boolean earlier;
    /** The journal line of a change queued in the request budget and not yet gone: never sent if the run ends first. */
    private JournalEntry waiting;

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
            fail(e.getMessage());
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
                run.polls.later(NodeJob.this);
            }

            @Override public void failed(AcsException e, String unknown) {
                if (unknown == null) {
                    fail(e.getMessage());
                    return;
                }
                run.engine.failure(); // never repeated: say what to check
                error = unknown;
                end(Outcome.UNKNOWN);
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
                if (rollingBack) end(Outcome.FAILED, "; rolled back");
                else end(Outcome.SUCCEEDED);
                return;
            }
            if (a.prior() == Replay.Prior.UNKNOWN) {
                sent = true;
                then.failed(new AcsException("unknown outcome"), "it " + replay.unknownOutcome(a));
                return;
            }
        }
        run.lifecycle.beginAsync(call).whenComplete((e, x) -> {
            if (x == null && run.engine.done()) { // the run ended meanwhile: it never leaves
                run.lifecycle.settle(e, null, FanOutRun.NOT_SENT);
                return;
            }
            run.engine.execute(() -> {
                if (x != null) {
                    then.failed(FanOut.asAcs(x), null);
                    return;
                }
                send(call, e, then, 1);
            });
        });
    }

    private void send(ApiCall<Command> call, JournalEntry e, Changed then, int attempt) {
        waiting = e;
        run.budget.send(call, () -> { sent = true; waiting = null; }, (c, x) -> {
            if (x != null) {
                Duration again = run.settings.client().retryPolicy().delayBefore(attempt + 1, call, x, null);
                if (again != null) { // it provably never left
                    run.engine.schedule(() -> send(call, e, then, attempt + 1), again);
                    return;
                }
                CommandLifecycle.Settled s = run.lifecycle.settle(e, null, x);
                then.failed(x, s.delivery() != Delivery.UNKNOWN ? null
                        : e != null ? s.message() : s.message() + ": " + JournalEntry.whatToCheck(node, null));
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

    void fail(String message) {
        run.engine.failure();
        error = message;
        if (run.settings.rollback() != null && commandId != null && !rollingBack) {
            rollingBack = true;
            ApiCall<Command> call;
            try {
                call = run.settings.rollback().apply(node);
            } catch (AcsException e) {
                end(Outcome.FAILED, "; rollback not started: " + e.getMessage());
                return;
            }
            change(call, new Changed() {
                @Override public void accepted(Command c, JournalEntry e, boolean byEarlier) {
                    rollbackCommandId = c.commandId();
                    rollbackEntry = e;
                    if (!run.settings.waitForCommands()) { end(Outcome.FAILED, "; rollback started"); return; }
                    backoff = 0;
                    deadline = System.nanoTime() + run.settings.waitTimeout().toNanos();
                    run.polls.later(NodeJob.this);
                }

                @Override public void failed(AcsException e, String unknown) {
                    end(Outcome.FAILED, unknown != null ? "; rollback outcome unknown: " + unknown : "; rollback not started: " + e.getMessage());
                }
            });
            return;
        }
        end(Outcome.FAILED);
    }

    /** Timed out: counted as a failure, the command may still be running. */
    void timedOut(String message) {
        run.engine.failure();
        error = message;
        end(Outcome.TIMED_OUT);
    }

    void end(Outcome outcome, String note) {
        error = (error == null ? "" : error) + note;
        end(outcome);
    }

    void end(Outcome outcome) {
        endNanos = System.nanoTime();
        run.engine.end(index, result(outcome));
    }

    /** The result of a node the run ended without: never started (skipped or cancelled), or still in flight at a cancel. */
    FleetResult<Long, Void> unended(boolean cancelled, long now) {
        if (waiting != null) run.lifecycle.settle(waiting, null, FanOutRun.NOT_SENT);
        endNanos = startNanos == 0 ? 0 : now;
        // in flight once a request left (a command follows only from one that did)
        return result(sent ? Outcome.IN_FLIGHT : cancelled ? Outcome.CANCELLED : Outcome.SKIPPED);
    }

    private FleetResult<Long, Void> result(Outcome outcome) {
        double seconds = startNanos == 0 ? 0 : Math.round((endNanos - startNanos) / 1e7) / 100.0;
        return new FleetResult<>(node, outcome, null, error, null, batch, seconds, commandId, status, result, polls, rollbackCommandId, earlier);
    }
}
