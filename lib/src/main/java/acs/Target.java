package acs;

/**
 * What an operation acts on: a node, a container, a command, a service, a host, or nothing (a
 * list). Set by {@link ApiCall}'s factories, so no one parses a path to find it.
 */
public record Target(Kind kind, String id) {
    public enum Kind { NONE, NODE, CONTAINER, COMMAND, SERVICE, HOST }

    public static final Target NONE = new Target(Kind.NONE, null);

    public static Target node(long id) { return new Target(Kind.NODE, Long.toString(id)); }
    public static Target container(long id) { return new Target(Kind.CONTAINER, Long.toString(id)); }

    /** The node's id, or null when this is not a node. */
    public Long node() { return kind == Kind.NODE ? Long.valueOf(id) : null; }

    /** The container's id, or null when this is not a container. */
    public Long container() { return kind == Kind.CONTAINER ? Long.valueOf(id) : null; }

    @Override public String toString() {
        return kind == Kind.NONE ? "-" : kind.name().toLowerCase(java.util.Locale.ROOT) + " " + id;
    }
}
