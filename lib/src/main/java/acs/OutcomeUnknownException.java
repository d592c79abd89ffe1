package acs;

/**
 * A POST or DELETE whose answer was lost after the request may have reached the server: it may
 * or may not have been applied, so it is not retried. The message says what to check; the
 * {@link acs.journal.Journal} records the operation as unknown. Exit code 5, like any transport failure.
 */
public class OutcomeUnknownException extends TransportException {
    private final String entryId;

    public OutcomeUnknownException(String message, String entryId, Throwable cause) {
        super(message, true, cause);
        this.entryId = entryId;
    }

    /** The journal entry that records the operation (null when there is no journal). */
    public String entryId() {
        return entryId;
    }
}
