package acs.dsl;

import acs.CommandStatus;
import acs.ContainerStatus;
import acs.DeployMethod;
import acs.NodeStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The name a script's file gives its class, made safe: Groovy names a script's class after its
 * file, so {@code short.groovy} would be the primitive {@code short} (nothing type-checks) and
 * {@code Node.groovy} or {@code List.groovy} would hide the type of that name from the script.
 * Such a file compiles as {@code short_script.groovy}; messages and stack lines still name the file.
 */
final class ScriptClassName {
    private static final Set<String> PRIMITIVES = Set.of("boolean", "byte", "char", "short", "int", "long", "float", "double", "void");
    /** What a script sees without importing: Groovy's default imports and the DSL's star imports ({@link DslScript#configuration}). */
    private static final List<String> PACKAGES = List.of("java.lang", "java.util", "java.io", "java.net", "java.math", "groovy.lang",
            "groovy.util", "acs", "acs.fleet", "acs.dsl", "java.time");
    /** The DSL's single-type imports: {@code AcsClient}, as scripts saw it when it was in {@code acs}. */
    static final List<Class<?>> IMPORTS = List.of(acs.client.AcsClient.class);
    private static final List<Class<?>> STATIC_STARS = List.of(NodeStatus.class, DeployMethod.class, CommandStatus.class, ContainerStatus.class);

    private ScriptClassName() {}

    /** The source name to compile under, e.g. {@code deploy.groovy} as is, {@code short.groovy} as {@code short_script.groovy}. */
    static String of(String sourceName) {
        String base = sourceName.substring(0, sourceName.length() - ".groovy".length());
        return clashes(base) ? base + "_script.groovy" : sourceName;
    }

    private static boolean clashes(String base) {
        if (PRIMITIVES.contains(base)) return true;
        if (base.isEmpty() || !Character.isUpperCase(base.charAt(0)) || !base.chars().allMatch(Character::isJavaIdentifierPart)) {
            return false;   // types and constants start upper-case; other names cannot hide one
        }
        ClassLoader loader = ScriptClassName.class.getClassLoader();
        for (String p : PACKAGES) {
            try {
                Class.forName(p + "." + base, false, loader);
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                // not a type of that package
            }
        }
        if (IMPORTS.stream().anyMatch(c -> c.getSimpleName().equals(base))) return true;
        return STATIC_STARS.stream().anyMatch(c -> Arrays.stream(c.getEnumConstants()).anyMatch(k -> ((Enum<?>) k).name().equals(base)));
    }
}
