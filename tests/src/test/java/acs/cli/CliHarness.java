package acs.cli;

import acs.sim.Simulator;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs the real {@code acs} umbrella in this JVM with captured stdout and stderr. The command
 * classes live in the scripts' default package, so they are reached by name.
 */
public final class CliHarness {
    public record Result(int exit, String out, String err) {
        @Override public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private CliHarness() {}

    public static Result run(String... args) {
        try {
            CommandLine cl = (CommandLine) Class.forName("Acs").getMethod("commandLine", String[].class).invoke(null, (Object) args);
            StringWriter out = new StringWriter(), err = new StringWriter();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            int exit = Cli.execute(cl, args);
            return new Result(exit, out.toString(), err.toString());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs against a simulator: its endpoint and access key as flags, the secret on stdin (never on the command line). */
    public static Result runAgainst(Simulator sim, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint", sim.endpoint().toString(), "--access-key", sim.accessKey(), "--secret-key-stdin"));
        InputStream stdin = System.in;
        System.setIn(new ByteArrayInputStream((sim.secretKey() + "\n").getBytes(StandardCharsets.UTF_8)));
        try {
            return run(all.toArray(String[]::new));
        } finally {
            System.setIn(stdin);
        }
    }
}
