package acs.journal;

import java.time.Instant;
import java.util.Set;

/**
 * Which journal entries a command needs, each in its latest state: a store answers it without
 * reading the whole history where it can (an index, a query, the live part of a file).
 * Null fields do not filter.
 *
 * @param pendingOnly only entries still pending (sending, accepted, unknown)
 * @param run         only the entries of this run
 * @param idPrefix    only entries whose id starts with this
 * @param commandId   only entries of this server command
 * @param nodes       only changes to these nodes
 * @param since       only entries updated at or after this
 * @param operator    only entries made by this operator (exact, or the part before '@')
 * @param endpoint    only entries made on this endpoint
 * @param limit       at most this many, the newest (0: all)
 */
public record EntryQuery(boolean pendingOnly, String run, String idPrefix, String commandId, Set<Long> nodes, Instant since,
                         String operator, String endpoint, int limit) {
    public static final EntryQuery ALL = new EntryQuery(false, null, null, null, null, null, null, null, 0);

    public EntryQuery {
        nodes = nodes == null ? null : Set.copyOf(nodes);
    }

    public static EntryQuery pending() { return ALL.withPendingOnly(); }
    public static EntryQuery ofRun(String run) { return new EntryQuery(false, run, null, null, null, null, null, null, 0); }

    public EntryQuery withPendingOnly() { return new EntryQuery(true, run, idPrefix, commandId, nodes, since, operator, endpoint, limit); }
    public EntryQuery withRun(String r) { return new EntryQuery(pendingOnly, r, idPrefix, commandId, nodes, since, operator, endpoint, limit); }
    public EntryQuery withIdPrefix(String p) { return new EntryQuery(pendingOnly, run, p, commandId, nodes, since, operator, endpoint, limit); }
    public EntryQuery withCommandId(String c) { return new EntryQuery(pendingOnly, run, idPrefix, c, nodes, since, operator, endpoint, limit); }
    public EntryQuery withNodes(Set<Long> n) { return new EntryQuery(pendingOnly, run, idPrefix, commandId, n, since, operator, endpoint, limit); }
    public EntryQuery withSince(Instant s) { return new EntryQuery(pendingOnly, run, idPrefix, commandId, nodes, s, operator, endpoint, limit); }
    public EntryQuery withOperator(String o) { return new EntryQuery(pendingOnly, run, idPrefix, commandId, nodes, since, o, endpoint, limit); }
    public EntryQuery withEndpoint(String e) { return new EntryQuery(pendingOnly, run, idPrefix, commandId, nodes, since, operator, e, limit); }
    public EntryQuery withLimit(int l) { return new EntryQuery(pendingOnly, run, idPrefix, commandId, nodes, since, operator, endpoint, l); }

    /** Whether an entry in its latest state matches (a store that cannot filter in its query filters with this). */
    public boolean test(JournalEntry e) {
        if (pendingOnly && !e.pending()) return false;
        if (run != null && !run.equals(e.run())) return false;
        if (idPrefix != null && !e.id().startsWith(idPrefix)) return false;
        if (commandId != null && !commandId.equals(e.commandId())) return false;
        if (nodes != null && (e.node() == null || !nodes.contains(e.node()))) return false;
        if (since != null && e.updated().isBefore(since)) return false;
        if (endpoint != null && !endpoint.equals(e.endpoint())) return false;
        if (operator != null) {
            String o = e.operator();
            if (o == null || !(o.equals(operator) || o.startsWith(operator + "@"))) return false;
        }
        return true;
    }
}
