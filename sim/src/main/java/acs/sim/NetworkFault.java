package acs.sim;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A failure of the network or of a front server, injected by {@link Faults#network}: what a
 * client of the real service met now and then. Each says whether the request took effect, which
 * is what a client can never tell from its side except for {@link #HTTP500}.
 */
public enum NetworkFault {
    /** HTTP 500 with an envelope of code 1001, before anything happens (not applied). */
    HTTP500("http500"),
    /** The connection is closed before any response byte, before anything happens (not applied). */
    RESET("reset"),
    /** The request is applied, then the answer is cut in the middle of its JSON. */
    TRUNCATED("truncated"),
    /** An HTML error page of a "proxy" with HTTP 502, before anything happens (not applied). */
    NON_JSON("nonjson"),
    /** No answer for {@link Faults#stallTime()} (longer than a client's timeout), then the connection is closed (not applied). */
    STALL("stall"),
    /** POST/DELETE: applied, then the connection is closed without an answer. A GET: like {@link #RESET}. */
    LOST_RESPONSE("lost"),
    /** HTTP 200 with an envelope of code 1009 (the server timed out), before anything happens (not applied). */
    TIMEOUT("timeout1009");

    private final String wire;

    NetworkFault(String wire) {
        this.wire = wire;
    }

    /** The name on the command line ({@code acs sim --fault-kinds reset,lost}). */
    public String wireName() {
        return wire;
    }

    /** Whether a mutating request hit by this fault has been applied. */
    public boolean applies() {
        return this == TRUNCATED || this == LOST_RESPONSE;
    }

    /** Parses {@code http500,reset,truncated,nonjson,stall,lost,timeout1009} (or {@code all}); names are case-insensitive. */
    public static Set<NetworkFault> parseList(String list) {
        Set<NetworkFault> out = EnumSet.noneOf(NetworkFault.class);
        for (String s : list.split(",")) {
            String n = s.trim().toLowerCase(Locale.ROOT);
            if (n.isEmpty()) continue;
            if (n.equals("all")) return EnumSet.allOf(NetworkFault.class);
            NetworkFault found = null;
            for (NetworkFault f : values()) {
                if (f.wire.equals(n) || f.name().toLowerCase(Locale.ROOT).equals(n)) found = f;
            }
            if (found == null) {
                throw new IllegalArgumentException("unknown fault kind '" + s.trim() + "'; known: http500, reset, truncated, nonjson, stall, lost, timeout1009, all");
            }
            out.add(found);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no fault kind given");
        return out;
    }
}
