package acs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process as a user starts it, in its own toolkit home (ACS_HOME, none of the user's ACS_*
 * settings), from a chosen folder; output captured in files. Four minutes is a hang guard, not a
 * performance bound.
 */
record Proc(int exit, String out, String err) {
    static final Path REPO = JbangEndToEndTest.REPO;

    @Override public String toString() {
        return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }

    static Proc run(Path home, Path dir, Map<String, String> env, String stdin, List<String> cmd) throws Exception {
        Files.createDirectories(home);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("ACS_"));
        e.put("ACS_HOME", home.toString());
        e.putAll(env);
        Path out = Files.createTempFile(home, "out", ".txt"), err = Files.createTempFile(home, "err", ".txt");
        Path in = Files.createTempFile(home, "in", ".txt");
        Files.writeString(in, stdin == null ? "" : stdin);
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(in.toFile());
        Process p = pb.start();
        if (!p.waitFor(4, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish in 4 minutes");
        }
        return new Proc(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** {@code ./jbang ARGS} from the repository root. */
    static Proc jbang(Path home, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(REPO.resolve("jbang").toString()));
        cmd.addAll(List.of(args));
        return run(home, REPO, env, null, cmd);
    }
}
