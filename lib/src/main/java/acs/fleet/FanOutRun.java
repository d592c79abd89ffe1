package acs.fleet;

import acs.ApiCall;
import acs.Backoff;
import acs.Command;
import acs.TransportException;
import acs.lifecycle.CommandLifecycle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongFunction;

/**
 * One run of a {@link FanOut}: a {@link NodeJob} per node as the work of a {@link BatchRun}, which
 * decides what starts when, and the report and events of the run. Every field is touched on the loop thread only.
 */
final class FanOutRun implements FanOut.Execution, BatchRun.Work<FleetResult<Long, Void>, FleetReport<Long, Void>> {
    static final TransportException NOT_SENT = new TransportException("the run ended before it was sent", false, null);

    final FanOut settings;
    final LongFunction<ApiCall<Command>> operation;
    final BatchRun<FleetResult<Long, Void>, FleetReport<Long, Void>> engine;
    final CommandLifecycle lifecycle;
    final Backoff backoff;
    final RequestBudget budget;
    final NodePolls polls;
    /** Sending lines being made durable: the report waits for them, so a change that never left is journaled as such. */
    final Gates gates = new Gates();
    private final List<Long> nodes;
    private final List<NodeJob> jobs;
    private final Tally<Long> tally;

    FanOutRun(FanOut settings, List<Long> nodes, LongFunction<ApiCall<Command>> operation) {
        this.settings = settings;
        this.nodes = nodes;
        this.operation = operation;
        this.lifecycle = settings.client().lifecycle();
        this.backoff = new Backoff(settings.minDelay(), settings.maxDelay());
        this.tally = new Tally<>(settings.listener(), nodes.size());
        this.engine = new BatchRun<>("acs-fanout", nodes.size(), settings.batchSize(), settings.concurrency(), settings.maxFailures(),
                settings.pause(), null, this);
        this.jobs = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) jobs.add(new NodeJob(this, nodes.get(i), i, engine.batchOf(i)));
        this.budget = new RequestBudget(settings.client(), settings.maxRequestsInFlight(), settings.requestsPerSecond(), new RequestBudget.Loop() {
            @Override public void execute(Runnable r) { engine.execute(r); }
            @Override public void executeOr(Runnable r, Runnable orElse) { engine.executeOr(r, orElse); }
            @Override public void schedule(Runnable r, Duration d) { engine.schedule(r, d); }
            @Override public boolean done() { return engine.done(); }
        });
        this.polls = new NodePolls(this);
    }

    void begin() {
        engine.begin();
    }

    @Override public void cancel() {
        engine.cancel();
    }

    /** The report, once the journal holds every line of the run. */
    @Override public CompletableFuture<FleetReport<Long, Void>> report() {
        return engine.report().thenCompose(r -> gates.idle().thenApply(v -> r)).thenCompose(r -> lifecycle.flush().handle((v, x) -> {
            if (x != null) lifecycle.notices().accept("acs: warning: the journal could not record every line of this run: " + x.getMessage());
            return r;
        }));
    }

    @Override public FleetReport<Long, Void> await() {
        try {
            return report().get();
        } catch (InterruptedException e) {
            cancel();
            FleetReport<Long, Void> r = report().join();
            Thread.currentThread().interrupt();
            return r;
        } catch (ExecutionException e) {
            throw new IllegalStateException("fan-out engine failed", e.getCause());
        }
    }

    /** Counts the sending lines on their way to disk; {@link #idle} completes when none is. */
    static final class Gates {
        private int opening;
        private CompletableFuture<Void> idle;

        synchronized void opening() {
            opening++;
        }

        void opened() {
            CompletableFuture<Void> f;
            synchronized (this) {
                if (--opening > 0 || idle == null) return;
                f = idle;
            }
            f.complete(null);
        }

        synchronized CompletableFuture<Void> idle() {
            if (opening == 0) return CompletableFuture.completedFuture(null);
            if (idle == null) idle = new CompletableFuture<>();
            return idle;
        }
    }

    // ---- the engine's course ----

    @Override public void start(int index) {
        jobs.get(index).start();
    }

    @Override public void batchStarted(int batch, int from, int to) {
        emit(FleetEvent.Kind.BATCH_STARTED, nodes.subList(from, to), null);
    }

    @Override public void pausing(int batch) {
        tally.emit(FleetEvent.Kind.PAUSE, engine, List.of(), null, settings.pause(), budget.sent());
    }

    @Override public void stopped(int batch, int from) {
        emit(FleetEvent.Kind.STOPPED, nodes.subList(from, nodes.size()), null);
    }

    @Override public void ended(int index, FleetResult<Long, Void> result) {
        tally.ended(result);
        emit(result.succeeded() ? FleetEvent.Kind.ITEM_SUCCEEDED : FleetEvent.Kind.ITEM_FAILED, List.of(result.item()), result);
    }

    /** A node's command was accepted. */
    void accepted(NodeJob job) {
        emit(FleetEvent.Kind.ITEM_STARTED, List.of(job.node), null);
    }

    @Override public FleetReport<Long, Void> finished(List<FleetResult<Long, Void>> results, boolean cancelled) {
        long now = System.nanoTime();
        List<FleetResult<Long, Void>> out = new ArrayList<>(results);
        for (NodeJob j : jobs) {
            if (out.get(j.index) == null) out.set(j.index, j.unended(cancelled, now)); // never started, or still going when cancelled
        }
        FleetReport<Long, Void> r = new FleetReport<>(out, settings.maxFailures(), cancelled,
                new FleetReport.Traffic(budget.sent(), polls.count(), Duration.ofNanos(tally.nanos())));
        emit(FleetEvent.Kind.FINISHED, List.of(), null);
        return r;
    }

    private void emit(FleetEvent.Kind kind, List<Long> items, FleetResult<Long, Void> finished) {
        tally.emit(kind, engine, items, finished, null, budget.sent());
    }
}
