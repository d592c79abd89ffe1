package acs.fleet;

import acs.AcsException;

/**
 * A rollout had more failures than {@code maxFailures} allowed and stopped issuing work.
 * Exit code 6, as a failed command: whatever the items' own errors were, the outcome is
 * "the change failed". The first failure is the cause.
 */
public class RolloutFailedException extends AcsException {
    private final transient FleetReport<?, ?> report;

    public RolloutFailedException(FleetReport<?, ?> report) {
        super(message(report), bad(report).isEmpty() ? null : bad(report).get(0).cause());
        this.report = report;
    }

    /** The items that failed or whose outcome is unknown, in order. */
    private static java.util.List<? extends FleetResult<?, ?>> bad(FleetReport<?, ?> r) {
        return r.results().stream().filter(x -> x.failed() || x.outcome() == Outcome.UNKNOWN).toList();
    }

    private static String message(FleetReport<?, ?> r) {
        long unknown = r.count(Outcome.UNKNOWN), failed = r.failed().size();
        StringBuilder sb = new StringBuilder("rollout failed: ").append(failed).append(failed == 1 ? " failure" : " failures")
                .append(unknown == 0 ? "" : ", " + unknown + " of unknown outcome").append(" (maxFailures ").append(r.maxFailures())
                .append("); ").append(r.describe());
        for (FleetResult<?, ?> f : bad(r)) {
            sb.append("\n  ").append(f.item()).append(f.outcome() == Outcome.UNKNOWN ? " (outcome unknown)" : "").append(": ")
                    .append(f.cause() == null ? "failed" : f.cause().getMessage());
        }
        return sb.toString();
    }

    public FleetReport<?, ?> report() { return report; }

    /** 5 when any outcome is unknown (it needs checking by hand), else 6. */
    @Override public int exitCode() { return report.count(Outcome.UNKNOWN) > 0 ? EXIT_TRANSPORT : EXIT_COMMAND_FAILED; }
}
