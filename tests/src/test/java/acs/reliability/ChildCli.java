package acs.reliability;

import acs.journal.Journal;
import acs.sim.Simulator;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real CLI in a child JVM ({@code java -cp <test class path> Acs …}), with its own
 * ACS_HOME and endpoint: what an operator's shell runs, and something a test can kill -9.
 */
public final class ChildCli {
    public record Result(int exit, String out, String err) {
        @Override public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Path home;
    private final Map<String, String> env;

    public ChildCli(Path home, Map<String, String> env) {
        this.home = home;
        this.env = env;
    }

    /** The CLI talking to this simulator with its keys. */
    public static ChildCli of(Path home, Simulator sim) {
        return new ChildCli(home, env(sim));
    }

    /** The environment that points the CLI at this simulator. */
    public static Map<String, String> env(Simulator sim) {
        return Map.of("ACS_ENDPOINT", sim.endpoint().toString(), "ACS_ACCESS_KEY", sim.accessKey(), "ACS_SECRET_KEY", sim.secretKey());
    }

    /** The journal the CLI writes (in its ACS_HOME). */
    public Journal journal() {
        return Journal.at(home.resolve(Journal.FILE));
    }

    public ProcessBuilder builder(String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Xshare:auto");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("ACS_"));
        pb.environment().put("ACS_HOME", home.toString());
        pb.environment().putAll(env);
        Files.createDirectories(home);
        return pb;
    }

    /** Runs to the end (at most two minutes) and returns exit code, stdout and stderr. */
    public Result run(String mainClass, String... args) throws Exception {
        ProcessBuilder pb = builder(mainClass, args);
        File out = File.createTempFile("acs-out", ".txt"), err = File.createTempFile("acs-err", ".txt");
        pb.redirectOutput(out).redirectError(err).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the CLI did not end within 2 minutes: " + String.join(" ", args));
        }
        Result r = new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8), Files.readString(err.toPath(), StandardCharsets.UTF_8));
        out.delete();
        err.delete();
        return r;
    }
}
