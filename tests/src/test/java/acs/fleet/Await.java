package acs.fleet;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

/** Polls a condition (up to 20 s) instead of sleeping a guessed time. */
final class Await {
    private Await() {}

    static void until(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 20 s");
            Thread.sleep(20);
        }
    }

    /**
     * Waits for {@code event}, failing at once when {@code run} (the report, a thread's end) completes
     * first: an event that can no longer come is a failure now, not a hang.
     */
    static void before(CompletableFuture<?> event, CompletableFuture<?> run, String what) throws InterruptedException {
        try {
            CompletableFuture.anyOf(event, run).get();
        } catch (ExecutionException e) {
            throw new AssertionError("the run failed before " + what, e.getCause());
        }
        if (!event.isDone()) throw new AssertionError("the run ended before " + what + ": " + run.join());
    }

    /** {@link #until} that fails at once when {@code run} completes before the condition holds. */
    static void until(BooleanSupplier condition, CompletableFuture<?> run, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (run.isDone()) throw new AssertionError("the run ended before " + what);
            if (System.nanoTime() > deadline) throw new AssertionError(what + ": not within 20 s");
            Thread.sleep(10);
        }
    }
}
