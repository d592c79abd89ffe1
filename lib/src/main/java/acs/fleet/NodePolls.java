package acs.fleet;

import acs.AcsException;
import acs.ApiCall;
import acs.Command;
import acs.CommandFailedException;
import acs.internal.Durations;
import acs.lifecycle.PollRule;
import java.time.Duration;

/**
 * Follows the commands of a {@link FanOut} run until they end: each node's command (or its
 * rollback) polled with its own backoff, through the run's request budget, up to the wait timeout.
 */
final class NodePolls {
    private final FanOutRun run;
    private long count;

    NodePolls(FanOutRun run) {
        this.run = run;
    }

    /** Polls sent so far. */
    long count() {
        return count;
    }

    /** The next poll of {@code job}'s command, after its backoff (never past its deadline). */
    void later(NodeJob job) {
        long d = run.backoff.delay(job.backoff++).toMillis();
        long left = (job.deadline - System.nanoTime()) / 1_000_000;
        run.engine.schedule(() -> poll(job), Duration.ofMillis(Math.max(0, Math.min(d, left))));
    }

    private void poll(NodeJob job) {
        String id = job.rollingBack ? job.rollbackCommandId : job.commandId;
        run.budget.send(ApiCall.command(id), null, (c, e) -> polled(job, c, e));
    }

    private void polled(NodeJob job, Command c, AcsException e) {
        job.polls++;
        count++;
        if (e == null && !job.rollingBack) job.see(c);
        if (e == null && c.status().isTerminal()) run.lifecycle.finish(job.rollingBack ? job.rollbackEntry : job.entry, c);
        switch (PollRule.judge(c, e)) {
            case ERROR -> {
                if (job.rollingBack) job.end(Outcome.FAILED, "; rollback: " + e.getMessage());
                else job.fail(e.getMessage());
                return;
            }
            case SUCCEEDED -> {
                if (job.rollingBack) job.end(Outcome.FAILED, "; rolled back");
                else job.end(Outcome.SUCCEEDED);
                return;
            }
            case FAILED -> {
                if (job.rollingBack) job.end(Outcome.FAILED, "; rollback failed: " + c.failure().orElse(c.resultMsg()));
                else job.fail(new CommandFailedException(c).getMessage());
                return;
            }
            case RETRY -> { } // transient or still running: poll again until the deadline
        }
        if (System.nanoTime() - job.deadline >= 0) {
            Duration timeout = run.settings.waitTimeout();
            if (job.rollingBack) job.end(Outcome.FAILED, "; rollback not finished in " + Durations.format(timeout));
            else job.timedOut("not finished within " + Durations.format(timeout) + " (the command may still be running)");
            return;
        }
        later(job);
    }
}
