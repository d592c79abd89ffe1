package acs.lifecycle;

import acs.AcsException;
import acs.Activity;
import acs.Command;
import acs.CommandFailedException;
import acs.CommandStatus;
import acs.Progress;
import acs.WaitOptions;
import acs.WaitTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Polls a command until it ends (AWS SDK v2 waiter model). Success: DONE with result "200".
 * Failure, at once: PUBLISH_FAILED, or DONE with any other result ({@link CommandFailedException}).
 * Out of time: {@link WaitTimeoutException}, a different outcome from failure. Transient poll
 * errors (network, 5xx, 1001/1009, a garbled body) are ridden through until the deadline.
 */
public final class Waiter {
    /** Sleeps; a seam for tests, which replace time rather than wait for it. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final WaitOptions options;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    public Waiter(WaitOptions options) {
        // nanoseconds, rounded up by the JDK: a wait cut to the few µs left before the deadline must not become sleep(0) and a burst of polls
        this(options, System::nanoTime, d -> java.util.concurrent.TimeUnit.NANOSECONDS.sleep(d.toNanos()), RandomGenerator.getDefault());
    }

    public Waiter(WaitOptions options, LongSupplier nanoTime, Sleeper sleeper, RandomGenerator random) {
        this.options = options;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.random = random;
    }

    /** The delay before poll {@code n+1} ({@link acs.Backoff}). */
    public Duration delay(int n) {
        return options.backoff().delay(n, random);
    }

    public Command await(String commandId, Supplier<Command> poll) {
        long deadline = nanoTime.getAsLong() + options.timeout().toNanos();
        Tracker tracker = new Tracker();
        Command last = null;
        for (int n = 0; ; n++) {
            AcsException failure = null;
            try {
                last = poll.get();
                tracker.report(last, options);
            } catch (AcsException e) {
                failure = e;
            }
            switch (PollRule.judge(last, failure)) {
                case SUCCEEDED -> { return last; }
                case FAILED -> throw new CommandFailedException(last);
                case ERROR -> throw failure;
                case RETRY -> { }
            }
            long left = deadline - nanoTime.getAsLong();
            if (left <= 0) throw new WaitTimeoutException(commandId, options.timeout(), last);
            Duration d = delay(n);
            if (d.toNanos() > left) d = Duration.ofNanos(left);
            try {
                sleeper.sleep(d);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AcsException("interrupted while waiting for command " + commandId);
            }
        }
    }

    /** Remembers what was reported, so each status, activity and step is reported once. */
    private static final class Tracker {
        private CommandStatus status;
        private final Map<Integer, Integer> stepsSeen = new HashMap<>();

        void report(Command c, WaitOptions o) {
            // A terminal status is reported after the activities that led to it.
            boolean terminal = c.status().isTerminal();
            if (!terminal) reportStatus(c, o);
            for (int i = 0; i < c.activities().size(); i++) {
                Activity a = c.activities().get(i);
                Integer seen = stepsSeen.get(i);
                if (seen == null) {
                    o.listener().accept(new Progress(c, a, null));
                    seen = 0;
                }
                for (int s = seen; s < a.steps().size(); s++) o.listener().accept(new Progress(c, a, a.steps().get(s)));
                stepsSeen.put(i, a.steps().size());
            }
            if (terminal) reportStatus(c, o);
        }

        private void reportStatus(Command c, WaitOptions o) {
            if (c.status() != status) {
                status = c.status();
                o.listener().accept(new Progress(c, null, null));
            }
        }
    }
}
