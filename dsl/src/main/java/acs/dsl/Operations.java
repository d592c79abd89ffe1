package acs.dsl;

import acs.ApiCall;
import acs.Command;
import acs.WaitOptions;
import acs.client.AcsClient;
import acs.journal.JournalEntry;
import acs.lifecycle.Waiter;

/**
 * What the DSL does to the world: every request goes through {@link #call(ApiCall)} (reads and
 * changes alike; {@link ApiCall#mutating()} tells them apart). Decorators change where changes
 * go without touching any verb: {@link DryRunOperations} answers them without sending,
 * {@link RecordingOperations} writes them down, a rehearsal points everything at a simulator.
 */
public interface Operations {
    /** Sends (or answers) one call. */
    <T> T call(ApiCall<T> call);

    /** Polls a command through {@link #call} until it ends (see {@link Waiter}). */
    default Command waitFor(String commandId, WaitOptions options) {
        return new Waiter(options).await(commandId, () -> call(ApiCall.command(commandId)));
    }

    /**
     * The real thing: every call goes to this client's endpoint. A journaled client journals each
     * change as the DSL's, with the script line that made it.
     */
    static Operations of(AcsClient acs) {
        AcsClient client = acs.withOrigin(acs.lifecycle().origin().withFace(JournalEntry.Face.DSL).withSource(() -> {
            String at = DslScript.currentLocation();
            return at.equals("?") ? null : at;
        }));
        return new Operations() {
            @Override public <T> T call(ApiCall<T> call) {
                return client.call(call);
            }

            /** The client's wait, so the journal records the command's end. */
            @Override public Command waitFor(String commandId, WaitOptions options) {
                return client.waitFor(commandId, options);
            }

            @Override public String toString() {
                return "Operations[" + client.config().endpoint() + "]";
            }
        };
    }
}
