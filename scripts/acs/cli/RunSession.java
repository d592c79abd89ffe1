package acs.cli;

import acs.AcsException;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import picocli.CommandLine;

/**
 * One run of a command line, as picocli's execution strategy: runs the last command given (as
 * picocli does by default), then closes what the command opened (the client, whose selector thread
 * would otherwise hold the JVM's exit for 0.3 s). Closed after the command returns, not in a shutdown
 * hook: on Ctrl-C a fleet run's hook still needs the client to report what is in flight. Also holds
 * what the error handler needs to know of the run: whether --verbose was given.
 */
public final class RunSession implements CommandLine.IExecutionStrategy {
    private final Deque<AutoCloseable> opened = new ConcurrentLinkedDeque<>();
    private volatile boolean verbose;

    @Override public int execute(CommandLine.ParseResult parseResult) {
        try {
            return new CommandLine.RunLast().execute(parseResult);
        } catch (OutOfMemoryError e) {
            // picocli's handlers see Exceptions only; a too-large answer deserves the same clear message
            List<CommandLine> ran = parseResult.asCommandLineList();
            throw new CommandLine.ExecutionException(ran.get(ran.size() - 1), "out of memory", AcsException.heapTooSmall("acs", e));
        } finally {
            AutoCloseable c;
            while ((c = opened.poll()) != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // the answer is printed; a failed clean-up must not change the exit code
                }
            }
        }
    }

    /** The session of the run this command line belongs to (every command line {@link Cli#configure} set up). */
    static RunSession of(CommandLine line) {
        if (line.getExecutionStrategy() instanceof RunSession s) return s;
        throw new IllegalStateException("command line not set up by Cli.configure: " + line.getCommandName());
    }

    /** Closes this when the running command has returned. */
    <T extends AutoCloseable> T closeAfterRun(T c) {
        opened.push(c);
        return c;
    }

    void verbose(boolean on) {
        verbose = on;
    }

    boolean verbose() {
        return verbose;
    }
}
