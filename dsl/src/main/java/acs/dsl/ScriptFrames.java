package acs.dsl;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the script's own line in a stack: the innermost frame whose file is a script compiled
 * by {@link DslScript} (closures included, on any thread), shown as the path the user gave.
 */
final class ScriptFrames {
    private static final Map<String, String> SCRIPTS = new ConcurrentHashMap<>();

    private ScriptFrames() {}

    static void register(String sourceName, String displayName) {
        SCRIPTS.put(sourceName, displayName);
    }

    /** {@code deploy.groovy:4}, or null when no frame of the stack (or its causes') is a script's. */
    static String locate(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String at = locate(c.getStackTrace());
            if (at != null) return at;
        }
        return null;
    }

    static String locate(StackTraceElement[] stack) {
        for (StackTraceElement e : stack) {
            String display = e.getFileName() == null ? null : SCRIPTS.get(e.getFileName());
            if (display != null && e.getLineNumber() > 0) return display + ":" + e.getLineNumber();
        }
        return null;
    }

    /** Where the current thread is in a script, e.g. {@code deploy.groovy:4}; {@code "?"} if nowhere. */
    static String current() {
        String at = locate(Thread.currentThread().getStackTrace());
        return at == null ? "?" : at;
    }

    /** {@code " at deploy.groovy:4"} or "". */
    static String at(Throwable t) {
        String at = t == null ? null : locate(t);
        return at == null ? "" : " at " + at;
    }
}
