package acs.journal;

import acs.ApiCall;
import acs.auth.Redaction;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The history of a run, for replaying it (durable-execution style: what already happened is
 * answered from the journal, only what never happened is done). A change is matched by what it
 * is — operation, target, parameters — and its occurrence among equal changes, never by timing,
 * so a parallel rollout replays as well as a sequential one.
 */
public final class Replay {
    /** What the earlier attempts made of one change. */
    public enum Prior {
        /** Never made, refused (nothing changed), or checked by hand and found not applied: do it live. */
        NONE,
        /** A command was created (it may have ended since): follow it, never send it again. */
        COMMAND,
        /** Checked by hand and found applied (no command to follow): done, never sent again. */
        APPLIED,
        /** It may or may not have been applied: never send it again; check by hand. */
        UNKNOWN
    }

    /** The verdict on one change, with the entry it comes from (null for NONE). */
    public record Answer(Prior prior, JournalEntry entry) {}

    private final String runId;
    private final Map<String, Deque<JournalEntry>> byChange = new HashMap<>();

    private Replay(String runId, List<JournalEntry> entries) {
        this.runId = runId;
        for (JournalEntry e : entries) {
            if (runId.equals(e.run())) byChange.computeIfAbsent(key(e.operation(), e.method(), e.path(), e.params()), k -> new ArrayDeque<>()).add(e);
        }
    }

    /** The history of run {@code runId} in this journal (oldest change first): a query of the run's entries, not a read of the whole journal. */
    public static Replay of(Journal journal, String runId) {
        return new Replay(runId, journal.store().find(EntryQuery.ofRun(runId)));
    }

    /** The entries of run {@code runId}, each in its latest state. */
    public static List<JournalEntry> entries(Journal journal, String runId) {
        return journal.store().find(EntryQuery.ofRun(runId));
    }

    public String runId() { return runId; }

    /** Why a change answered UNKNOWN is not sent again, and what to check: {@code was sent by an earlier attempt of run … ; not sent again}. */
    public String unknownOutcome(Answer a) {
        return "was sent by an earlier attempt of run " + runId + " and its outcome is unknown (entry " + a.entry().id() + "): "
                + a.entry().whatToCheck() + ", then record what you found with 'acs journal --resolve " + a.entry().id().substring(0, 8)
                + " --applied' or '--not-applied' and resume again; not sent again";
    }

    /** How many changes of the run the journal holds. */
    public int size() {
        return byChange.values().stream().mapToInt(Deque::size).sum();
    }

    /** The next occurrence of this change in the history: what to do with it now. Thread-safe. */
    public synchronized Answer next(ApiCall<?> call) {
        Deque<JournalEntry> q = byChange.get(key(call.operationName(), call.method(), call.path(), Redaction.params(call.params())));
        JournalEntry e = q == null ? null : q.poll();
        if (e == null) return new Answer(Prior.NONE, null);
        return new Answer(judge(e), e);
    }

    /** What an earlier attempt's entry means for the change now. */
    static Prior judge(JournalEntry e) {
        if (e.state() == JournalEntry.State.RESOLVED && e.resolution() != null) {
            return e.resolution() == JournalEntry.Resolution.APPLIED ? Prior.APPLIED : Prior.NONE;
        }
        if (e.commandId() != null && !e.commandId().equals(Journal.UNKNOWN)) return Prior.COMMAND;
        return switch (e.state()) {
            case REJECTED -> Prior.NONE;
            default -> Prior.UNKNOWN; // sent, answer lost (or its sender died mid-request): never twice
        };
    }

    // the operation as journaled and the path the call wrote: read, never parsed
    private static String key(String operation, String method, String path, Map<String, String> params) {
        return operation + " " + method + " " + path + " " + new TreeMap<>(params);
    }
}
