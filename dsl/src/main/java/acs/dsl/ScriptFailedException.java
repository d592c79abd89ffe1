package acs.dsl;

import acs.AcsException;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;

/**
 * A script stopped with an error: the message starts with the script's own file and line
 * ({@code deploy.groovy:4: command … failed: …}); the exit code is the cause's (6 for a failed
 * command, a failed {@code assert} or anything else the script throws, 7 for a timeout, 4 for an API
 * error, 2 for bad input or, in a dynamic script, an unknown method or property).
 */
public class ScriptFailedException extends AcsException {
    private final String location;

    public ScriptFailedException(String location, Throwable cause) {
        super(location + ": " + describe(cause), cause);
        this.location = location;
    }

    private static String describe(Throwable t) {
        if (t instanceof AcsException) return t.getMessage();
        if (t instanceof AssertionError) return t.getMessage() == null ? "assertion failed" : t.getMessage();
        if (t instanceof MissingMethodException || t instanceof MissingPropertyException) return t.getMessage();
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** {@code deploy.groovy:4}, the script's own line where it failed. */
    public String location() { return location; }

    @Override public int exitCode() {
        Throwable c = getCause();
        if (c instanceof AcsException a) return a.exitCode();
        if (c instanceof MissingMethodException || c instanceof MissingPropertyException) return EXIT_USAGE;
        // the script's own check (assert) or its own throw: the script failed, at its line; not a fault of the toolkit
        return EXIT_COMMAND_FAILED;
    }
}
