package acs.cli.launch;

import java.io.DataInputStream;
import java.io.File;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What makes a JVM's run of a command the same as any other's: the installed toolkit (its stamp
 * file and jars), the JDK, the current folder and what of the environment the command can see. A
 * resident serves only clients with its own identity, so a command reads the same variables and
 * resolves the same relative paths as the JVM the launcher would have started.
 *
 * <p>The commands read only {@link #READ} variables (and the JVM its locale, as the encodings and
 * language it derives): a variable nothing reads (Python's LC_CTYPE, a terminal's WINDOWID) does
 * not make another resident. A script ({@code acs run}, and {@code acs resume} of one) may read any
 * variable, so its resident is of the whole environment.
 */
record Identity(String toolkit, String javaHome, String folder, Map<String, String> env) {
    /** Set by the shell on its own, or per command: not part of what a command sees. */
    private static final Set<String> SHELL_ONLY = Set.of("_", "OLDPWD", "PWD", "SHLVL");
    /** What the toolkit, picocli and the JVM read of the environment (besides every ACS_* variable). */
    static final Set<String> READ = Set.of("HOME", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy",
            "CLICOLOR", "CLICOLOR_FORCE", "NO_COLOR", "TERM", "COLUMNS", "TZ", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS");
    /** The JVM's reading of LANG and LC_*: what differs between two locales that matters to a command. */
    private static final List<String> LOCALE = List.of("file.encoding", "sun.jnu.encoding", "native.encoding", "user.language", "user.country");
    /** The commands that run a script, which may read any variable. */
    static final Set<String> SCRIPTS = Set.of("run", "resume");

    /** This JVM's identity for a command; the launcher names its install's stamp file with -Dacs.launch.stamp. */
    static Identity here(String[] args) {
        return here(args.length > 0 && SCRIPTS.contains(args[0]));
    }

    /** With {@code wholeEnvironment}, the identity of a resident of scripts. */
    static Identity here(boolean wholeEnvironment) {
        Map<String, String> env = new TreeMap<>(System.getenv());
        env.keySet().removeAll(SHELL_ONLY);
        if (!wholeEnvironment) env.keySet().removeIf(k -> !k.startsWith("ACS_") && !READ.contains(k));
        for (String p : LOCALE) env.put("(jvm) " + p, String.valueOf(System.getProperty(p)));
        env.put("(resident) scripts", Boolean.toString(wholeEnvironment));
        return new Identity(toolkit(System.getProperty(JvmLaunch.STAMP_PROPERTY)), System.getProperty("java.home"),
                Path.of("").toAbsolutePath().toString(), env);
    }

    /** Whether this is the identity of a resident of scripts. */
    boolean scripts() {
        return Boolean.parseBoolean(env.get("(resident) scripts"));
    }

    /** The install's stamp file and every jar, with their times and sizes: a re-install, a removal or a rewritten jar makes another toolkit. */
    static String toolkit(String stamp) {
        StringBuilder sb = new StringBuilder();
        List<String> files = new ArrayList<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        if (stamp != null) files.add(0, stamp);
        for (String f : files) {
            sb.append(f).append('@');
            try {
                BasicFileAttributes a = Files.readAttributes(Path.of(f), BasicFileAttributes.class);
                sb.append(a.lastModifiedTime().toMillis()).append(':').append(a.size());
            } catch (IOException | RuntimeException e) {
                sb.append("gone");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * The file name of the resident for this identity: FNV-1a, 64 bits, of all of it. A name, not a
     * check (the resident compares the identity itself), so no digest provider has to load.
     */
    String key() {
        Fnv fnv = new Fnv();
        try {
            write(new DataOutputStream(fnv));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String hex = Long.toHexString(fnv.hash);
        return "0".repeat(16 - hex.length()) + hex;
    }

    private static final class Fnv extends OutputStream {
        long hash = 0xcbf29ce484222325L;

        @Override public void write(int b) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
    }

    void write(DataOutputStream out) throws IOException {
        Frames.string(out, toolkit);
        Frames.string(out, javaHome);
        Frames.string(out, folder);
        out.writeInt(env.size());
        for (Map.Entry<String, String> e : env.entrySet()) {
            Frames.string(out, e.getKey());
            Frames.string(out, e.getValue());
        }
    }

    static Identity read(DataInputStream in) throws IOException {
        String toolkit = Frames.string(in), javaHome = Frames.string(in), folder = Frames.string(in);
        int n = in.readInt();
        if (n < 0 || n > 100_000) throw new IOException("an environment of " + n + " variables: not an acs client");
        Map<String, String> env = new TreeMap<>();
        for (int i = 0; i < n; i++) env.put(Frames.string(in), Frames.string(in));
        return new Identity(toolkit, javaHome, folder, env);
    }

    /** What differs from another identity, for the resident's log: names only, never values (they may be secrets). */
    String difference(Identity other) {
        if (!toolkit.equals(other.toolkit)) return "another toolkit install";
        if (!javaHome.equals(other.javaHome)) return "another JDK";
        if (!folder.equals(other.folder)) return "another folder";
        Set<String> names = new java.util.TreeSet<>(env.keySet());
        names.addAll(other.env.keySet());
        names.removeIf(k -> java.util.Objects.equals(env.get(k), other.env.get(k)));
        return names.isEmpty() ? null : "other values of " + names;
    }
}
