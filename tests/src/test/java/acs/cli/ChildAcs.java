package acs.cli;

import acs.reliability.ChildCli;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code acs} umbrella in a child JVM, as an operator's shell runs it: its own ACS_HOME, none of
 * the user's ACS_* variables, exactly the environment and standard input a test gives (never a terminal).
 */
final class ChildAcs {
    record Result(int exit, String out, String err) {
        @Override public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Path home;
    private final Map<String, String> env = new HashMap<>();

    ChildAcs(Path home) {
        this.home = home;
    }

    ChildAcs env(String... kv) {
        for (int i = 0; i < kv.length; i += 2) env.put(kv[i], kv[i + 1]);
        return this;
    }

    Result run(String... args) throws Exception {
        return runWithInput("", args);
    }

    Result runWithInput(String stdin, String... args) throws Exception {
        ProcessBuilder pb = new ChildCli(home, env).builder("Acs", args);
        File in = File.createTempFile("stdin", ".txt"), out = File.createTempFile("stdout", ".txt"), err = File.createTempFile("stderr", ".txt");
        try {
            Files.writeString(in.toPath(), stdin);
            Process p = pb.redirectInput(in).redirectOutput(out).redirectError(err).start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("acs " + String.join(" ", args) + " did not end within 2 minutes");
            }
            return new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8), Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            in.delete();
            out.delete();
            err.delete();
        }
    }
}
