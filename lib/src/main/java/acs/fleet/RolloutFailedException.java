package acs.fleet;

import acs.AcsException;

/**
 * A rollout had more failures than {@code maxFailures} allowed and stopped issuing work.
 * Exit code 6, as a failed command: whatever the items' own errors were, the outcome is
 * "the change failed". The first failure is the cause.
 */
public class RolloutFailedException extends AcsException {
    private final transient RolloutReport<?, ?> report;

    public RolloutFailedException(RolloutReport<?, ?> report) {
        super(message(report), report.failed().isEmpty() ? null : report.failed().get(0).error());
        this.report = report;
    }

    private static String message(RolloutReport<?, ?> r) {
        StringBuilder sb = new StringBuilder("rollout failed: ").append(r.failed().size())
                .append(r.failed().size() == 1 ? " failure" : " failures").append(" (maxFailures ").append(r.maxFailures())
                .append("); ").append(r.describe());
        for (RolloutResult<?, ?> f : r.failed()) {
            sb.append("\n  ").append(f.item()).append(": ").append(f.error() == null ? "failed" : f.error().getMessage());
        }
        return sb.toString();
    }

    public RolloutReport<?, ?> report() { return report; }

    @Override public int exitCode() { return EXIT_COMMAND_FAILED; }
}
