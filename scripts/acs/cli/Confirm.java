package acs.cli;

import acs.config.AcsConfig;
import acs.InvalidInputException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Confirmations, the same for every verb: a question that names what changes and where (the
 * endpoint and where it came from, the nodes of a fleet), asked on a terminal; {@code --yes} for scripts.
 */
public final class Confirm {
    /** A fleet of more nodes than this is confirmed whatever the verb (deploy, start, …): asked on a terminal, --yes elsewhere. */
    public static final int FLEET_THRESHOLD = 10;
    private static final int NODES_SHOWN = 20;

    private Confirm() {}

    /** Stop, delete: ask on a terminal, refuse without --yes elsewhere. */
    public static void required(GlobalOptions g, boolean yes, boolean dryRun, String action, List<Long> nodes) {
        if (yes || dryRun) return;
        String what = describe(g, action, nodes);
        Terminal console = Terminal.current();
        if (!console.interactive()) {
            throw new InvalidInputException("--yes", "refusing to " + what + " without --yes: standard input is not a terminal");
        }
        ask(console, what);
    }

    /**
     * A fleet, by one rule: destructive verbs always confirm, any other verb on more than
     * {@link #FLEET_THRESHOLD} nodes too; either asks on a terminal and, without one, needs --yes.
     */
    public static void fleet(GlobalOptions g, boolean destructive, boolean yes, boolean dryRun, String verb, List<Long> nodes) {
        if (!destructive && nodes.size() <= FLEET_THRESHOLD) return;
        required(g, yes, dryRun, verb + " " + nodes(nodes.size()), nodes);
    }

    private static void ask(Terminal console, String what) {
        String answer = console.readLine(Character.toUpperCase(what.charAt(0)) + what.substring(1) + "? [y/N] ");
        if (answer == null || !(answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"))) {
            throw new InvalidInputException("--yes", "not confirmed; nothing was sent");
        }
    }

    /** "stop 3 nodes on http://… (from ACS_ENDPOINT): 610474, 610247, 610248"; opening the client first prints which endpoint is used. */
    static String describe(GlobalOptions g, String action, List<Long> nodes) {
        var client = g.client();
        client.beforeChange();   // the embedded simulator's notice comes before the question
        AcsConfig c = client.config();
        String origin = c.endpointOrigin();
        StringBuilder sb = new StringBuilder(action).append(" on ");
        if (client.embedded()) {
            sb.append("the embedded simulator (").append(acs.client.AcsClient.EMBEDDED_URL).append(")");
        } else {
            sb.append(c.endpoint());
            if (origin != null) sb.append(" (").append(origin.startsWith("the ") ? origin : "from " + origin).append(")");
        }
        if (!nodes.isEmpty()) {
            sb.append(": ").append(nodes.stream().limit(NODES_SHOWN).map(String::valueOf).collect(Collectors.joining(", ")));
            if (nodes.size() > NODES_SHOWN) sb.append(" and ").append(nodes.size() - NODES_SHOWN).append(" more");
        }
        return sb.toString();
    }

    /** "1 node", "3 nodes". */
    static String nodes(int n) {
        return n + (n == 1 ? " node" : " nodes");
    }
}
