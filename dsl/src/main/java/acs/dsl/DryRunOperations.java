package acs.dsl;

import acs.ApiCall;
import acs.ApiException;
import acs.ErrorCode;
import acs.internal.ApiTime;
import acs.Command;
import acs.CommandStatus;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads go to {@code reads}; every change is answered, without being sent, by a command that
 * has already succeeded ({@code dry-run-1}, {@code dry-run-2}, …), which later reads of that
 * command id also get. Before answering, the node or container a change targets is read (a GET,
 * once per resource): a missing one fails the dry run as the real run would fail there, with the
 * same error and exit code, marked as a dry-run finding. Wrap it in {@link RecordingOperations}
 * to print what would have been sent.
 */
public final class DryRunOperations implements Operations {
    private final Operations reads;
    private final AtomicInteger next = new AtomicInteger();
    private final Map<String, Command> answered = new ConcurrentHashMap<>();
    private final Set<String> found = ConcurrentHashMap.newKeySet();
    private static final Pattern TARGET = Pattern.compile("/api/v1/(node|container)/(\\d+)(/.*)?");

    public DryRunOperations(Operations reads) {
        this.reads = reads;
    }

    @Override public <T> T call(ApiCall<T> call) {
        if (call.mutating()) {
            checkTarget(call);
            OffsetDateTime now = OffsetDateTime.now(ApiTime.ZONE).withNano(0);
            Command c = new Command("dry-run-" + next.incrementAndGet(), commandName(call), CommandStatus.DONE, "200", "", now, now, List.of());
            answered.put(c.commandId(), c);
            return cast(call, c);
        }
        if (call.path().startsWith("/api/v1/command/")) {
            Command c = answered.get(call.path().substring("/api/v1/command/".length()));
            if (c != null) return cast(call, c);
        }
        return reads.call(call);
    }

    /** Reads what the change targets; a missing one is the real run's error, marked as found by the dry run. */
    private void checkTarget(ApiCall<?> call) {
        Matcher m = TARGET.matcher(call.path());
        if (!m.matches()) return;
        long id = Long.parseLong(m.group(2));
        ApiCall<?> read = m.group(1).equals("node") ? ApiCall.node(id) : ApiCall.container(id);
        if (found.contains(read.path())) return;
        try {
            reads.call(read);
        } catch (ApiException e) {
            // a missing target fails the real run for sure; any other failed read fails this dry run as it is
            if (e.code() == ErrorCode.RESOURCE_NOT_EXIST) throw new Finding(e, call);
            throw e;
        }
        found.add(read.path());
    }

    /** The error the change would meet, as if sent ({@code POST …/uploadStart failed: code 1005 …}), marked as a dry-run finding. */
    static final class Finding extends ApiException {
        private final String read;

        Finding(ApiException e, ApiCall<?> change) {
            super(e.rawCode(), e.apiMessage(), e.detail(), e.httpStatus(), change.method(), change.path());
            this.read = e.method() + " " + e.path();
        }

        @Override public String getMessage() {
            return "dry run: " + super.getMessage() + "; the real run fails here (found by " + read + "; nothing was sent)";
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(ApiCall<T> call, Command c) {
        if (call.dataType().getRawClass() != Command.class) {
            throw new IllegalStateException(call.method() + " " + call.path() + " does not answer a command");
        }
        return (T) c;
    }

    /** The API's command names (API.md §8) from the path: /node/1/uploadStart → node_upload_start. */
    static String commandName(ApiCall<?> call) {
        String[] p = call.path().split("/");
        String resource = p.length > 3 ? p[3] : "";
        if (call.method().equals("DELETE")) return resource + "_delete";
        String action = p[p.length - 1].replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
        return resource + "_" + action;
    }

    @Override public String toString() {
        return "DryRunOperations[reads=" + reads + "]";
    }
}
