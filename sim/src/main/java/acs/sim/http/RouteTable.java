package acs.sim.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Which handler serves a request: one line per endpoint, a method and a path under
 * {@code /api/v1/} whose {@code {name}} segments match any non-empty segment (the handler checks
 * what the segment holds, after authentication). As 2016 clients called, trailing slashes are
 * ignored. Nothing else matches: an unknown path and a known path with another method are alike.
 *
 * @param <H> what a route leads to
 */
public final class RouteTable<H> {
    private static final String PREFIX = "/api/v1/";

    private record Route<H>(String method, String[] pattern, H handler) {}

    /** A matched request: its handler and the path's segments below {@code /api/v1/}. */
    public record Match<H>(H handler, List<String> segments) {}

    private final List<Route<H>> routes = new ArrayList<>();

    public RouteTable<H> get(String path, H handler) { return add("GET", path, handler); }
    public RouteTable<H> post(String path, H handler) { return add("POST", path, handler); }
    public RouteTable<H> delete(String path, H handler) { return add("DELETE", path, handler); }

    private RouteTable<H> add(String method, String path, H handler) {
        routes.add(new Route<>(method, path.split("/"), handler));
        return this;
    }

    /** The route for this method and raw path, or null. */
    public Match<H> match(String method, String rawPath) {
        String p = rawPath;
        while (p.length() > 1 && p.endsWith("/")) p = p.substring(0, p.length() - 1);
        if (!p.startsWith(PREFIX)) return null;
        String[] s = p.substring(PREFIX.length()).split("/", -1);
        for (Route<H> r : routes) {
            if (r.method().equals(method) && matches(r.pattern(), s)) return new Match<>(r.handler(), List.of(s));
        }
        return null;
    }

    private static boolean matches(String[] pattern, String[] s) {
        if (pattern.length != s.length) return false;
        for (int i = 0; i < s.length; i++) {
            boolean variable = pattern[i].startsWith("{");
            if (variable ? s[i].isEmpty() : !pattern[i].equals(s[i])) return false;
        }
        return true;
    }
}
