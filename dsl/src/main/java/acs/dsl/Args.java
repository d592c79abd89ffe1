package acs.dsl;

import acs.DeployMethod;
import acs.Durations;
import acs.InvalidInputException;
import acs.NodeStatus;
import groovy.transform.NamedParam;
import groovy.transform.NamedParams;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Named arguments checked at run time: the type checker does it at compile time, this catches
 * the same mistakes in {@code --dynamic} scripts (and values only known at run time), before
 * anything is sent. The names are those the {@code @NamedParams} of each DSL method declare ({@link #named}).
 */
final class Args {
    private final String verb;
    private final Map<String, ?> values;

    private Args(String verb, Map<String, ?> values) {
        this.verb = verb;
        this.values = values;
    }

    /** Checks that every name is one of {@code known} (a verb's names, {@link #named}). */
    static Args of(String verb, Map<String, ?> given, List<String> known) {
        Map<String, ?> values = given == null ? Map.of() : given;
        for (Object k : values.keySet()) {
            String name = String.valueOf(k);
            if (!known.contains(name)) {
                throw new InvalidInputException(name, "is not a named argument of " + verb + Suggest.hint(name, known)
                        + " (expected: " + String.join(", ", known) + ")");
            }
        }
        return new Args(verb, values);
    }

    /**
     * A verb's named arguments, as its methods declare them for the type checker ({@code @NamedParams}
     * on the Map parameter): declared there once, read here for scripts that are not type-checked.
     * Every overload of the verb must declare the same names (else the class cannot load).
     */
    static List<String> named(String verb, Class<?>... owners) {
        List<String> names = null;
        for (Class<?> owner : owners) {
            for (Method m : owner.getMethods()) {
                if (!m.getName().equals(verb)) continue;
                for (Annotation[] onParameter : m.getParameterAnnotations()) {
                    for (Annotation a : onParameter) {
                        if (!(a instanceof NamedParams declared)) continue;
                        List<String> these = Arrays.stream(declared.value()).map(NamedParam::value).toList();
                        if (names != null && !names.equals(these)) {
                            throw new IllegalStateException(owner.getSimpleName() + "." + verb + " declares " + these + ", another overload " + names);
                        }
                        names = these;
                    }
                }
            }
        }
        if (names == null) throw new IllegalStateException(verb + " declares no named arguments");
        return names;
    }

    /**
     * Checks one named argument's value as the DSL verb would read it at run time (for a literal in
     * the script's text, before it runs); names that take any value pass.
     */
    static void check(String verb, String name, Object value) {
        Args a = new Args(verb, java.util.Collections.singletonMap(name, value));
        switch (name) {
            case "timeout", "pause", "waitForLease" -> a.duration(name, null);
            case "url" -> acs.UploadStart.of(a.string(name));
            case "method" -> a.method(name);
            case "status" -> a.nodeStatus(name);
            case "update" -> a.bool(name);
            case "batch", "maxFailures" -> a.integer(name, 0);
            case "service" -> a.number(name);
            case "version" -> a.text(name);
            case "comment", "image", "tag" -> a.string(name);
            default -> { }
        }
    }

    boolean has(String name) {
        return values.get(name) != null;
    }

    String string(String name) {
        Object v = values.get(name);
        if (v == null) return null;
        if (v instanceof CharSequence s) return s.toString();
        throw wrongType(name, v, "a String");
    }

    String required(String name, String example) {
        String s = has(name) ? text(name) : null;
        if (s == null || s.isBlank()) throw new InvalidInputException(name, "is required by " + verb + ", e.g. " + name + ": " + example);
        return s;
    }

    /** A string or a number, as text (versions: {@code version: 41} or {@code version: '41'}). */
    String text(String name) {
        Object v = values.get(name);
        if (v == null) return null;
        if (v instanceof CharSequence || v instanceof Number) return v.toString();
        throw wrongType(name, v, "a number or a String");
    }

    DeployMethod method(String name) {
        return constant(name, DeployMethod.class, DeployMethod::parse, "PARALLEL or SEQUENTIAL");
    }

    NodeStatus nodeStatus(String name) {
        return constant(name, NodeStatus.class, NodeStatus::parse, "a node status such as RUNNING or STOPPED");
    }

    /** An enum constant, or its name as text (parsed with the library's own message for a bad name). */
    private <E extends Enum<E>> E constant(String name, Class<E> type, java.util.function.Function<String, E> parse, String expected) {
        Object v = values.get(name);
        if (v == null) return null;
        if (type.isInstance(v)) return type.cast(v);
        if (v instanceof CharSequence s) return parse.apply(s.toString());
        throw wrongType(name, v, expected);
    }

    Boolean bool(String name) {
        Object v = values.get(name);
        if (v == null) return null;
        if (v instanceof Boolean b) return b;
        if (v instanceof CharSequence s && (s.toString().equalsIgnoreCase("true") || s.toString().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s.toString());
        }
        throw wrongType(name, v, "true or false");
    }

    Long number(String name) {
        Object v = values.get(name);
        if (v == null) return null;
        if (v instanceof Number n && n.doubleValue() == n.longValue()) return n.longValue();
        if (v instanceof CharSequence s && s.toString().trim().matches("-?\\d{1,18}")) return Long.parseLong(s.toString().trim());
        throw wrongType(name, v, "a whole number");
    }

    int integer(String name, int otherwise) {
        Long n = number(name);
        if (n == null) return otherwise;
        if (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE) throw wrongType(name, n, "a smaller number");
        return n.intValue();
    }

    Duration duration(String name, Duration otherwise) {
        Object v = values.get(name);
        if (v == null) return otherwise;
        if (v instanceof Duration d) return d;
        if (v instanceof CharSequence s) return Durations.parse(name, s.toString());
        throw wrongType(name, v, "a duration such as '30s' or '10m'");
    }

    Object raw(String name) {
        return values.get(name);
    }

    private InvalidInputException wrongType(String name, Object v, String expected) {
        return new InvalidInputException(name, "of " + verb + " must be " + expected + ", not " + v.getClass().getSimpleName() + " " + v);
    }
}
