package acs;

/**
 * The request or its response was lost on the network (refused, reset, timed out).
 * {@link #maybeApplied()} is true when the request may have reached the server: for a
 * mutating call its outcome is then unknown and must be checked, not blindly retried.
 */
public class TransportException extends AcsException {
    private final boolean maybeApplied;

    public TransportException(String message, boolean maybeApplied, Throwable cause) {
        super(message, cause);
        this.maybeApplied = maybeApplied;
    }

    public boolean maybeApplied() { return maybeApplied; }

    @Override public int exitCode() { return EXIT_TRANSPORT; }
}
