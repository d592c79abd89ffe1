package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@code --help} and {@code -h} of every command of the umbrella (and their subcommands) print usage, exit 0, and warn about nothing. */
class HelpOfEveryCommandTest {
    static Stream<List<String>> commands() throws Exception {
        CommandLine root = (CommandLine) Class.forName("Acs").getMethod("commandLine", String[].class).invoke(null, (Object) new String[0]);
        List<List<String>> paths = new ArrayList<>();
        collect(root, new ArrayList<>(), paths);
        assertThat(paths).as("the umbrella has its commands").hasSizeGreaterThan(20);
        return paths.stream();
    }

    private static void collect(CommandLine cl, List<String> path, List<List<String>> into) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            List<String> p = new ArrayList<>(path);
            p.add(sub.getCommandName());
            if (!into.contains(p)) into.add(p);
            collect(sub, p, into);
        }
    }

    @ParameterizedTest(name = "acs {0} --help")
    @MethodSource("commands")
    void helpWorks(List<String> command) {
        for (String flag : List.of("--help", "-h")) {
            List<String> args = new ArrayList<>(command);
            args.add(flag);
            PrintStream stderr = System.err;
            ByteArrayOutputStream jvmErr = new ByteArrayOutputStream();
            CliHarness.Result r;
            System.setErr(new PrintStream(jvmErr, true, StandardCharsets.UTF_8));
            try {
                r = CliHarness.run(args.toArray(String[]::new));
            } finally {
                System.setErr(stderr);
            }
            assertThat(r.exit()).as(args + "\n" + r).isZero();
            assertThat(r.out()).as(args.toString()).contains("Usage: acs " + String.join(" ", command));
            assertThat(r.err() + jvmErr).as(args + ": no picocli warning").doesNotContain("WARN").doesNotContain("Exception");
        }
    }

    @ParameterizedTest(name = "acs {0} -V")
    @MethodSource("commands")
    void versionWorks(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.add("-V");
        CliHarness.Result r = CliHarness.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(args + "\n" + r).isZero();
        assertThat(r.out()).startsWith("acs ");
    }
}
