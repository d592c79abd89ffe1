package acs.journal;

import acs.InvalidInputException;
import acs.Operation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The package versions of nodes as far as the toolkit saw them. The API lists no versions: a
 * node's versions are 1, 2, 3, … in the order of its successful deploys (uploadStart), and a
 * redeploy (historyStart V) runs V again without making a new one. So the journal — a team's store
 * when {@code ACS_STORE} names one, which holds every machine's changes — knows the versions of a
 * node whose deploys all went through the toolkit: the N-th successful deploy it saw made version
 * N. What it cannot know (a deploy made another way, one not seen to end) it says, and never
 * guesses: {@link #current} and {@link #previous} then fail before anything is sent.
 */
public final class PackageVersions {
    /** One node's successful deploys and redeploys in order, each with the version it left running; or why that is not known. */
    private record Seen(List<JournalEntry> changes, List<Integer> versions, int deploys, JournalEntry unsettled) {}

    private final Map<Long, Seen> byNode;
    private final String where;

    private PackageVersions(Map<Long, Seen> byNode, String where) {
        this.byNode = byNode;
        this.where = where;
    }

    /**
     * Reads the deploys and redeploys made on {@code endpoint} to {@code nodes} (null: every node).
     *
     * @param exceptRun a run whose own changes are left out (a resumed run's rollback target is the
     *                  version before that run), or null
     */
    public static PackageVersions read(Journal journal, String endpoint, Collection<Long> nodes, String exceptRun) {
        Map<Long, List<JournalEntry>> entries = new HashMap<>();
        EntryQuery q = EntryQuery.ALL.withEndpoint(endpoint).withNodes(nodes == null ? null : new HashSet<>(nodes));
        journal.store().forEach(q, e -> {
            Operation op = Operation.ofCliName(e.operation());
            if (e.node() == null || (op != Operation.NODE_DEPLOY && op != Operation.NODE_REDEPLOY)) return;
            if (exceptRun != null && exceptRun.equals(e.run())) return;
            entries.computeIfAbsent(e.node(), k -> new ArrayList<>()).add(e);
        }, problem -> { });
        Map<Long, Seen> byNode = new HashMap<>();
        entries.forEach((node, list) -> {
            list.sort(Comparator.comparing(JournalEntry::time).thenComparing(JournalEntry::id));
            List<JournalEntry> changes = new ArrayList<>();
            List<Integer> versions = new ArrayList<>();
            int deploys = 0;
            // sending, accepted, unknown, resolved by hand: whether it made a version is not known. Such a
            // deploy leaves every later number in doubt; such a redeploy only what runs now, until the next success.
            JournalEntry unsettledDeploy = null, unsettledRedeploy = null;
            for (JournalEntry e : list) {
                boolean deploy = Operation.ofCliName(e.operation()) == Operation.NODE_DEPLOY;
                switch (e.state()) {
                    case SUCCEEDED -> {
                        Integer v = deploy ? Integer.valueOf(++deploys) : parse(e.params().get("version"));
                        if (v == null) break;
                        changes.add(e);
                        versions.add(v);
                        unsettledRedeploy = null;
                    }
                    case FAILED, REJECTED -> { }
                    default -> {
                        if (deploy) unsettledDeploy = unsettledDeploy == null ? e : unsettledDeploy;
                        else unsettledRedeploy = e;
                    }
                }
            }
            byNode.put(node, new Seen(changes, versions, deploys, unsettledDeploy != null ? unsettledDeploy : unsettledRedeploy));
        });
        return new PackageVersions(byNode, journal.where());
    }

    private static Integer parse(String v) {
        try {
            return v == null ? null : Integer.valueOf(v.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The version the node runs now as far as the journal knows: what its latest successful deploy
     * made, or its latest redeploy ran again. A rollback's target (the failed deploy made none).
     *
     * @param option what asked, for the message (e.g. {@code --rollback-version previous})
     */
    public int current(long node, String option) {
        Seen s = known(node, option);
        return s.versions().get(s.versions().size() - 1);
    }

    /** The version the node ran before its latest successful deploy or redeploy ({@code node-redeploy --previous}). */
    public int previous(long node, String option) {
        Seen s = known(node, option);
        if (s.versions().size() < 2) {
            throw new InvalidInputException(option, "node " + node + ": the journal (" + where + ") has one successful deploy or redeploy of it ("
                    + describe(s.changes().get(0), s.versions().get(0)) + "), and nothing before it to go back to; give the version with --package-version");
        }
        return s.versions().get(s.versions().size() - 2);
    }

    /** Where {@link #current} got its number, for the operator (one line). */
    public String currentSource(long node) {
        Seen s = byNode.get(node);
        int last = s.changes().size() - 1;
        return "node " + node + " runs version " + s.versions().get(last) + " since " + describe(s.changes().get(last), s.versions().get(last))
                + ", " + counted(s);
    }

    /** Where {@link #previous} got its number, for the operator (one line). */
    public String previousSource(long node) {
        Seen s = byNode.get(node);
        int last = s.changes().size() - 1;
        return "node " + node + " ran version " + s.versions().get(last - 1) + " before " + describe(s.changes().get(last), s.versions().get(last))
                + ", " + counted(s);
    }

    private String counted(Seen s) {
        return "from the journal " + where + " (" + s.deploys() + " successful deploy" + (s.deploys() == 1 ? "" : "s")
                + " of it seen; a deploy made without the toolkit is not counted)";
    }

    private static String describe(JournalEntry e, int version) {
        boolean deploy = Operation.ofCliName(e.operation()) == Operation.NODE_DEPLOY;
        return (deploy ? "the deploy of " + e.params().getOrDefault("url", "?") + " that made version " + version
                : "the redeploy of version " + version) + " at " + e.time().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + (e.operator() == null ? "" : " by " + e.operator());
    }

    private Seen known(long node, String option) {
        Seen s = byNode.get(node);
        if (s != null && s.unsettled() != null) {
            JournalEntry u = s.unsettled();
            String cmd = u.commandId() == null || Journal.UNKNOWN.equals(u.commandId()) ? null : u.commandId();
            throw new InvalidInputException(option, "node " + node + ": its " + u.operation() + " of " + u.time().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + " (entry " + u.id() + ") is " + u.state().wire() + " in the journal (" + where + "): whether it made a version is not known; "
                    + (cmd != null && u.state() == JournalEntry.State.ACCEPTED ? "follow it with 'acs command-wait " + cmd + "' and try again, or "
                    : "") + "give the version number");
        }
        if (s == null || s.changes().isEmpty()) {
            throw new InvalidInputException(option, "node " + node + ": the journal (" + where + ") has no successful deploy of it on this endpoint, "
                    + "so its versions are not known (the API lists none); give the version number (1, 2, 3, ... in the order of its successful deploys)");
        }
        return s;
    }
}
