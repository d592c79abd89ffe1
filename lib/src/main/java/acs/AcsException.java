package acs;

/**
 * Root of every exception the toolkit throws (unchecked). Each kind maps to one documented
 * CLI exit code. Messages never contain a secret key or a signature.
 */
public class AcsException extends RuntimeException {
    /** Exit codes shared by the CLI and {@code acs run} (README, "Exit codes"). */
    public static final int EXIT_OK = 0, EXIT_UNEXPECTED = 1, EXIT_USAGE = 2, EXIT_CONFIG = 3,
            EXIT_API = 4, EXIT_TRANSPORT = 5, EXIT_COMMAND_FAILED = 6, EXIT_TIMEOUT = 7,
            EXIT_CONFLICT = 8;

    public AcsException(String message) {
        super(message);
    }

    public AcsException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An answer too large for this JVM's heap: what to do about it, instead of a bare OutOfMemoryError. */
    public static AcsException heapTooSmall(String where, Throwable cause) {
        return new AcsException(where + ": the answer does not fit in this JVM's heap ("
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB): give the JVM more (-Xmx) or read the answer as a stream"
                + " (AcsClient.stream; the CLI's node-list does, unless its --query needs the whole list)", cause);
    }

    /** The CLI exit code for this failure. */
    public int exitCode() {
        return EXIT_UNEXPECTED;
    }
}
