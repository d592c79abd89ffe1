package acs.lifecycle;

import acs.ApiCall;
import acs.ApiException;
import acs.ErrorCode;
import acs.Target;
import java.util.function.Function;

/**
 * What a dry run checks before it answers a change without sending it: that the node or container
 * the change acts on exists (one GET). A missing one is the error the real run would meet there,
 * with its exit code, marked as the dry run's finding.
 */
public final class DryRun {
    private DryRun() {}

    /** The read of the node or container this change acts on, or null when it acts on none. */
    public static ApiCall<?> targetOf(ApiCall<?> change) {
        if (!change.mutating()) return null;
        Target t = change.target();
        return t.node() != null ? ApiCall.node(t.node()) : t.container() != null ? ApiCall.container(t.container()) : null;
    }

    /**
     * Reads the change's target with {@code read}; a missing one throws a {@link Finding}. Any other
     * failed read is thrown as it is (it fails the dry run, but says nothing of the real one).
     */
    public static void checkTarget(ApiCall<?> change, Function<ApiCall<?>, ?> read) {
        ApiCall<?> target = targetOf(change);
        if (target == null) return;
        try {
            read.apply(target);
        } catch (ApiException e) {
            if (e.code() == ErrorCode.RESOURCE_NOT_EXIST) throw new Finding(e, change);
            throw e;
        }
    }

    /** The error the change would meet if sent ({@code POST …/uploadStart failed: code 1005 …}), marked as a dry-run finding. */
    public static final class Finding extends ApiException {
        private final String read;

        Finding(ApiException e, ApiCall<?> change) {
            super(e.rawCode(), e.apiMessage(), e.detail(), e.httpStatus(), change.operation(), change.method(), change.path());
            this.read = e.method() + " " + e.path();
        }

        @Override public String getMessage() {
            return "dry run: " + super.getMessage() + "; the real run fails here (found by " + read + "; nothing was sent)";
        }
    }
}
