package acs.cli.launch;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One start of a JVM of the toolkit: the java binary, its options, class path, main class,
 * arguments and environment. Every start is described once, here, and rendered twice: as words
 * of the installed launcher's bash ({@link #bash()}) and as a {@link ProcessBuilder} (training,
 * the resident the client starts). The options are assembled only here too, from the lists
 * below; the {@code //JAVA_OPTIONS} lines of the scripts JBang runs are {@link #JBANG_OPTIONS}
 * (CatalogAndSourcesTest checks them).
 */
public record JvmLaunch(String java, List<String> options, List<String> classPath, String mainClass,
        List<String> args, Map<String, String> env) {

    /** A command's JVM: it runs for a second, so C1 only and the smallest collector; picocli without its Groovy closures. */
    /**
     * The JDK's HTTP client closes idle pooled connections before servers do (the simulator after 30 s,
     * many proxies sooner): a POST on a connection the server has just closed would otherwise fail after
     * it may have been sent, and be reported as an unknown outcome for nothing.
     */
    public static final String HTTP_KEEPALIVE = "-Djdk.httpclient.keepalive.timeout=20";
    /**
     * java.net.http hands each answer of sendAsync to CompletableFuture's default pool; where the common
     * pool would get one thread (two cores), that pool is a new thread per answer. Two threads do a
     * command's work on any machine.
     */
    public static final String COMMON_POOL = "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2";
    public static final List<String> COMMAND_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dpicocli.disable.closures=true",
            HTTP_KEEPALIVE, COMMON_POOL);
    /** JVM messages only on stderr, errors only: stdout is data. */
    public static final List<String> LOG_OPTIONS = List.of("-Xlog:disable", "-Xlog:all=error:stderr");
    /** What a script run by JBang states as {@code //JAVA_OPTIONS}: a command's, with the JDK's default class archive when there is one. */
    public static final List<String> JBANG_OPTIONS = concat(COMMAND_OPTIONS, LOG_OPTIONS, List.of("-Xshare:auto"));
    /** The resident's client: the JDK's own console (no JLine provider to look up), and nothing else to configure. */
    public static final List<String> CLIENT_OPTIONS = concat(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djdk.console=java.base"), LOG_OPTIONS);
    /**
     * A resident waits far longer than it works: the heap it grew for a big command is given back
     * after it (a full collection with SerialGC shrinks the heap to these ratios).
     */
    public static final List<String> RESIDENT_OPTIONS = concat(COMMAND_OPTIONS, LOG_OPTIONS,
            List.of("-Xms8m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "-Xss512k", "-XX:ReservedCodeCacheSize=32m"));
    /** The installed launcher's jars file, which the resident's identity and {@code acs install} read back. */
    static final String STAMP_PROPERTY = "acs.launch.stamp";
    /** The class-archive option of the command's JVM, for the resident it starts. */
    static final String ARCHIVE_PROPERTY = "acs.launch.archive";

    /**
     * A command in a JVM of its own: the launcher's when no resident runs it, training's. {@code archive}
     * is the class archive's options, {@code extra} the user's ({@code ACS_JAVA_OPTS}); {@code stamp} and
     * {@code archiveOption} (null: not an installed launcher's) tell the command where it was installed
     * and the resident it starts which archive to use.
     */
    public static JvmLaunch command(String java, List<String> classPath, List<String> archive, List<String> extra,
            String stamp, String archiveOption, String... args) {
        return of(java, concat(COMMAND_OPTIONS, LOG_OPTIONS, archive, extra, launchProperties(stamp, archiveOption)), classPath, "Acs", args);
    }

    /** The resident's client: the launcher's first JVM ({@link ResidentClient}). */
    public static JvmLaunch client(String java, List<String> classPath, List<String> archive, String stamp, String archiveOption, String... args) {
        return of(java, concat(CLIENT_OPTIONS, archive, launchProperties(stamp, archiveOption)), classPath, ResidentClient.class.getName(), args);
    }

    /** A resident, as its client starts it: the command JVM's class archive and the user's options, on the same class path. */
    public static JvmLaunch resident(String java, List<String> classPath, List<String> archive, List<String> extra, String stamp, String... args) {
        return of(java, concat(RESIDENT_OPTIONS, archive, extra, launchProperties(stamp, null)), classPath, Resident.class.getName(), args);
    }

    /** The run {@code acs install} records its class archive from ({@link Training}). */
    public static JvmLaunch training(String java, List<String> classPath) {
        return of(java, concat(COMMAND_OPTIONS, LOG_OPTIONS), classPath, Training.class.getName());
    }

    private static List<String> launchProperties(String stamp, String archiveOption) {
        List<String> p = new ArrayList<>();
        if (stamp != null) p.add("-D" + STAMP_PROPERTY + "=" + stamp);
        if (archiveOption != null) p.add("-D" + ARCHIVE_PROPERTY + "=" + archiveOption);
        return p;
    }

    public JvmLaunch {
        options = List.copyOf(options);
        classPath = List.copyOf(classPath);
        args = List.copyOf(args);
        env = Map.copyOf(env);
    }

    public static JvmLaunch of(String java, List<String> options, List<String> classPath, String mainClass, String... args) {
        return new JvmLaunch(java, options, classPath, mainClass, List.of(args), Map.of());
    }

    public JvmLaunch withOptions(String... more) {
        return new JvmLaunch(java, concat(options, List.of(more)), classPath, mainClass, args, env);
    }

    /** Options before this launch's own (e.g. the option that records a class archive). */
    public JvmLaunch withOptionsFirst(String... first) {
        return new JvmLaunch(java, concat(List.of(first), options), classPath, mainClass, args, env);
    }

    public JvmLaunch withEnv(Map<String, String> more) {
        Map<String, String> e = new LinkedHashMap<>(env);
        e.putAll(more);
        return new JvmLaunch(java, options, classPath, mainClass, args, e);
    }

    /** The words of the command, as {@code exec} takes them (the java binary first). */
    public List<String> command() {
        List<String> c = new ArrayList<>();
        c.add(java);
        c.addAll(options);
        if (!classPath.isEmpty()) c.addAll(List.of("-cp", String.join(File.pathSeparator, classPath)));
        c.add(mainClass);
        c.addAll(args);
        return c;
    }

    /** A process for it: the environment is this one's, without the user's {@code ACS_*} settings, plus {@link #env()}. */
    public ProcessBuilder processBuilder() {
        ProcessBuilder pb = new ProcessBuilder(command());
        pb.environment().keySet().removeIf(k -> k.startsWith("ACS_"));
        pb.environment().putAll(env);
        return pb;
    }

    /**
     * The command as one line of bash: every word in double quotes, so the words may hold bash
     * expansions ({@code $D}, {@code "${CDS[@]}"} as a word {@code ${CDS[@]}}) and nothing else
     * is interpreted. The class path is joined with {@code :} (the launcher is for POSIX shells).
     * Its environment is not rendered: the launcher's is the user's.
     */
    public String bash() {
        List<String> c = new ArrayList<>();
        c.add(java);
        c.addAll(options);
        if (!classPath.isEmpty()) c.addAll(List.of("-cp", String.join(":", classPath)));
        c.add(mainClass);
        c.addAll(args);
        StringBuilder b = new StringBuilder();
        for (String w : c) {
            if (b.length() > 0) b.append(' ');
            b.append('"').append(w.replace("\\", "\\\\").replace("\"", "\\\"").replace("`", "\\`")).append('"');
        }
        return b.toString();
    }

    @SafeVarargs
    static List<String> concat(List<String>... lists) {
        return Stream.of(lists).flatMap(List::stream).toList();
    }
}
