package acs.sim;

import acs.DeployMethod;
import acs.sim.http.ApiError;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.regex.Pattern;

/**
 * One authenticated request as a handler sees it: the path's segments, the merged parameters,
 * the caller's key, the moment it is served (from the simulator's clock) and the store. Its
 * readers check what the API requires of ids and parameters (1002 / 1003), so every handler
 * checks them the same way.
 */
record Call(List<String> segments, Map<String, String> params, KeyPair key, long now, Store store,
            LongFunction<CommandPlan> plans) {
    private static final Pattern ID = Pattern.compile("[0-9]{1,18}");

    /** What serves one endpoint: the {@code data} of a successful answer, or an {@link ApiError}. */
    @FunctionalInterface
    interface Handler {
        Object handle(Call call);
    }

    /** The id in the path ({@code /node/{id}…}), named as the API names it in the error. */
    long id(String name) {
        String segment = segments.get(1);
        if (!ID.matcher(segment).matches()) throw ApiError.param(name + " must be a positive number, not '" + segment + "'");
        long id = Long.parseLong(segment);
        if (id <= 0) throw ApiError.param(name + " must be a positive number, not '" + segment + "'");
        return id;
    }

    String segment(int i) {
        return segments.get(i);
    }

    String required(String name) {
        String v = params.get(name);
        if (v == null || v.isBlank()) throw ApiError.required(name);
        return v;
    }

    String param(String name, String otherwise) {
        return params.getOrDefault(name, otherwise);
    }

    /** {@code method}: PARALLEL (the default) or SEQUENTIAL, as spelled on the wire. */
    DeployMethod method() {
        String m = params.get("method");
        if (m == null || m.isEmpty()) return DeployMethod.PARALLEL;
        return switch (m) {
            case "PARALLEL" -> DeployMethod.PARALLEL;
            case "SEQUENTIAL" -> DeployMethod.SEQUENTIAL;
            default -> throw ApiError.param("method must be PARALLEL or SEQUENTIAL, not '" + m + "'");
        };
    }

    /** {@code update}: true or false in any case (Python clients sent {@code False}); absent is false. */
    boolean update() {
        String u = params.get("update");
        if (u == null || u.isEmpty()) return false;
        if (u.equalsIgnoreCase("true")) return true;
        if (u.equalsIgnoreCase("false")) return false;
        throw ApiError.param("update must be true or false, not '" + u + "'");
    }
}
