package acs.fleet;

import acs.AcsException;
import java.time.Duration;
import java.util.List;

/**
 * What a {@link FanOut} run did: one result per node in the order given, the requests it sent
 * (starts, polls, rollbacks), the polls among them, the wall time, and whether it was cancelled.
 */
public record FleetReport(List<FleetResult> results, long requests, long polls, Duration elapsed, boolean cancelled) {
    public FleetReport {
        results = List.copyOf(results);
    }

    public long count(Outcome o) {
        return results.stream().filter(r -> r.outcome() == o).count();
    }

    public long rollbacks(FleetResult.Rollback r) {
        return results.stream().filter(x -> x.rollback() == r).count();
    }

    public boolean allSucceeded() {
        return results.stream().allMatch(FleetResult::succeeded);
    }

    /** Polls per command started (0 when none was). */
    public double pollsPerCommand() {
        long started = results.stream().filter(r -> !r.commandId().isEmpty()).count();
        return started == 0 ? 0 : (double) polls / started;
    }

    /**
     * The process exit code of the toolkit: 0 all succeeded; 6 any failed (or was skipped
     * because of failures); 5 none failed but the outcome of some is unknown; 7 none failed or
     * unknown but some timed out; 130 cancelled.
     */
    public int exitCode() {
        if (cancelled) return 130;
        if (count(Outcome.FAILED) > 0 || count(Outcome.SKIPPED) > 0) return AcsException.EXIT_COMMAND_FAILED;
        if (count(Outcome.UNKNOWN) > 0) return AcsException.EXIT_TRANSPORT;
        if (count(Outcome.TIMED_OUT) > 0) return AcsException.EXIT_TIMEOUT;
        return AcsException.EXIT_OK;
    }

    /**
     * {@code 998 succeeded, 1 failed, 1 timed out, 0 skipped in 4.2s (3012 requests, 2.0 polls per command)}; with rollbacks,
     * {@code …, 0 skipped; rollbacks: 2 started, 1 succeeded, 1 failed in …}.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(count(Outcome.SUCCEEDED)).append(" succeeded, ")
          .append(count(Outcome.FAILED)).append(" failed, ")
          .append(count(Outcome.TIMED_OUT)).append(" timed out, ")
          .append(count(Outcome.SKIPPED)).append(" skipped");
        long tried = results.stream().filter(r -> r.rollback() != FleetResult.Rollback.NONE).count();
        if (tried > 0) {
            sb.append("; rollbacks: ").append(results.stream().filter(r -> !r.rollbackCommandId().isEmpty()).count()).append(" started, ")
              .append(rollbacks(FleetResult.Rollback.SUCCEEDED)).append(" succeeded, ")
              .append(rollbacks(FleetResult.Rollback.FAILED)).append(" failed");
        }
        long unknown = count(Outcome.UNKNOWN);
        if (unknown > 0) sb.append(", ").append(unknown).append(" unknown (check them: acs journal --pending)");
        if (cancelled) sb.append(", ").append(count(Outcome.IN_FLIGHT)).append(" in flight, ")
                .append(count(Outcome.CANCELLED)).append(" not started (cancelled)");
        sb.append(String.format(" in %.1fs (%d requests, %.1f polls per command)", elapsed.toMillis() / 1000.0, requests, pollsPerCommand()));
        return sb.toString();
    }
}
