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
        super(message(report), report.failed().isEmpty() ? null : report.failed().get(0).cause());
        this.report = report;
    }

    private static String message(FleetReport<?, ?> r) {
        StringBuilder sb = new StringBuilder("rollout failed: ").append(r.failed().size())
                .append(r.failed().size() == 1 ? " failure" : " failures").append(" (maxFailures ").append(r.maxFailures())
                .append("); ").append(r.describe());
        for (FleetResult<?, ?> f : r.failed()) {
            sb.append("\n  ").append(f.item()).append(": ").append(f.cause() == null ? "failed" : f.cause().getMessage());
        }
        return sb.toString();
    }

    public FleetReport<?, ?> report() { return report; }

    @Override public int exitCode() { return EXIT_COMMAND_FAILED; }
}
