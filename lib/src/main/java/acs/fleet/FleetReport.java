package acs.fleet;

import acs.AcsException;
import java.time.Duration;
import java.util.List;

/**
 * What a run did, {@link FanOut}'s or {@link Rollout}'s: one result per item in the order given,
 * the failures it tolerated, whether it was cancelled, and, for a fan-out (which sends the requests
 * itself), its {@link Traffic}. A run <em>failed</em> ({@link #exceeded()}) when more items failed
 * than {@code maxFailures} allowed; it then stopped issuing work and the items not started are SKIPPED
 * (in a resumed fan-out, those an earlier attempt made are reported as the journal knows them instead).
 */
public record FleetReport<T, V>(List<FleetResult<T, V>> results, int maxFailures, boolean cancelled, Traffic traffic) {
    /** The requests a fan-out sent (starts, polls, rollbacks), the polls among them, and the wall time. */
    public record Traffic(long requests, long polls, Duration elapsed) {}

    public FleetReport {
        results = List.copyOf(results);
    }

    public long requests() { return traffic == null ? 0 : traffic.requests(); }
    public long polls() { return traffic == null ? 0 : traffic.polls(); }
    public Duration elapsed() { return traffic == null ? Duration.ZERO : traffic.elapsed(); }

    public long count(Outcome o) {
        return results.stream().filter(r -> r.outcome() == o).count();
    }

    public List<FleetResult<T, V>> succeeded() { return results.stream().filter(FleetResult::succeeded).toList(); }
    public List<FleetResult<T, V>> failed() { return results.stream().filter(FleetResult::failed).toList(); }
    public List<FleetResult<T, V>> skipped() { return results.stream().filter(FleetResult::skipped).toList(); }

    public long rollbacks(FleetResult.Rollback.State s) {
        return results.stream().filter(x -> x.rollback().state() == s).count();
    }

    public boolean allSucceeded() {
        return results.stream().allMatch(FleetResult::succeeded);
    }

    /** More failures than allowed: the run failed (and stopped). */
    public boolean exceeded() {
        return results.stream().filter(FleetResult::countsAsFailure).count() > maxFailures;
    }

    /** Throws {@link RolloutFailedException} when the run {@linkplain #exceeded() failed}; returns this otherwise. */
    public FleetReport<T, V> throwIfExceeded() {
        if (exceeded()) throw new RolloutFailedException(this);
        return this;
    }

    /** Polls per command started (0 when none was). */
    public double pollsPerCommand() {
        long started = results.stream().filter(r -> !r.commandId().isEmpty()).count();
        return started == 0 ? 0 : (double) polls() / started;
    }

    /**
     * The process exit code of the toolkit: 0 all succeeded; 5 the outcome of any is unknown
     * (whatever else happened: it needs checking by hand); 6 any failed (or was skipped because of
     * failures); 7 none failed or unknown but some timed out; 130 cancelled.
     */
    public int exitCode() {
        if (cancelled) return 130;
        // an unknown outcome wins: a script that watches for 5 must learn that something needs checking by hand
        if (count(Outcome.UNKNOWN) > 0) return AcsException.EXIT_TRANSPORT;
        if (count(Outcome.FAILED) > 0 || count(Outcome.SKIPPED) > 0) return AcsException.EXIT_COMMAND_FAILED;
        if (count(Outcome.TIMED_OUT) > 0) return AcsException.EXIT_TIMEOUT;
        return AcsException.EXIT_OK;
    }

    /**
     * A rollout's {@code 3 succeeded, 1 failed, 2 skipped}; a fan-out's {@code 998 succeeded, 1 failed, 1 timed out, 0 skipped
     * in 4.2s (3012 requests, 2.0 polls per command)}, with rollbacks {@code …, 0 skipped; rollbacks: 2 started, 1 succeeded, 1 failed in …}.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(count(Outcome.SUCCEEDED)).append(" succeeded, ").append(count(Outcome.FAILED)).append(" failed, ");
        if (traffic != null || count(Outcome.TIMED_OUT) > 0) sb.append(count(Outcome.TIMED_OUT)).append(" timed out, ");
        sb.append(count(Outcome.SKIPPED)).append(" skipped");
        if (rollbacks(FleetResult.Rollback.State.NONE) < results.size()) {
            sb.append("; rollbacks: ").append(results.stream().filter(r -> !r.rollbackCommandId().isEmpty()).count()).append(" started, ")
              .append(rollbacks(FleetResult.Rollback.State.SUCCEEDED)).append(" succeeded, ")
              .append(rollbacks(FleetResult.Rollback.State.FAILED)).append(" failed");
            long notStarted = rollbacks(FleetResult.Rollback.State.NOT_STARTED), unknown = rollbacks(FleetResult.Rollback.State.UNKNOWN);
            if (notStarted > 0) sb.append(", ").append(notStarted).append(" not started");
            if (unknown > 0) sb.append(", ").append(unknown).append(" of unknown outcome");
        }
        long unknown = count(Outcome.UNKNOWN);
        if (unknown > 0) sb.append(", ").append(unknown).append(" unknown (check them: acs journal --pending)");
        if (cancelled) sb.append(", ").append(count(Outcome.IN_FLIGHT)).append(" in flight, ")
                .append(count(Outcome.CANCELLED)).append(" not started (cancelled)");
        else if (count(Outcome.IN_FLIGHT) > 0) sb.append(", ").append(count(Outcome.IN_FLIGHT)).append(" in flight (not followed after the stop)");
        if (traffic != null) {
            sb.append(String.format(" in %.1fs (%d requests, %.1f polls per command)", traffic.elapsed().toMillis() / 1000.0,
                    traffic.requests(), pollsPerCommand()));
        }
        return sb.toString();
    }
}
