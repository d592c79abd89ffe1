package acs;

import java.time.Duration;

/** A wait ran out of time before the command finished: not a failure, an unknown end. */
public class WaitTimeoutException extends AcsException {
    private final transient Command lastSeen;

    public WaitTimeoutException(String commandId, Duration timeout, Command lastSeen) {
        super("command " + commandId + " did not finish within " + Durations.format(timeout)
                + (lastSeen == null ? "" : " (last status " + lastSeen.status() + ")")
                + "; it may still be running: check it with 'acs command-get " + commandId + "'");
        this.lastSeen = lastSeen;
    }

    /** The last state polled, or null when no poll succeeded. */
    public Command lastSeen() { return lastSeen; }

    @Override public int exitCode() { return EXIT_TIMEOUT; }
}
