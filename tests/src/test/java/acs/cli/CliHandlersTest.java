package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.InvalidInputException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * What the toolkit's picocli handlers ({@link Cli}) tell a user: bad usage with where the help is,
 * an option a journal-only command does not take, a file named like an option, and what a command
 * threw, with the documented exit codes; the stack trace only with --verbose.
 */
class CliHandlersTest {
    /** A stand-in command that ends as told: the handlers are what is tested. */
    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Mixin OutputOptions output;
        @Parameters String how;

        @Override public Integer call() {
            return switch (how) {
                case "unexpected" -> throw new IllegalStateException("the disk is on fire");
                case "bad-input" -> throw new InvalidInputException("--thing", "not a thing");
                case "usage" -> throw new CommandLine.ParameterException(output.spec.commandLine(), "Missing required option: '--url'");
                default -> Integer.parseInt(how);
            };
        }
    }

    record Ran(int exit, String err) {}

    static Ran boom(String... args) {
        CommandLine cl = Cli.commandLine(new Boom());
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        return new Ran(Cli.execute(cl, args), err.toString());
    }

    @Test
    void anUnexpectedErrorExits1AndOffersVerboseWhichShowsTheStackTrace() {
        Ran r = boom("unexpected");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("acs: unexpected error: java.lang.IllegalStateException: the disk is on fire\n(run again with --verbose for details)\n");
        Ran v = boom("unexpected", "-v");
        assertThat(v.exit()).isEqualTo(1);
        assertThat(v.err()).startsWith("acs: unexpected error: java.lang.IllegalStateException: the disk is on fire\njava.lang.IllegalStateException: the disk is on fire\n\tat ")
                .doesNotContain("run again with --verbose");
    }

    @Test
    void aToolkitErrorSaysItsMessageWithItsExitCodeAndItsTraceOnlyWithVerbose() {
        Ran r = boom("bad-input");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("acs: error: --thing: not a thing\n");
        Ran v = boom("bad-input", "--verbose");
        assertThat(v.exit()).isEqualTo(2);
        assertThat(v.err()).startsWith("acs: error: --thing: not a thing\nacs.InvalidInputException: --thing: not a thing\n\tat ");
    }

    @Test
    void aUsageErrorFoundWhileRunningIsReportedAsUsage() {
        Ran r = boom("usage");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("acs: Missing required option: '--url'\nTry 'boom --help' for usage.\n");
    }

    @Test
    void theExitCodeOfACommandIsTheProcesss() {
        assertThat(Cli.run(new Boom(), "42")).isEqualTo(42);
        assertThat(boom("0").exit()).isZero();
        assertThat(Cli.executeUmbrella("node-get", "0")).as("a bad id in the umbrella: usage").isEqualTo(2);
    }

    @Test
    void aJournalOnlyCommandSaysItTakesNoConnectionOption() {
        CliHarness.Result r = CliHarness.run("journal", "--runs", "--endpoint", "http://127.0.0.1:9");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("acs: Unknown options: '--endpoint', 'http://127.0.0.1:9'\n"
                + "acs: acs journal reads only the journal or the team's store (ACS_STORE) and sends nothing: it takes no --endpoint\n"
                + "Try 'acs journal --help' for usage.\n");
        CliHarness.Result eq = CliHarness.run("run-status", "abc123", "--timeout=3s");
        assertThat(eq.err()).as(eq.toString()).contains("acs: acs run-status reads only the journal or the team's store (ACS_STORE) and sends nothing: it takes no --timeout\n");
    }

    @Test
    void otherUnknownOptionsGetOnlyTheErrorAndWhereTheHelpIs() {
        CliHarness.Result list = CliHarness.run("node-list", "--colour");
        assertThat(list.exit()).as(list.toString()).isEqualTo(2);
        assertThat(list.err()).isEqualTo("acs: Unknown option: '--colour'\nTry 'acs node-list --help' for usage.\n");
        CliHarness.Result journal = CliHarness.run("journal", "--colour");
        assertThat(journal.err()).as("not a connection option").doesNotContain("reads only the journal").endsWith("Try 'acs journal --help' for usage.\n");
        CliHarness.Result umbrella = CliHarness.run("--endpoint", "http://127.0.0.1:9", "node-list");
        assertThat(umbrella.exit()).as(umbrella.toString()).isEqualTo(2);
        assertThat(umbrella.err()).as("the umbrella prints nothing itself: no journal hint").doesNotContain("reads only the journal");
    }

    @Test
    void aFileNamedLikeAnOptionIsPointedOut() throws Exception {
        String name = "-acs-cli-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".groovy";
        Path file = Path.of(name);
        Files.writeString(file, "println 1\n");
        try {
            CliHarness.Result r = CliHarness.run("node-list", name);
            assertThat(r.exit()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).contains("acs: '" + name + "' is also a file here: a name that starts with '-' reads as an option; write ./" + name + " for the file\n")
                    .endsWith("Try 'acs node-list --help' for usage.\n");
        } finally {
            Files.deleteIfExists(file);
        }
        CliHarness.Result none = CliHarness.run("node-list", name);
        assertThat(none.err()).as("no such file: no such hint").doesNotContain("is also a file here");
    }
}
