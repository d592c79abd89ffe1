package acs.lifecycle;

import acs.AcsException;
import acs.ApiException;
import acs.ConfigException;
import acs.ErrorCode;
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
    /** The server refused it (a documented refusal, 1002–1008, or a 4xx), or it never left: nothing changed. */
    REJECTED,
    /** It may or may not have been applied (the answer was lost, or was a 5xx, 1001 or 1009): check before retrying. */
    UNKNOWN;

    /** The delivery of a change whose request ended with this failure. */
    public static Delivery of(Throwable failure) {
        // A server that fails after applying a change answers 5xx / 1001 / 1009: that answer proves nothing.
        if (failure instanceof ApiException a) return a.isTransient() && !refusal(a.code()) ? UNKNOWN : REJECTED;
        if (failure instanceof InvalidInputException || failure instanceof ConfigException) return REJECTED;
        if (failure instanceof TransportException t && !t.maybeApplied()) return REJECTED;
        return UNKNOWN;
    }

    /** The API's documented refusals (1002–1008): the server says why it did not act. */
    private static boolean refusal(ErrorCode c) {
        return switch (c) {
            case PARAM_ERROR, PARAM_REQUIRED, SIGN_ERROR, RESOURCE_NOT_EXIST, NO_PERMISSION, STATUS_ERROR, ACTION_NOT_EXIST -> true;
            default -> false;
        };
    }

    /** Whether a change that failed this way may be sent again: only when it provably never left. */
    public static boolean mayResend(AcsException failure) {
        return failure instanceof TransportException t && !t.maybeApplied();
    }
}
