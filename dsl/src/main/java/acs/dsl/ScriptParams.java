package acs.dsl;

import acs.InvalidInputException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a script's text says about its {@code -P} parameters ({@link LiteralChecks}): those it reads
 * by a literal name or declares, those it needs, those a typed reader reads, and the check made
 * before anything runs.
 */
final class ScriptParams {
    /** A line declaring parameters a script reads by a computed name: {@code // acs: params region, zone}. */
    static final Pattern DECLARED = Pattern.compile("(?m)^\\s*//\\s*acs:\\s*params\\s+(.*?)\\s*$");

    private final String script;
    private final List<String> required;
    private final Set<String> known;
    private final Map<String, String> types;
    private final boolean byComputedName;

    ScriptParams(String script, ScriptCache.Entry read, String source) {
        this.script = script;
        this.required = List.copyOf(read.requiredParams());
        Set<String> k = new LinkedHashSet<>(read.readParams());
        Matcher declared = DECLARED.matcher(source);
        while (declared.find()) {
            for (String p : declared.group(1).split("[,\\s]+")) if (!p.isEmpty()) k.add(p);
        }
        this.known = Collections.unmodifiableSet(k);
        this.types = Map.copyOf(read.paramTypes());
        this.byComputedName = read.paramsByComputedName();
    }

    List<String> required() { return required; }

    Set<String> known() { return known; }

    /**
     * Every {@code -P} is one the script reads (a typo such as {@code -Ppuase=60s} would otherwise
     * run with the default), every required one is given, every typed one reads; else exit 2 naming it.
     */
    void check(Map<String, String> given) {
        List<String> unknown = given.keySet().stream().filter(p -> !known.contains(p)).toList();
        if (!unknown.isEmpty()) {
            String p = unknown.get(0);
            throw new InvalidInputException("-P" + p, "is not a parameter of " + script + Suggest.hint(p, known)
                    + (known.isEmpty() ? " (it reads none)" : " (it reads " + String.join(", ", known) + ")")
                    + "; nothing was run. " + (byComputedName
                            ? "It reads parameters by a computed name too: declare those with a line '// acs: params " + p + "'"
                            : "Remove -P" + p + " or correct its name"));
        }
        List<String> missing = required.stream().filter(p -> given.get(p) == null || given.get(p).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw new InvalidInputException("-P", script + " needs " + (missing.size() == 1 ? "parameter " : "parameters ")
                    + String.join(", ", missing) + "; nothing was run. Give " + missing.stream().map(p -> "-P" + p + "=VALUE")
                    .collect(Collectors.joining(" ")));
        }
        // -Pservice=abc read by paramLong('service'): refused now, not after the script has sent something
        types.forEach((name, reader) -> {
            String v = given.get(name);
            if (v != null && !v.isEmpty()) AcsScript.checkParam(reader, name, v);
        });
    }
}
