package acs.cli;

import acs.AcsClient;
import acs.AcsException;
import acs.ApiCall;
import acs.Command;
import acs.HistoryStart;
import acs.InvalidInputException;
import acs.NodeStatus;
import acs.WaitOptions;
import acs.fleet.FanOut;
import acs.fleet.FleetReport;
import acs.fleet.FleetResult;
import acs.fleet.NodeSelector;
import acs.internal.Durations;
import acs.internal.Json;
import acs.internal.PreparedRequest;
import acs.journal.Replay;
import acs.journal.RunRecord;
import acs.journal.Runs;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * Runs a node command over many nodes ({@link NodeCommand} decides when: selectors, batches,
 * failure limit, rollback) with the {@link FanOut} engine: one row per node on stdout, a summary
 * line on stderr, a progress bar on a terminal. Several nodes are always waited for: batches and
 * the exit code depend on how each command ended.
 */
public final class FleetRunner {
    /** One row per node (json keeps these field names). */
    public static final Table TABLE = Table.FLEET;
    /** Requests at once by default (docs/PERFORMANCE.md, "Fleet engine profile"). */
    public static final int DEFAULT_CONNECTIONS = 128;

    private FleetRunner() {}

    /**
     * @param verb    e.g. "deploy to", for messages ("deploy to 3 nodes")
     * @param yes     null when the command needs no confirmation, else the --yes flag
     */
    public static int run(GlobalOptions g, MutationOptions m, FleetOptions f, String verb, Boolean yes,
                          LongFunction<ApiCall<Command>> operation) {
        List<Long> ids = f.nodeIds;
        if (f.pause != null && f.batch == null) throw new InvalidInputException("--pause", "only makes sense with --batch");
        Duration pause = f.pause == null ? Duration.ZERO : Durations.parse("--pause", f.pause);
        Duration waitTimeout = m.waitTimeout == null ? WaitOptions.DEFAULT.timeout() : Durations.parse("--wait-timeout", m.waitTimeout);
        if (waitTimeout.isZero() || waitTimeout.isNegative()) throw new InvalidInputException("--wait-timeout", m.waitTimeout + " must be positive, e.g. 10m");
        NodeSelector selector = (f.all ? NodeSelector.all() : NodeSelector.ids(ids))
                .withService(f.service).withStatus(f.status == null ? null : NodeStatus.parse(f.status)).withName(f.name);
        if (f.all && !ids.isEmpty()) selector = new NodeSelector(ids, true, selector.serviceId(), selector.status(), selector.name());
        if (selector.empty()) throw new InvalidInputException("NODE_ID", "give one or more node ids, or --all, --service, --status, --name");
        if (f.batch != null && f.batch < 1) throw new InvalidInputException("--batch", f.batch + " must be at least 1");
        AcsClient client = g.client();
        int maxFailures = f.maxFailures != null ? f.maxFailures : f.batch != null ? 0 : Integer.MAX_VALUE;
        if (f.connections != null && f.connections < 1) throw new InvalidInputException("--connections", f.connections + " must be at least 1");
        int connections = f.connections == null ? DEFAULT_CONNECTIONS : f.connections;
        FanOut engine = engine(client, f.concurrency == null ? Integer.MAX_VALUE : f.concurrency, f.batch == null ? 0 : f.batch, pause, maxFailures,
                waitTimeout, f.rollbackVersion, connections); // bad settings fail here, before anything is sent
        List<Long> nodes = selector.select(client);
        if (nodes.isEmpty()) {
            throw new InvalidInputException("selection", "no node matches " + describe(selector) + "; nothing was sent");
        }
        operation.apply(nodes.get(0)); // bad input (e.g. --method) fails here, before anything is sent
        Confirm.fleet(g, yes != null, Boolean.TRUE.equals(yes) || f.yes, m.dryRun(), verb, nodes);
        if (m.dryRun()) {
            List<Long> missing = missing(client, selector, nodes);
            g.err().println("acs: dry run: nothing was sent; " + nodes.size() + " requests would be:");
            for (long id : nodes) {
                PreparedRequest p = client.prepare(operation.apply(id));
                g.out().print(p.describe());
            }
            g.out().flush();
            if (missing.isEmpty()) return 0;
            // As the real run would: those nodes' rows fail (code 1005), the others are done, exit 6.
            g.err().println("acs: dry run: " + missing.size() + " of " + nodes.size() + " nodes do not exist (read by GET /api/v1/node); the real run fails "
                    + (missing.size() == 1 ? "it" : "them") + " with code 1005: " + missing);
            return AcsException.EXIT_COMMAND_FAILED;
        }
        Runs runs = Runs.of(client.lifecycle().journal());
        RunRecord run = runs.save(new RunRecord(runs.newId(), RunRecord.FLEET, Instant.now().toString(), client.lifecycle().origin().endpoint(),
                client.config().profile(), ProcessHandle.current().pid(), RunRecord.RUNNING, 1, null,
                spec(g, verb, operation, nodes, engine, f.rollbackVersion, waitTimeout), null));
        return execute(g, client, engine, run, runs, operation, null);
    }

    /** The explicit ids the server does not know (one read of the node list); a filtered selection read them already. */
    private static List<Long> missing(AcsClient client, NodeSelector selector, List<Long> nodes) {
        if (selector.everyNode() || selector.filters()) return List.of();
        Set<Long> known = new HashSet<>();
        client.forEachNode(n -> known.add(n.id()));
        return nodes.stream().filter(id -> !known.contains(id)).toList();
    }

    /** What a fleet run needs to run again: the change of one node with {id} for the node, the nodes, the settings. */
    private static RunRecord.Fleet spec(GlobalOptions g, String verb, LongFunction<ApiCall<Command>> operation, List<Long> nodes,
                                        FanOut engine, String rollbackVersion, Duration waitTimeout) {
        long first = nodes.get(0);
        ApiCall<Command> call = operation.apply(first);
        String template = call.path().replace("/" + first, "/{id}");
        return new RunRecord.Fleet(g.spec == null ? call.operationName() : g.spec.name(), verb, call.method(), template,
                acs.internal.Redaction.params(call.params()), nodes, engine.concurrency(), engine.batchSize(), engine.pause().toMillis(),
                engine.maxFailures(), rollbackVersion, waitTimeout.toMillis());
    }

    /** The engine of a fleet run, from its options or from its record: one place, so a resumed run keeps its settings. */
    private static FanOut engine(AcsClient client, int concurrency, int batch, Duration pause, int maxFailures, Duration waitTimeout,
                                 String rollbackVersion, int connections) {
        FanOut engine = FanOut.of(client).withConcurrency(concurrency).withBatchSize(batch).withPause(pause).withMaxFailures(maxFailures)
                .withWaitTimeout(waitTimeout).withRequestBudget(connections, 0);
        if (rollbackVersion == null) return engine;
        HistoryStart back = HistoryStart.of(rollbackVersion);
        return engine.withRollback(id -> ApiCall.historyStart(id, back));
    }

    /** Runs an interrupted fleet run again: what its earlier attempts did is answered from the journal, the rest is done live. */
    public static int resume(GlobalOptions g, RunRecord run, boolean dryRun) {
        RunRecord.Fleet f = run.fleet();
        List<String> redacted = f.params().entrySet().stream().filter(e -> e.getValue().contains(PreparedRequest.REDACTED)).map(Map.Entry::getKey).toList();
        if (!redacted.isEmpty()) {
            throw new InvalidInputException("RUN", "run " + run.id() + " changed nodes with parameters that held secrets, which were not kept "
                    + redacted + "; nothing was sent: run the command again for the nodes 'acs journal --runs' shows as left");
        }
        JavaType commandType = Json.MAPPER.constructType(Command.class);
        LongFunction<ApiCall<Command>> operation = id -> new ApiCall<>(f.method(), f.pathTemplate().replace("{id}", Long.toString(id)), f.params(), commandType);
        AcsClient client = g.client();
        Runs runs = Runs.of(client.lifecycle().journal());
        Replay history = Replay.of(client.lifecycle().journal(), run.id());
        if (dryRun) {
            g.err().println("acs: dry run of resuming run " + run.id() + " (" + run.what() + "): nothing is sent");
            for (long id : f.nodes()) {
                ApiCall<Command> call = operation.apply(id);
                Replay.Answer a = history.next(call);
                switch (a.prior()) {
                    case COMMAND -> g.out().println("node " + id + ": answered from the journal: command " + a.entry().commandId()
                            + " (" + a.entry().state().wire() + "), followed, not sent again");
                    case UNKNOWN -> g.out().println("node " + id + ": outcome unknown (entry " + a.entry().id() + "), not sent again: " + a.entry().whatToCheck());
                    case NONE -> g.out().print("node " + id + ": would be sent:\n" + client.prepare(call).describe());
                }
            }
            g.out().flush();
            return 0;
        }
        FanOut engine = engine(client, f.concurrency(), f.batch(), Duration.ofMillis(f.pauseMillis()), f.maxFailures(),
                Duration.ofMillis(f.waitTimeoutMillis()), f.rollbackVersion(), DEFAULT_CONNECTIONS).withReplay(history);
        return execute(g, client, engine, runs.save(run.attempt(ProcessHandle.current().pid())), runs, operation, history);
    }

    private static int execute(GlobalOptions g, AcsClient base, FanOut settings, RunRecord run, Runs runs,
                               LongFunction<ApiCall<Command>> operation, Replay history) {
        RunRecord.Fleet f = run.fleet();
        List<Long> nodes = f.nodes();
        String verb = f.verb();
        AcsClient client = base.withOrigin(base.lifecycle().origin().withFace("fleet").withRun(run.id()));
        FanOut engine = settings.withClient(client).withReplay(history);
        ProgressBar bar = ProgressBar.wanted() ? new ProgressBar(g.err(), verb) : null;
        if (bar != null) engine = engine.withListener(bar::update);
        g.err().println("acs: run " + run.id() + " (resume with: acs resume " + run.id() + ")"
                + (history == null ? "" : "; attempt " + run.attempts() + ", " + history.size() + " change(s) of earlier attempts in the journal"));
        g.err().println("acs: " + verb + " " + nodes.size() + " nodes (concurrency " + (engine.concurrency() >= nodes.size() ? "all" : engine.concurrency())
                + ", " + engine.maxRequestsInFlight() + " connections"
                + (engine.batchSize() > 0 ? ", batches of " + engine.batchSize() : "") + ")");
        FanOut.Execution exec = engine.start(nodes, operation);
        CountDownLatch printed = new CountDownLatch(1);
        // Ctrl-C: stop issuing work, report what is in flight, then let the JVM go.
        Thread hook = new Thread(() -> {
            exec.cancel();
            try {
                printed.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "acs-fleet-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            FleetReport<Long, Void> report = exec.await();
            if (bar != null) bar.close();
            g.print(rows(report), TABLE);
            g.err().println("acs: " + verb + " " + nodes.size() + " nodes: " + report.describe());
            if (report.cancelled()) {
                g.err().println("acs: run " + run.id() + " interrupted; finish it with: acs resume " + run.id());
            } else {
                runs.save(run.finished());
            }
            g.err().flush();
            return report.exitCode();
        } finally {
            printed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for the latch counted down above
            }
        }
    }

    /** The report as JSON rows: node, commandId, status, result, seconds, outcome, batch, polls, rollbackCommandId, error. */
    public static ArrayNode rows(FleetReport<Long, Void> report) {
        ArrayNode rows = Json.MAPPER.createArrayNode();
        for (FleetResult<Long, Void> r : report.results()) {
            ObjectNode o = rows.addObject();
            o.put("node", r.item());
            o.put("commandId", r.commandId());
            o.put("status", r.status() == null ? "" : r.status().name());
            o.put("result", r.result());
            o.put("seconds", r.seconds());
            o.put("outcome", r.outcome().name());
            o.put("batch", r.batch());
            o.put("polls", r.polls());
            o.put("rollbackCommandId", r.rollbackCommandId());
            o.put("error", r.error());
            o.put("earlierAttempt", r.earlierAttempt());
        }
        return rows;
    }

    private static String describe(NodeSelector s) {
        StringBuilder sb = new StringBuilder();
        if (!s.ids().isEmpty()) sb.append("ids ").append(s.ids());
        if (s.serviceId() != null) sb.append(sb.isEmpty() ? "" : ", ").append("--service ").append(s.serviceId());
        if (s.status() != null) sb.append(sb.isEmpty() ? "" : ", ").append("--status ").append(s.status());
        if (s.name() != null) sb.append(sb.isEmpty() ? "" : ", ").append("--name ").append(s.name().pattern());
        return sb.isEmpty() ? "--all" : sb.toString();
    }

}
