package acs.cli.launch;

import acs.ConfigException;
import acs.InvalidInputException;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code acs install}: the direct launcher. DIR/acs is a shell script that starts one JVM (the JDK
 * recorded at install) on the jars in DIR/acs.d with C1, SerialGC and a class archive trained on
 * a typical run: an AOT cache on JDK 25+ (JEP 483/514), AppCDS before. The jars are those this
 * JVM runs from (JBang's build of the umbrella and its dependencies, or an earlier install).
 */
public final class Launcher {
    static final String MARKER = "written by 'acs install'";
    static final String FILES = "acs.d", COMPLETION = "acs-completion.bash", STAMP = "installed";
    static final String CLIENT_ARCHIVE = "client.jsa";

    private Launcher() {}

    /** $HOME/.local/bin ($HOME read explicitly: the JVM's user.home comes from the password file). */
    public static Path defaultDir(Map<String, String> env) {
        String home = env.get("HOME");
        return Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home, ".local", "bin");
    }

    public static void install(Path dir, Path javaChoice, Map<String, String> env, PrintStream err) throws IOException, InterruptedException {
        dir = dir.toAbsolutePath().normalize();
        Path java = javaChoice != null ? javaOf(javaChoice) : newestJdk(env);
        int feature = feature(java);
        if (feature < 17) throw new InvalidInputException("--java", java + " is Java " + feature + "; the toolkit needs 17 or later");
        List<Path> jars = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e);
            if (!e.endsWith(".jar") || !Files.isRegularFile(p)) {
                throw new ConfigException("acs install copies the jars it runs from, and '" + e + "' is not one: run it as './jbang acs install'");
            }
            jars.add(p.toAbsolutePath());
        }
        Path existing = dir.resolve("acs");
        if (Files.exists(existing) && !Files.readString(existing, StandardCharsets.UTF_8).contains(MARKER)) {
            throw new ConfigException(existing + " exists and was not written by 'acs install'; remove it or choose another --dir");
        }
        String source = sourceCheckout(env, existing);

        // Jars into a fresh folder first: an install run by the installed launcher copies its own jars.
        Files.createDirectories(dir);
        Path fresh = Files.createTempDirectory(dir, FILES + ".new");
        List<String> names = new ArrayList<>();
        for (Path jar : jars) {
            String name = jar.getFileName().toString();
            if (names.contains(name)) name = names.size() + "-" + name;
            Files.copy(jar, fresh.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            names.add(name);
        }
        Path files = dir.resolve(FILES);
        deleteTree(files);
        Files.move(fresh, files);
        Files.writeString(files.resolve(STAMP), "installed from " + (source == null ? "(unknown)" : source) + "\n");

        List<String> cp = names.stream().map(n -> "$D/" + FILES + "/" + n).toList();
        Files.writeString(existing, script(java, source, cp, feature), StandardCharsets.UTF_8);
        existing.toFile().setExecutable(true, false);

        String jbang = jbangBeside(dir, source, env);
        String archive = train(dir, java, feature, names);
        Path completion = dir.resolve(COMPLETION);
        ProcessBuilder completionRun = new ProcessBuilder(existing.toString(), "completion");
        completionRun.environment().keySet().removeIf(k -> k.startsWith("ACS_"));
        if (run(completionRun, completion) != 0 || Files.size(completion) == 0) {
            throw new ConfigException("the installed " + existing + " does not run ('acs completion' failed; see above)");
        }
        err.println("acs: installed " + existing + " (Java " + feature + " from " + java + (archive == null
                ? "; this JDK wrote no class archive)" : ", with " + archive + ")"));
        if (jbang != null) err.println("acs: " + jbang);
        err.println("acs: completion: add 'source " + completion + "' to ~/.bashrc (zsh: after 'autoload -U +X bashcompinit && bashcompinit')");
        String path = env.getOrDefault("PATH", "");
        if (!List.of(path.split(":")).contains(dir.toString())) {
            err.println("acs: " + dir + " is not on PATH: add  export PATH=\"" + dir + ":$PATH\"  to ~/.bashrc or ~/.zshrc");
        }
    }

    public static void remove(Path dir, PrintStream err) throws IOException {
        Path acs = dir.resolve("acs");
        if (!Files.exists(acs)) {
            err.println("acs: nothing to remove: there is no " + acs);
            return;
        }
        if (!Files.readString(acs, StandardCharsets.UTF_8).contains(MARKER)) {
            throw new ConfigException(acs + " was not written by 'acs install'; it is left alone");
        }
        deleteTree(dir.resolve(FILES));
        Files.deleteIfExists(dir.resolve(COMPLETION));
        Path jbang = dir.resolve("jbang");
        boolean jbangToo = Files.isRegularFile(jbang) && Files.readString(jbang, StandardCharsets.UTF_8).contains(MARKER);
        if (jbangToo) Files.delete(jbang);
        Files.delete(acs);
        err.println("acs: removed " + acs + ", " + dir.resolve(FILES) + (jbangToo ? ", " + jbang : "") + " and " + dir.resolve(COMPLETION));
    }

    /**
     * Scripts from the templates run with {@code jbang} ({@code jbang myops.java}, {@code ./myops.java}):
     * without one on PATH, DIR/jbang runs the checkout's wrapper. What was done, for the user; null if nothing.
     */
    private static String jbangBeside(Path dir, String source, Map<String, String> env) throws IOException {
        Path mine = dir.resolve("jbang");
        boolean ours = Files.isRegularFile(mine) && Files.readString(mine, StandardCharsets.UTF_8).contains(MARKER);
        if (source == null || Files.exists(mine) && !ours) return null;
        for (String p : env.getOrDefault("PATH", "").split(":")) {
            if (p.isEmpty() || Path.of(p).toAbsolutePath().normalize().equals(dir)) continue;
            if (Files.isExecutable(Path.of(p, "jbang"))) return null;   // the user's own jbang stays the one
        }
        Files.writeString(mine, "#!/usr/bin/env bash\n# jbang for scripts from the acs templates, " + MARKER + "\n"
                + "# ACS_JBANG_WRAPPER (the checkout's wrapper skips this copy when it looks for a jbang on PATH)\nexec "
                + quote(source + "/jbang") + " \"$@\"\n", StandardCharsets.UTF_8);
        mine.toFile().setExecutable(true, false);
        return "installed " + mine + " (runs " + source + "/jbang): 'jbang myops.java' and './myops.java' work without a jbang of your own";
    }

    /**
     * The launcher: its two JVMs are {@link JvmLaunch}es whose words are bash expansions ({@code $JAVA}, the
     * folder {@code $D} it runs from, the class archive's options {@code CDS}, the user's {@code ACS_JAVA_OPTS}).
     */
    static String script(Path java, String source, List<String> cp, int feature) {
        String stamp = "$D/" + FILES + "/" + STAMP, archive = "${CDS[0]:-}";
        JvmLaunch client = JvmLaunch.client("$JAVA", cp, List.of("${CLIENT[@]}"), stamp, archive, "$@");
        JvmLaunch own = JvmLaunch.command("$JAVA", cp, List.of("${CDS[@]}"), List.of("${EXTRA[@]}"), stamp, archive, "$@");
        return "#!/usr/bin/env bash\n"
                + "# acs — the direct launcher, " + MARKER + " (remove: acs install --remove --dir \"$(dirname \"$0\")\")\n"
                + "JAVA=" + quote(java.toString()) + "   # Java " + feature + ": the JDK its class archive belongs to\n"
                + "SOURCE=" + quote(source == null ? "" : source) + "   # the toolkit it was installed from\n"
                + """
                s=${BASH_SOURCE[0]}
                while [ -L "$s" ]; do d=$(cd -P "$(dirname "$s")" && pwd); s=$(readlink "$s"); [[ $s != /* ]] && s=$d/$s; done
                D=$(cd -P "$(dirname "$s")" && pwd)
                # A toolkit changed since this install (any source newer than it) runs as installed, with a word.
                if [ -n "$SOURCE" ] && [ -d "$SOURCE" ] && [ "${ACS_NO_UPDATE_CHECK:-0}" != 1 ] &&
                   [ -n "$(find "$SOURCE/lib/src" "$SOURCE/sim/src" "$SOURCE/dsl/src" "$SOURCE/scripts" -name '*.java' -newer "$D/acs.d/installed" -print -quit 2>/dev/null)" ]; then
                  echo "acs: the toolkit in $SOURCE has changed since this launcher was installed; to update it: $SOURCE/jbang acs install --dir $D" >&2
                fi
                CDS=()
                if [ ! -x "$JAVA" ]; then
                  echo "acs: $JAVA is gone; running with the java on PATH, without the class archive (run 'acs install' again)" >&2
                  JAVA=java
                elif [ -f "$D/acs.d/acs.aot" ]; then CDS=(-XX:AOTCache="$D/acs.d/acs.aot")
                elif [ -f "$D/acs.d/acs.jsa" ]; then CDS=(-XX:SharedArchiveFile="$D/acs.d/acs.jsa" -Xshare:auto); fi
                # A resident JVM of the same folder and environment runs the command when one is up (exit 254: it did not).
                if [ "${ACS_RESIDENT:-1}" != 0 ] && [ "$JAVA" != java ]; then
                  CLIENT=(); [ -f "$D/acs.d/client.jsa" ] && CLIENT=(-XX:SharedArchiveFile="$D/acs.d/client.jsa" -Xshare:auto)
                """
                + """
                  # The client runs beside this script, which forwards every signal a supervisor may send to it: a
                  # foreground child would outlive a SIGTERM to this script and its command run on. INT and QUIT are
                  # un-ignored (bash ignores them in background children) and stdin stays the terminal's.
                  ( trap - INT QUIT; exec \
                """
                + "  " + client.bash() + " ) <&0 &\n"
                + """
                  pid=$!
                  for sig in TERM INT HUP; do trap "kill -$sig $pid 2>/dev/null" "$sig"; done
                  while wait "$pid"; rc=$?; kill -0 "$pid" 2>/dev/null; do :; done
                  trap - TERM INT HUP
                  [ "$rc" != 254 ] && exit "$rc"
                fi
                # ACS_JAVA_OPTS is a list of options
                read -r -a EXTRA <<< "${ACS_JAVA_OPTS:-}"
                """
                + "exec " + own.bash() + "\n";
    }

    /**
     * Trains the class archive ({@link Training}: a node-get and an acs run) in a throwaway home; its file name, or null.
     * An AOT cache (JDK 25+) loads every class it holds at each start, so it is recorded from a run whose script comes
     * from the cache (a first, unrecorded run compiles it): Groovy's compiler stays out of every command's start.
     * AppCDS loads lazily and keeps the compiler, which makes a new script's first compile faster.
     */
    private static String train(Path dir, Path java, int feature, List<String> names) throws IOException, InterruptedException {
        Path files = dir.resolve(FILES);
        Path archive = files.resolve(feature >= 25 ? "acs.aot" : "acs.jsa");
        List<String> cp = names.stream().map(n -> files.resolve(n).toString()).toList();
        Path home = Files.createTempDirectory("acs-install-train");
        try {
            JvmLaunch training = JvmLaunch.training(java.toString(), cp).withEnv(Map.of("ACS_HOME", home.toString()));
            if (feature >= 25) run(training, null);
            run(training.withOptionsFirst(feature >= 25 ? "-XX:AOTCacheOutput=" + archive : "-XX:ArchiveClassesAtExit=" + archive), null);
            trainClient(java, files, cp, archive, home);
        } finally {
            deleteTree(home);
        }
        return Files.isRegularFile(archive) ? archive.toString() : null;
    }

    /**
     * The resident's client: a command in a JVM of its own starts a resident once it succeeded, the
     * client hands the next command to it and records the archive. The training resident leaves after 2 s.
     */
    private static void trainClient(Path java, Path files, List<String> cp, Path archive, Path home) throws IOException, InterruptedException {
        String stamp = files.resolve(STAMP).toString();
        String cds = !Files.isRegularFile(archive) ? "" : archive.toString().endsWith(".aot")
                ? "-XX:AOTCache=" + archive : "-XX:SharedArchiveFile=" + archive;
        Map<String, String> env = Map.of("ACS_HOME", home.toString(), "ACS_RESIDENT", "2s");
        run(JvmLaunch.command(java.toString(), cp, List.of(), List.of(), stamp, cds, "node-get", "610474").withEnv(env), null);
        Path residents = home.resolve("resident");
        for (int i = 0; i < 300 && !listening(residents); i++) Thread.sleep(100);
        run(JvmLaunch.client(java.toString(), cp, List.of("-XX:ArchiveClassesAtExit=" + files.resolve(CLIENT_ARCHIVE)), stamp, cds,
                "node-get", "610474").withEnv(env), null);
    }

    private static boolean listening(Path residents) throws IOException {
        if (!Files.isDirectory(residents)) return false;
        try (Stream<Path> s = Files.list(residents)) {
            return s.anyMatch(p -> p.toString().endsWith(".sock"));
        }
    }

    private static int run(JvmLaunch launch, Path stdout) throws IOException, InterruptedException {
        return run(launch.processBuilder(), stdout);
    }

    private static int run(ProcessBuilder pb, Path stdout) throws IOException, InterruptedException {
        pb.redirectErrorStream(stdout == null);
        pb.environment().put("ACS_NO_UPDATE_CHECK", "1");
        pb.redirectOutput(stdout == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stdout.toFile()));
        if (stdout != null) pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** The checkout the toolkit runs from: the ./jbang wrapper that started it, the current folder, or the last install's. */
    private static String sourceCheckout(Map<String, String> env, Path existing) throws IOException {
        List<Path> candidates = new ArrayList<>();
        String launch = env.get("JBANG_LAUNCH_CMD");
        if (launch != null && !launch.isBlank()) candidates.add(Path.of(launch).toAbsolutePath().getParent());
        candidates.add(Path.of("").toAbsolutePath());
        for (Path c : candidates) {
            if (c != null && Files.isRegularFile(c.resolve("scripts/Acs.java")) && Files.isRegularFile(c.resolve("jbang-catalog.json"))) {
                return c.normalize().toString();
            }
        }
        if (Files.exists(existing)) {
            Matcher m = Pattern.compile("(?m)^SOURCE='([^']*)'").matcher(Files.readString(existing, StandardCharsets.UTF_8));
            if (m.find() && !m.group(1).isEmpty()) return m.group(1);
        }
        return null;
    }

    /** A JDK home or its bin/java, as the java binary. */
    private static Path javaOf(Path choice) {
        Path java = Files.isDirectory(choice) ? choice.resolve("bin/java") : choice;
        if (!Files.isExecutable(java)) throw new InvalidInputException("--java", choice + " is neither a JDK home nor a java binary");
        try {
            return java.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The newest JDK 25+ installed in the usual places, else the one running now. */
    private static Path newestJdk(Map<String, String> env) throws IOException {
        List<Path> homes = new ArrayList<>();
        if (env.get("JAVA_HOME") != null) homes.add(Path.of(env.get("JAVA_HOME")));
        for (String d : env.getOrDefault("PATH", "").split(":")) {
            Path j = Path.of(d.isEmpty() ? "." : d, "java");
            if (Files.isExecutable(j)) homes.add(j.toRealPath().getParent().getParent());
        }
        String user = env.getOrDefault("HOME", System.getProperty("user.home"));
        for (Path root : List.of(Path.of("/usr/lib/jvm"), Path.of("/Library/Java/JavaVirtualMachines"),
                Path.of(user, ".sdkman/candidates/java"), Path.of(user, ".jbang/cache/jdks"))) {
            if (!Files.isDirectory(root)) continue;
            try (Stream<Path> s = Files.list(root)) {
                s.forEach(h -> homes.add(Files.isDirectory(h.resolve("Contents/Home")) ? h.resolve("Contents/Home") : h));
            }
        }
        return homes.stream().filter(h -> Files.isExecutable(h.resolve("bin/java")) && feature(h.resolve("bin/java")) >= 25)
                .max(Comparator.comparingInt((Path h) -> feature(h.resolve("bin/java"))))
                .map(h -> javaOf(h))
                .orElseGet(() -> javaOf(Path.of(System.getProperty("java.home"))));
    }

    /** The feature release of the JDK of this java binary, from its release file (0 when unknown). */
    static int feature(Path java) {
        try {
            Path release = java.toRealPath().getParent().getParent().resolve("release");
            Matcher m = Pattern.compile("(?m)^JAVA_VERSION=\"(?:1\\.)?(\\d+)").matcher(Files.readString(release));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
    }
}
