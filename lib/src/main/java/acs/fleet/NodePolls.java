package acs.fleet;

import acs.AcsException;
import acs.ApiCall;
import acs.Command;
import acs.CommandFailedException;
import acs.Durations;
import acs.lifecycle.PollRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows the commands of a {@link FanOut} run until they end: each node's command (or its
 * rollback) polled through the run's request budget, up to the wait timeout.
 *
 * <p><b>Polls timed by what the run learned.</b> A fleet's commands mostly take about as long as
 * each other. So until one of them has ended, only the first {@link #SCOUTS} commands are polled,
 * closely (every eighth of their age, within the poll delays); the others wait. The first end
 * tells the shortest age at which a command was seen done, and every command is then first polled
 * at that age; one still running there goes on with its own backoff. A command waits for the
 * scouts at most the longest poll delay, so a run whose scouts hang is polled as before.
 */
final class NodePolls {
    static final int SCOUTS = 4;

    private final FanOutRun run;
    private long count;
    private int scouts;
    /** The shortest age (ns from acceptance) at which a command was seen ended; -1 before any. */
    private long learned = -1;
    private final List<NodeJob> parked = new ArrayList<>();

    NodePolls(FanOutRun run) {
        this.run = run;
    }

    /** Polls sent so far. */
    long count() {
        return count;
    }

    /** Starts following {@code job}'s command (or rollback), accepted now. */
    void follow(NodeJob job) {
        long now = System.nanoTime();
        job.since = now;
        job.backoff = 0;
        job.scout = false;
        if (learned >= 0) {
            job.backoff = 1; // a miss at the learned age goes on with the short delays
            at(job, Duration.ofNanos(learned));
        } else if (scouts < SCOUTS) {
            scouts++;
            job.scout = true;
            at(job, scoutDelay(0));
        } else {
            at(job, run.settings.maxDelay());
            job.parkedSeq = job.pollSeq;
            parked.add(job);
        }
    }

    /** The next poll of {@code job}'s command, still running, after its backoff (never past its deadline). */
    private void later(NodeJob job) {
        long age = System.nanoTime() - job.since;
        at(job, job.scout && learned < 0 ? scoutDelay(age) : run.backoff.delay(job.backoff++));
    }

    private Duration scoutDelay(long ageNanos) {
        long d = Math.max(run.settings.minDelay().toNanos(), ageNanos / 8);
        return Duration.ofNanos(Math.min(d, run.settings.maxDelay().toNanos()));
    }

    /** Polls {@code job} after {@code d} (never past its deadline); an earlier schedule of it is void. */
    private void at(NodeJob job, Duration d) {
        int seq = ++job.pollSeq;
        long left = job.deadline - System.nanoTime();
        run.engine.schedule(() -> {
            if (job.pollSeq == seq) poll(job);
        }, Duration.ofNanos(Math.max(0, Math.min(d.toNanos(), left))));
    }

    private void poll(NodeJob job) {
        String id = job.rollingBack ? job.rollbackCommandId : job.commandId;
        job.pollSeq++; // polling now: no schedule of it stands
        run.budget.send(ApiCall.command(id), null, (c, e) -> polled(job, c, e));
    }

    /** A command ended at this age: the others are first polled at the shortest such age. */
    private void ended(NodeJob job) {
        long age = System.nanoTime() - job.since;
        if (learned >= 0 && age >= learned) return;
        learned = age;
        for (NodeJob p : parked) {
            if (p.pollSeq != p.parkedSeq) continue; // polled since (or ended)
            p.backoff = 1;
            at(p, Duration.ofNanos(Math.max(0, p.since + learned - System.nanoTime())));
        }
        parked.clear();
    }

    private void polled(NodeJob job, Command c, AcsException e) {
        job.polls++;
        count++;
        if (e == null && !job.rollingBack) job.see(c);
        if (e == null && c.status().isTerminal()) {
            run.lifecycle.finish(job.rollingBack ? job.rollbackEntry : job.entry, c);
            ended(job);
        }
        switch (PollRule.judge(c, e)) {
            case ERROR -> {
                if (job.rollingBack) job.endRollback(FleetResult.Rollback.State.FAILED, e.getMessage());
                else job.fail(FleetResult.Reason.Kind.FOLLOW_FAILED, e.getMessage(), e.getMessage());
                return;
            }
            case SUCCEEDED -> {
                if (job.rollingBack) job.endRollback(FleetResult.Rollback.State.SUCCEEDED, "");
                else job.end(Outcome.SUCCEEDED);
                return;
            }
            case FAILED -> {
                if (job.rollingBack) job.endRollback(FleetResult.Rollback.State.FAILED, c.failure().orElse(c.resultMsg()));
                else job.fail(FleetResult.Reason.Kind.COMMAND_FAILED, new CommandFailedException(c).getMessage(), CommandFailedException.why(c));
                return;
            }
            case RETRY -> { } // transient or still running: poll again until the deadline
        }
        if (System.nanoTime() - job.deadline >= 0) {
            String within = "within " + Durations.format(run.settings.waitTimeout());
            if (job.rollingBack) job.endRollback(FleetResult.Rollback.State.FAILED, "not finished " + within);
            else job.timedOut("not finished " + within + " (the command may still be running)", within + "; it may still be running");
            return;
        }
        later(job);
    }
}
