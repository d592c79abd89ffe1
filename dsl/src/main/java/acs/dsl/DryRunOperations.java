package acs.dsl;

import acs.ApiCall;
import acs.Command;
import acs.CommandStatus;
import acs.lifecycle.DryRun;
import acs.wire.ApiTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

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
        if (call.operation() == acs.Operation.COMMAND_GET) {
            Command c = answered.get(call.target().id());
            if (c != null) return cast(call, c);
        }
        return reads.call(call);
    }

    /** Reads what the change acts on, once per node or container (see {@link DryRun#checkTarget}). */
    private void checkTarget(ApiCall<?> call) {
        ApiCall<?> target = DryRun.targetOf(call);
        if (target == null || found.contains(target.target().toString())) return;
        DryRun.checkTarget(call, reads::call);
        found.add(target.target().toString());
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(ApiCall<T> call, Command c) {
        if (call.dataType().getRawClass() != Command.class) {
            throw new IllegalStateException(call.method() + " " + call.path() + " does not answer a command");
        }
        return (T) c;
    }

    /** The API's command name (API.md §8), e.g. node_upload_start; a call made by hand is named by its method and path. */
    static String commandName(ApiCall<?> call) {
        return call.operation().commandName() != null ? call.operation().commandName() : call.method() + " " + call.path();
    }

    @Override public String toString() {
        return "DryRunOperations[reads=" + reads + "]";
    }
}
