package acs.fleet;

import acs.AcsClient;
import acs.AcsException;
import acs.ApiCall;
import acs.Command;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * The fleet engine's global request budget, shared by starts, polls and rollbacks: at most
 * {@code maxInFlight} HTTP requests at once and, when {@code perSecond} is set, at most that many
 * a second (a token bucket); requests wait in order. Touched on the engine's loop thread only.
 */
final class RequestBudget {
    /** The engine's loop, as the budget needs it. */
    interface Loop {
        void execute(Runnable r);

        void schedule(Runnable r, Duration d);

        boolean done();
    }

    private record Request(ApiCall<Command> call, Runnable leaving, BiConsumer<Command, AcsException> then) {}

    private final AcsClient client;
    private final int maxInFlight;
    private final int perSecond;
    private final Loop loop;
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    private int inFlight;
    private long sent;
    private boolean pumpScheduled;
    private double tokens;
    private long refilled = System.nanoTime();

    RequestBudget(AcsClient client, int maxInFlight, int perSecond, Loop loop) {
        this.client = client;
        this.maxInFlight = maxInFlight;
        this.perSecond = perSecond;
        this.loop = loop;
        this.tokens = perSecond;
    }

    /** Requests sent so far. */
    long sent() {
        return sent;
    }

    /** Queues a request; {@code leaving} runs when it leaves, {@code then} on the loop with its answer or failure. */
    void send(ApiCall<Command> call, Runnable leaving, BiConsumer<Command, AcsException> then) {
        queue.add(new Request(call, leaving, then));
        pump();
    }

    private void pump() {
        while (!queue.isEmpty() && inFlight < maxInFlight && !loop.done()) {
            if (perSecond > 0) {
                long now = System.nanoTime();
                tokens = Math.min(perSecond, tokens + (now - refilled) / 1e9 * perSecond);
                refilled = now;
                if (tokens < 1) {
                    if (!pumpScheduled) {
                        pumpScheduled = true;
                        loop.schedule(() -> { pumpScheduled = false; pump(); }, Duration.ofNanos((long) ((1 - tokens) / perSecond * 1e9) + 1));
                    }
                    return;
                }
                tokens -= 1;
            }
            Request r = queue.poll();
            if (r.leaving() != null) r.leaving().run();
            inFlight++;
            sent++;
            CompletableFuture<Command> f;
            try {
                f = client.callAsync(r.call());
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((c, e) -> loop.execute(() -> {
                inFlight--;
                r.then().accept(c, e == null ? null : FanOut.asAcs(e));
                pump();
            }));
        }
    }
}
