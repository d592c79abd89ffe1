package acs.lifecycle;

import acs.AcsException;
import acs.ApiException;
import acs.ConfigException;
import acs.InvalidInputException;
import acs.TransportException;

/**
 * What became of a change that was sent: the one sent / rejected / unknown decision, shared by
 * the blocking and the asynchronous paths. A change whose answer was lost after it may have
 * reached the server is UNKNOWN and is never sent again.
 */
public enum Delivery {
    /** The server created a command. */
    ACCEPTED,
    /** The server refused it with an error answer, or it never left: nothing changed. */
    REJECTED,
    /** It may or may not have been applied: check before retrying. */
    UNKNOWN;

    /** The delivery of a change whose request ended with this failure. */
    public static Delivery of(Throwable failure) {
        if (failure instanceof ApiException || failure instanceof InvalidInputException || failure instanceof ConfigException) return REJECTED;
        if (failure instanceof TransportException t && !t.maybeApplied()) return REJECTED;
        return UNKNOWN;
    }

    /** Whether a change that failed this way may be sent again: only when it provably never left. */
    public static boolean mayResend(AcsException failure) {
        return failure instanceof TransportException t && !t.maybeApplied();
    }
}
