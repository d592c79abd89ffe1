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

    /**
     * The help reads as written: no line past 80 columns, and every description, footer line and
     * example of the command found whole in it once line breaks are read as spaces: no word, path or
     * URL cut ("e.\n g.", "/api/v1/\nnode"), an example's comment continued as a comment.
     */
    @ParameterizedTest(name = "acs {0} --help reads as written")
    @MethodSource("commands")
    void helpIsWrappedAtSpacesOnly(List<String> command) throws Exception {
        List<String> args = new ArrayList<>(command);
        args.add("--help");
        String help = CliHarness.run(args.toArray(String[]::new)).out();
        assertThat(help.lines().filter(l -> l.length() > 80)).as(args + ": lines past 80 columns").isEmpty();
        String flowing = flat(help.replaceAll(" \\\\\n\\s*", " ").replaceAll("\n\\s*# ", " "));
        CommandLine root = (CommandLine) Class.forName("Acs").getMethod("commandLine", String[].class).invoke(null, (Object) new String[0]);
        CommandLine cl = root;
        for (String c : command) cl = cl.getSubcommands().get(c);
        CommandLine.Model.CommandSpec spec = cl.getCommandSpec();
        List<String> written = new ArrayList<>();
        for (CommandLine.Model.OptionSpec o : spec.options()) written.addAll(List.of(o.description()));
        for (CommandLine.Model.PositionalParamSpec p : spec.positionalParameters()) written.addAll(List.of(p.description()));
        written.addAll(List.of(spec.usageMessage().description()));
        for (String f : spec.usageMessage().footer()) written.addAll(f.lines().toList());
        for (String w : written) {
            String expected = flat(w.replace("%n", " ").replace("%%", "%").replaceAll("\\s{2,}#", " #"));
            if (expected.isEmpty() || expected.contains("${")) continue;
            assertThat(flowing).as(args + ": written as\n" + w).contains(expected);
        }
    }

    private static String flat(String s) {
        return s.replaceAll("\\s+", " ").strip();
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
