package acs.fleet;

import acs.AcsException;
import acs.ApiCall;
import acs.Command;
import acs.TransportException;
import acs.client.AcsClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The fleet engine's global request budget, shared by starts, polls and rollbacks: at most
 * {@code maxInFlight} HTTP requests at once (so at most that many pooled keep-alive connections)
 * and, when {@code perSecond} is set, at most that many a second (a token bucket); requests wait
 * in order. Touched on the engine's loop thread only.
 *
 * <p><b>Window.</b> The requests allowed at once start at {@link #FIRST_WINDOW} and grow by one
 * per answer (doubling each round trip) up to {@code maxInFlight}; a request that failed on the
 * way halves it. So a server that answers slower than expected, or drops connections, slows the
 * run down instead of having requests piled onto it; and a change whose line is durable waits for
 * no connection set-up but its own, so a run killed at its first request leaves one change
 * unknown, not a window of them.
 *
 * <p><b>Gate.</b> A request may carry a gate, run when it gets its slot: the request leaves
 * when the gate's stage completes (a change's {@code sending} line is durable) and never when it
 * fails. So a change's line is written when its request is about to leave, not while it queues.
 */
final class RequestBudget {
    /** Requests allowed at once before any answer came: one, whose connection is then there for the next ones. */
    static final int FIRST_WINDOW = 1;

    /** The engine's loop, as the budget needs it. */
    interface Loop {
        void execute(Runnable r);

        /** Runs {@code r} on the loop, or {@code orElse} (on any thread) when the run is over. */
        void executeOr(Runnable r, Runnable orElse);

        void schedule(Runnable r, Duration d);

        boolean done();
    }

    /** What happens when a request gets its slot, before it leaves. */
    interface Gate {
        /** Completes when the request may leave; failing, it never leaves. */
        CompletionStage<?> open();

        /** The run ended between the gate's opening and the request leaving: it never left. */
        void notSent();

        /** It is about to be handed to the socket. */
        default void leaving() { }
    }

    private record Request(ApiCall<Command> call, Gate gate, BiConsumer<Command, AcsException> then) {}

    private final AcsClient client;
    private final int maxInFlight;
    private final int perSecond;
    private final Loop loop;
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    private int window;
    private int inFlight;
    private long sent;
    private boolean pumpScheduled;
    private double tokens;
    private long refilled = System.nanoTime();

    RequestBudget(AcsClient client, int maxInFlight, int perSecond, Loop loop) {
        this.client = client;
        this.maxInFlight = maxInFlight;
        this.window = Math.min(FIRST_WINDOW, maxInFlight);
        this.perSecond = perSecond;
        this.loop = loop;
        this.tokens = perSecond;
    }

    /** Requests sent so far. */
    long sent() {
        return sent;
    }

    /** Queues a request; {@code gate} (null: none) runs when it gets its slot, {@code then} on the loop with its answer or failure. */
    void send(ApiCall<Command> call, Gate gate, BiConsumer<Command, AcsException> then) {
        queue.add(new Request(call, gate, then));
        pump();
    }

    private void pump() {
        while (!queue.isEmpty() && inFlight < window && !loop.done()) {
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
            inFlight++;
            if (r.gate() == null) {
                leave(r);
                continue;
            }
            CompletionStage<?> open;
            try {
                open = r.gate().open();
            } catch (RuntimeException e) {
                open = CompletableFuture.failedFuture(e);
            }
            open.whenComplete((v, x) -> loop.executeOr(() -> {
                if (x == null) {
                    leave(r);
                    return;
                }
                answered(r, null, x);
            }, () -> r.gate().notSent()));
        }
    }

    private void leave(Request r) {
        if (r.gate() != null) r.gate().leaving();
        sent++;
        CompletableFuture<Command> f;
        try {
            f = client.callAsync(r.call());
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((c, e) -> loop.execute(() -> answered(r, c, e)));
    }

    private void answered(Request r, Command c, Throwable e) {
        inFlight--;
        AcsException x = e == null ? null : FanOut.asAcs(e);
        if (x instanceof TransportException) window = Math.max(1, window / 2);
        else if (window < maxInFlight) window++;
        r.then().accept(c, x);
        pump();
    }
}
