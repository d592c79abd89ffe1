package acs.journal;

import java.time.Instant;
import java.util.Map;

/**
 * One mutating operation as {@link Journal} knows it (the last line written for its id).
 *
 * @param id        the entry id (one per operation; every line of that operation carries it)
 * @param time      when the operation began
 * @param updated   when this state was written
 * @param endpoint  the API endpoint it was sent to
 * @param profile   the profile in use, or null
 * @param operation what was asked, e.g. {@code node-deploy}
 * @param method    HTTP method
 * @param path      request path (no query: it would hold the access key)
 * @param node      the node id, or null (container operations)
 * @param container the container id, or null
 * @param params    the business parameters, secrets and credentials in URLs redacted
 * @param commandId the command the server created; {@code "unknown"} when the outcome is unknown; null before an answer
 * @param state     where the operation stands
 * @param detail    a human note: the error, the command's result message, what to check
 * @param pid       the process that sent it
 * @param face      what made the change ({@link Face}), written {@code cli}, {@code fleet}, {@code dsl}, {@code shell} or {@code library}
 * @param source    for a script, where in it ({@code deploy.groovy:12}); else null
 * @param run       the run (a fleet command or a script) the change belongs to, or null
 * @param attempt   the attempt of {@code run} that wrote it (its claim's fencing token); 0 without a run
 * @param operator  who made it ({@link Operator}: {@code ACS_OPERATOR}, else user@host)
 * @param resolution for {@link State#RESOLVED}: what the check by hand found ({@link Resolution})
 */
public record JournalEntry(String id, Instant time, Instant updated, String endpoint, String profile, String operation,
                           String method, String path, Long node, Long container, Map<String, String> params,
                           String commandId, State state, String detail, long pid, Face face, String source, String run,
                           int attempt, String operator, Resolution resolution) {

    public JournalEntry {
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    /** What made a change: the toolkit's faces, each writing the journal through the one lifecycle. */
    public enum Face {
        /** A CLI command on one node. */
        CLI,
        /** A CLI fleet command (a run). */
        FLEET,
        /** An {@code acs run} script. */
        DSL,
        /** {@code acs shell}. */
        SHELL,
        /** A program of its own using the library. */
        LIBRARY;

        /** As written in the journal and shown: {@code cli}, {@code fleet}, …. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** A journal's face, or null when there is none (or one this version does not know). */
        public static Face ofWire(String s) {
            if (s == null) return null;
            for (Face f : values()) if (f.wire().equals(s)) return f;
            return null;
        }

        @Override public String toString() {
            return wire();
        }
    }

    /** What a person found when checking an unknown outcome ({@code acs journal --resolve ENTRY --applied|--not-applied}). */
    public enum Resolution {
        /** The change took effect: a resumed run does not send it again. */
        APPLIED,
        /** The change did not take effect: a resumed run sends it. */
        NOT_APPLIED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        public static Resolution ofWire(String s) {
            return s == null ? null : switch (s) {
                case "applied" -> APPLIED;
                case "not-applied" -> NOT_APPLIED;
                default -> null;
            };
        }
    }

    /** Where an operation stands. The first three are pending: {@code acs command-wait --pending} looks at them. */
    public enum State {
        /** Written before sending; left alone only when that process died before the answer (then: unknown). */
        SENDING,
        /** The server created {@link #commandId}; the command has not been seen to end. */
        ACCEPTED,
        /** The request may or may not have been applied: check before retrying. */
        UNKNOWN,
        /** The server refused it, or it was never sent: nothing changed. */
        REJECTED,
        /** The command ended with success. */
        SUCCEEDED,
        /** The command ended with a failure. */
        FAILED,
        /** An unknown outcome that a person checked ({@code acs journal --resolve}). */
        RESOLVED;

        public boolean pending() {
            return this == SENDING || this == ACCEPTED || this == UNKNOWN;
        }

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean pending() {
        return state.pending();
    }

    /** The node or container it acted on. */
    public acs.Target target() {
        return node != null ? acs.Target.node(node) : container != null ? acs.Target.container(container) : acs.Target.NONE;
    }

    /** Whether the outcome is not known: UNKNOWN, or SENDING by a process that is gone. */
    public boolean outcomeUnknown() {
        return state == State.UNKNOWN || (state == State.SENDING && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }

    /** What to look at before retrying, e.g. {@code acs node-get 610474}. */
    public String whatToCheck() {
        return whatToCheck(node, container);
    }

    /** What to look at before retrying a change to this node or container (either may be null), journaled or not. */
    public static String whatToCheck(Long node, Long container) {
        if (node != null) return "check 'acs node-get " + node + "' and the node's latest command before retrying";
        if (container != null) return "check 'acs container-get " + container + "' before retrying";
        return "check the resource before retrying";
    }

    public JournalEntry with(State s, String cmd, String det) {
        return new JournalEntry(id, time, Instant.now(), endpoint, profile, operation, method, path, node, container, params,
                cmd, s, det, pid, face, source, run, attempt, operator, resolution);
    }

    /** Marked checked by a person, with what the check found. */
    public JournalEntry resolved(Resolution r, String note) {
        return new JournalEntry(id, time, Instant.now(), endpoint, profile, operation, method, path, node, container, params,
                commandId, State.RESOLVED, note, pid, face, source, run, attempt, operator, r);
    }
}
