package acs.dsl;

import acs.ApiCall;
import acs.Command;
import acs.OutcomeUnknownException;
import acs.journal.Replay;
import acs.WaitOptions;
import java.util.function.Consumer;

/**
 * Replays a script run against its history ({@link Replay}): a change an earlier attempt made is
 * not sent again — it is answered by its command as the server has it now (followed, if still
 * running); one whose outcome is unknown fails as unknown, never repeated; everything else goes
 * to {@code live}. Reads always go to {@code live}.
 */
public final class ReplayOperations implements Operations {
    private final Operations live;
    private final Replay history;
    private final java.util.Map<String, Command> applied = new java.util.concurrent.ConcurrentHashMap<>();
    private final Consumer<String> notes;

    public ReplayOperations(Operations live, Replay history, Consumer<String> notes) {
        this.live = live;
        this.history = history;
        this.notes = notes;
    }

    @Override public <T> T call(ApiCall<T> call) {
        if (call.operation() == acs.Operation.COMMAND_GET && applied.containsKey(call.target().id())) return cast(call, applied.get(call.target().id()));
        if (!call.mutating()) return live.call(call);
        Replay.Answer a = history.next(call);
        switch (a.prior()) {
            case COMMAND -> {
                notes.accept(describe(call) + ": made by an earlier attempt (command " + a.entry().commandId() + ", "
                        + a.entry().state().wire() + "); not sent again" + at());
                Command c = live.call(ApiCall.command(a.entry().commandId()));
                if (call.dataType().getRawClass() != Command.class) {
                    throw new IllegalStateException(call.method() + " " + call.path() + " does not answer a command");
                }
                @SuppressWarnings("unchecked") T t = (T) c;
                return t;
            }
            case UNKNOWN -> throw new OutcomeUnknownException(describe(call) + " " + history.unknownOutcome(a), a.entry().id(), null);
            case APPLIED -> {
                // checked by hand and found applied: there is no command to follow; the script sees one that succeeded
                notes.accept(describe(call) + ": found applied by hand (entry " + a.entry().id() + "); not sent again" + at());
                java.time.OffsetDateTime now = java.time.OffsetDateTime.now(acs.wire.ApiTime.ZONE).withNano(0);
                Command c = new Command("resolved-" + a.entry().id(), call.operation().commandName(), acs.CommandStatus.DONE, "200",
                        "found applied by hand", now, now, java.util.List.of());
                applied.put(c.commandId(), c);
                return cast(call, c);
            }
            default -> {
                return live.call(call);
            }
        }
    }

    @Override public Command waitFor(String commandId, WaitOptions options) {
        Command c = applied.get(commandId);
        return c != null ? c : live.waitFor(commandId, options);
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(ApiCall<T> call, Command c) {
        if (call.dataType().getRawClass() != Command.class) throw new IllegalStateException(call.operationName() + " does not answer a command");
        return (T) c;
    }

    private static String describe(ApiCall<?> call) {
        return call.method() + " " + call.path();
    }

    private static String at() {
        String where = DslScript.currentLocation();
        return where.equals("?") ? "" : " (" + where + ")";
    }

    @Override public String toString() {
        return "ReplayOperations[run " + history.runId() + ", live=" + live + "]";
    }
}
