package acs.cli;

import acs.AcsException;
import acs.client.AcsClient;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Runs a picocli command the toolkit's way: data on stdout, diagnostics on stderr, and the
 * documented exit codes (0 ok, 1 unexpected, 2 usage or bad input, 3 configuration or
 * credentials, 4 API error, 5 network, 6 command failed, 7 wait timed out).
 */
public final class Cli {
    public static final String EXIT_CODES = """
            Exit codes:
              0  ok
              1  unexpected error
              2  usage or bad input (nothing was sent)
              3  configuration or credentials (includes SignError and NoPermission answers)
              4  any other API error code
              5  network or transport (the outcome of a change may be unknown)
              6  the command finished with a failure
              7  a wait timed out (the command may still be running)
              8  another run holds the run or its nodes (a claim or a lease); nothing was sent
              130 a fleet run interrupted (Ctrl-C): nothing new started; the report lists what is in flight""";

    static {
        // picocli probes every annotation for Groovy closures when Groovy is on the class path (acs run
        // puts it there), which starts the Groovy runtime (~0.3 s) at every run; no command uses closures.
        if (System.getProperty("picocli.disable.closures") == null) System.setProperty("picocli.disable.closures", "true");
    }

    private Cli() {}

    /** Builds the command line for a command object with the toolkit's handlers. */
    public static CommandLine commandLine(Object command) {
        return configure(newCommandLine(command));
    }

    /** A command line without the handlers yet (add subcommands, then {@link #configure}); after the static set-up above. */
    public static CommandLine newCommandLine(Object command) {
        return new CommandLine(command);
    }

    /** Applies the toolkit's handlers to a command line and the subcommands it has now. */
    public static CommandLine configure(CommandLine cl) {
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.registerConverter(Long.class, ID).registerConverter(Long.TYPE, ID);
        cl.setAbbreviatedOptionsAllowed(false);
        cl.setExecutionStrategy(new RunSession());
        cl.setExitCodeExceptionMapper(new ExitCodes());
        cl.setExecutionExceptionHandler(new ErrorPrinter());
        cl.setParameterExceptionHandler(new UsagePrinter());
        HelpText.apply(cl);
        return cl;
    }

    // A class, not a method reference: a lambda implementing picocli's (Java 5) interface crashes
    // JDK 17's dynamic CDS dump at exit (SystemDictionaryShared::adjust_lambda_proxy_class_dictionary).
    private static final CommandLine.ITypeConverter<Long> ID = new IdConverter();

    private static final class IdConverter implements CommandLine.ITypeConverter<Long> {
        @Override public Long convert(String text) {
            return id(text);
        }
    }

    /** Every long the commands take is an id (node, container, service, host). */
    static Long id(String text) {
        try {
            long v = Long.parseLong(text.trim());
            if (v > 0) return v;
        } catch (NumberFormatException e) {
            // said below
        }
        throw new CommandLine.TypeConversionException("'" + text + "' is not an id; expected a positive number, e.g. 610474");
    }

    /** Parses and runs; returns the exit code. */
    public static int run(Object command, String... args) {
        return execute(commandLine(command), args);
    }

    /** The umbrella command line ({@code acs ARGS}); it lives in the default package, so it is reached by name. */
    public static CommandLine umbrella(String... args) {
        try {
            return (CommandLine) Class.forName("Acs").getMethod("commandLine", String[].class).invoke(null, (Object) args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the toolkit's umbrella command (Acs) is not on the class path", e);
        }
    }

    /** {@code acs ARGS} in this JVM: what the launcher's JVM runs, for a resident JVM and the launcher's training. */
    public static int executeUmbrella(String... args) {
        return execute(umbrella(args), args);
    }

    /** Runs a command line {@link #configure} set up: its {@link RunSession} closes what the command opened. */
    public static int execute(CommandLine cl, String... args) {
        return cl.execute(args);
    }

    // Classes, not lambdas, for the same reason as IdConverter.

    /** The documented exit code of what a command threw. */
    static final class ExitCodes implements CommandLine.IExitCodeExceptionMapper {
        @Override public int getExitCode(Throwable t) {
            if (t instanceof AcsException ae) return ae.exitCode();
            if (t instanceof CommandLine.ParameterException) return AcsException.EXIT_USAGE;
            return AcsException.EXIT_UNEXPECTED;
        }
    }

    /** The options of a connection to the API, which a command that only reads the journal refuses. */
    static final java.util.Set<String> CONNECTION = java.util.Set.of("--endpoint", "--profile", "--access-key", "--secret-key", "--secret-key-stdin", "--timeout");

    /** Bad usage: what was wrong, suggestions for a typo, and where the help is. */
    static final class UsagePrinter implements CommandLine.IParameterExceptionHandler {
        @Override public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            CommandLine line = ex.getCommandLine();
            PrintWriter err = line.getErr();
            err.println("acs: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            if (ex instanceof CommandLine.UnmatchedArgumentException u && !line.getCommandSpec().optionsMap().containsKey("--endpoint")
                    && line.getCommandSpec().optionsMap().containsKey("--output")) {
                u.getUnmatched().stream().map(a -> a.split("=", 2)[0]).filter(CONNECTION::contains).findFirst().ifPresent(o -> err.println("acs: "
                        + line.getCommandSpec().qualifiedName() + " reads only the journal or the team's store (ACS_STORE) and sends nothing: it takes no " + o));
            }
            for (String a : args) {
                // a file named like an option (acs run -x.groovy) reads as one; the shell's way out is a path
                if (a.startsWith("-") && a.length() > 1 && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(a))) {
                    err.println("acs: '" + a + "' is also a file here: a name that starts with '-' reads as an option; write ./" + a + " for the file");
                }
            }
            err.println("Try '" + line.getCommandSpec().qualifiedName() + " --help' for usage.");
            return line.getExitCodeExceptionMapper().getExitCode(ex);
        }
    }

    /**
     * What a command threw, on stderr: the message of an AcsException, else the exception; stack traces with --verbose.
     * (A ParameterException a command throws never comes here: picocli hands it to the {@link UsagePrinter}.)
     */
    static final class ErrorPrinter implements CommandLine.IExecutionExceptionHandler {
        @Override public int handleExecutionException(Exception ex, CommandLine line, CommandLine.ParseResult parsed) {
            PrintWriter err = line.getErr();
            boolean verbose = RunSession.of(line).verbose();
            if (ex instanceof AcsException ae) {
                err.println("acs: error: " + ae.getMessage());
                if (verbose) ae.printStackTrace(err);
            } else {
                err.println("acs: unexpected error: " + ex);
                if (verbose) ex.printStackTrace(err);
                else err.println("(run again with --verbose for details)");
            }
            err.flush();
            return line.getExitCodeExceptionMapper().getExitCode(ex);
        }
    }

    /** {@code --version} for every command. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() {
            return new String[] {"acs " + AcsClient.VERSION, "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
