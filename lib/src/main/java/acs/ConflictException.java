package acs;

/**
 * Another run holds what this one needs (a run's claim, or a node's lease), or this process lost
 * its claim to another: nothing was sent. The message names the holder and what to do.
 */
public class ConflictException extends AcsException {
    public ConflictException(String message) {
        super(message);
    }

    @Override public int exitCode() {
        return EXIT_CONFLICT;
    }
}
