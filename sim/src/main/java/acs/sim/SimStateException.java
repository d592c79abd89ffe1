package acs.sim;

import acs.AcsException;

/** The simulator's state file cannot be read or is not a simulator state (never silently replaced). */
public final class SimStateException extends AcsException {
    public SimStateException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override public int exitCode() {
        return EXIT_CONFIG;
    }
}
