package acs;

import java.util.Map;

public final class Params {
    private Params() {}

    public static void putIf(Map<String, String> p, String name, Object value) {
        if (value == null) return;
        String s = value instanceof Enum<?> e ? e.name() : value.toString();
        if (!s.isBlank()) p.put(name, s);
    }
}
