package acs.sim;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.Predicate;

/** Polls a condition until a deadline instead of sleeping a guessed time. */
public final class Await {
    private Await() {}

    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            pause();
        }
    }

    /** Polls {@code value} until {@code accept} holds; returns that value. */
    public static <T> T value(Duration timeout, String what, Supplier<T> value, Predicate<T> accept) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last;
        while (!accept.test(last = value.get())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what + "; last: " + last);
            }
            pause();
        }
        return last;
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
