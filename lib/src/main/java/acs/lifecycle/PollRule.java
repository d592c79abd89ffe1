package acs.lifecycle;

import acs.AcsException;
import acs.ApiException;
import acs.BadResponseException;
import acs.Command;
import acs.TransportException;

/**
 * What one poll of a command means, for every face that waits (the blocking {@link acs.lifecycle.Waiter} and
 * the asynchronous {@link acs.fleet.FanOut} alike, the way AWS SDK v2 shares one acceptor list between its
 * sync and async waiters): success is DONE with result "200"; failure is PUBLISH_FAILED or DONE
 * with any other result; a transient error is polled through; any other error ends the wait.
 */
public final class PollRule {
    public enum Verdict {
        SUCCEEDED, FAILED, RETRY, ERROR
    }

    private PollRule() {}

    /** The verdict on one poll: its answer, or the failure that came instead. */
    public static Verdict judge(Command answer, AcsException failure) {
        if (failure != null) return isTransient(failure) ? Verdict.RETRY : Verdict.ERROR;
        if (answer.succeeded()) return Verdict.SUCCEEDED;
        if (answer.failed()) return Verdict.FAILED;
        return Verdict.RETRY;
    }

    /**
     * The one transient rule: the network, a garbled body, 5xx, busy or rate-limited codes. A
     * read may be repeated after it; a change only when it provably never left ({@link Delivery}).
     */
    public static boolean isTransient(AcsException failure) {
        if (failure instanceof TransportException || failure instanceof BadResponseException) return true;
        return failure instanceof ApiException a && a.isTransient();
    }
}
