package acs.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Runs the real {@code acs} umbrella in this JVM with captured stdout and stderr. The command
 * classes live in the scripts' default package, so they are reached by name.
 */
final class CliHarness {
    record Result(int exit, String out, String err) {
        @Override public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private CliHarness() {}

    static Result run(String... args) {
        try {
            Object acs = Class.forName("Acs").getDeclaredConstructor().newInstance();
            CommandLine cl = Cli.commandLine(acs);
            StringWriter out = new StringWriter(), err = new StringWriter();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            int exit = cl.execute(args);
            return new Result(exit, out.toString(), err.toString());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
