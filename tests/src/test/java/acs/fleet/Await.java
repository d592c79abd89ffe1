package acs.fleet;

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
}
