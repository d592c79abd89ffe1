package acs.cli;

import acs.AcsException;
import acs.ApiCall;
import acs.Command;
import acs.Durations;
import acs.HistoryStart;
import acs.journal.PackageVersions;
import acs.InvalidInputException;
import acs.NodeStatus;
import acs.WaitOptions;
import acs.client.AcsClient;
import acs.fleet.FanOut;
import acs.fleet.FleetReport;
import acs.fleet.FleetResult;
import acs.fleet.NodeSelector;
import acs.journal.JournalEntry;
import acs.journal.Replay;
import acs.journal.RunRecord;
import acs.journal.Operator;
import acs.journal.RunClaim;
import acs.journal.Runs;
import acs.wire.Json;
import acs.wire.PreparedRequest;
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
import java.util.function.Supplier;

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
        if (PREVIOUS.equals(f.rollbackVersion)) engine = rollbackToPrevious(g, client, engine, nodes, null);
        Confirm.fleet(g, yes != null, Boolean.TRUE.equals(yes) || f.yes, m.dryRun(), verb, nodes);
        if (m.dryRun()) {
            List<Long> missing = missing(client, selector, nodes);
            g.err().println("acs: dry run: nothing was sent; " + nodes.size() + (nodes.size() == 1 ? " request would be:" : " requests would be:"));
            for (long id : nodes) {
                PreparedRequest p = client.prepare(operation.apply(id));
                g.out().print(p.describe());
            }
            g.out().flush();
            if (missing.isEmpty()) return 0;
            // As the real run would: those nodes' rows fail (code 1005), the others are done, exit 6.
            g.err().println("acs: dry run: " + missing.size() + " of " + Confirm.nodes(nodes.size()) + (missing.size() == 1 ? " does" : " do") + " not exist (read by GET /api/v1/node); the real run fails "
                    + (missing.size() == 1 ? "it" : "them") + " with code 1005: " + missing);
            return AcsException.EXIT_COMMAND_FAILED;
        }
        Duration waitForLease = f.waitForLease == null ? Duration.ZERO : Durations.parse("--wait-for-lease", f.waitForLease);
        Runs runs = Runs.of(client.lifecycle().journal());
        String endpoint = client.lifecycle().origin().endpoint();
        Operator me = Operator.current();
        RunRecord record = RunRecord.start(runs.newId(), RunRecord.FLEET, endpoint, client.config().profile(),
                spec(verb, operation, nodes, engine, f.rollbackVersion, waitTimeout), null, me, null);
        RunClaim claim = runs.start(record, endpoint, nodes, me, waitForLease); // nodes another run holds: refused, nothing sent
        return execute(g, client, engine, claim, operation, null);
    }

    /** The explicit ids the server does not know (one read of the node list); a filtered selection read them already. */
    private static List<Long> missing(AcsClient client, NodeSelector selector, List<Long> nodes) {
        if (selector.everyNode() || selector.filters()) return List.of();
        Set<Long> known = new HashSet<>();
        client.forEachNode(n -> known.add(n.id()));
        return nodes.stream().filter(id -> !known.contains(id)).toList();
    }

    /** What a fleet run needs to run again: the change of one node with {id} for the node, the nodes, the settings. */
    private static RunRecord.Fleet spec(String verb, LongFunction<ApiCall<Command>> operation, List<Long> nodes,
                                        FanOut engine, String rollbackVersion, Duration waitTimeout) {
        long first = nodes.get(0);
        ApiCall<Command> call = operation.apply(first);
        return new RunRecord.Fleet(call.operation().cliName(), verb, call.method(),
                acs.auth.Redaction.params(call.params()), nodes, engine.concurrency(), engine.batchSize(), engine.pause().toMillis(),
                engine.maxFailures(), rollbackVersion, waitTimeout.toMillis(), engine.maxRequestsInFlight());
    }

    /** The engine of a fleet run, from its options or from its record: one place, so a resumed run keeps its settings. */
    private static FanOut engine(AcsClient client, int concurrency, int batch, Duration pause, int maxFailures, Duration waitTimeout,
                                 String rollbackVersion, int connections) {
        FanOut engine = FanOut.of(client).withConcurrency(concurrency).withBatchSize(batch).withPause(pause).withMaxFailures(maxFailures)
                .withWaitTimeout(waitTimeout).withRequestBudget(connections, 0);
        if (rollbackVersion == null || PREVIOUS.equals(rollbackVersion)) return engine; // previous: per node, once they are known
        if (!rollbackVersion.trim().matches("[1-9][0-9]{0,9}")) {
            throw new InvalidInputException("--rollback-version", "'" + rollbackVersion + "' is not a package version: give 1, 2, 3, ... "
                    + "(in the order of a node's successful deploys) or 'previous' (each node's version before this run, from the journal)");
        }
        HistoryStart back = HistoryStart.of(rollbackVersion.trim());
        return engine.withRollback(id -> ApiCall.historyStart(id, back));
    }

    /** The word of --rollback-version that means each node's own version before the run. */
    public static final String PREVIOUS = "previous";

    /**
     * --rollback-version previous: each failed node goes back to the version it ran before this run,
     * as the journal (a team's store with ACS_STORE) knows it; a node whose version is not known
     * stops the run before anything is sent (exit 2). A resumed run leaves its own changes out.
     */
    private static FanOut rollbackToPrevious(GlobalOptions g, AcsClient client, FanOut engine, List<Long> nodes, String exceptRun) {
        String option = "--rollback-version " + PREVIOUS;
        PackageVersions known = PackageVersions.read(client.lifecycle().journal(), client.lifecycle().origin().endpoint(), nodes, exceptRun);
        Map<Long, HistoryStart> back = new java.util.HashMap<>();
        InvalidInputException first = null;
        int unknown = 0;
        for (long id : nodes) {
            try {
                back.put(id, HistoryStart.of(Integer.toString(known.current(id, option))));
            } catch (InvalidInputException e) {
                if (first == null) first = e;
                unknown++;
            }
        }
        if (first != null) {
            throw unknown == 1 ? first : new InvalidInputException(option, first.getMessage().substring(option.length() + 2)
                    + " (and " + (unknown - 1) + " more of the " + Confirm.nodes(nodes.size()) + "); nothing was sent");
        }
        int shown = 0;
        for (long id : nodes) {
            if (shown++ == 3) {
                g.err().println("acs: " + option + ": the other " + Confirm.nodes(nodes.size() - 3) + " likewise");
                break;
            }
            g.err().println("acs: " + option + ": " + known.currentSource(id));
        }
        return engine.withRollback(id -> ApiCall.historyStart(id, back.get(id)));
    }

    /** Runs an interrupted fleet run again: what its earlier attempts did is answered from the journal, the rest is done live. */
    public static int resume(GlobalOptions g, RunRecord run, boolean dryRun, Supplier<RunClaim> claim) {
        RunRecord.Fleet f = run.fleet();
        List<String> redacted = f.params().entrySet().stream().filter(e -> e.getValue().contains(PreparedRequest.REDACTED)).map(Map.Entry::getKey).toList();
        if (!redacted.isEmpty()) {
            throw new InvalidInputException("RUN", "run " + run.id() + " changed nodes with parameters that held secrets, which were not kept "
                    + redacted + "; nothing was sent: run the command again for the nodes 'acs journal --runs' shows as left");
        }
        acs.Operation op = acs.Operation.ofCliName(f.operation());
        if (!op.mutating()) throw new InvalidInputException("RUN", "run " + run.id() + " records an operation this version does not know ('" + f.operation() + "'); nothing was sent");
        LongFunction<ApiCall<Command>> operation = id -> op.call(id, f.params());
        AcsClient client = g.client();
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
                    case APPLIED -> g.out().println("node " + id + ": answered from the journal: found applied by hand (entry " + a.entry().id() + "), not sent again");
                    case NONE -> g.out().print("node " + id + ": would be sent:\n" + client.prepare(call).describe());
                }
            }
            g.out().flush();
            return 0;
        }
        FanOut engine = engine(client, f.concurrency(), f.batch(), Duration.ofMillis(f.pauseMillis()), f.maxFailures(),
                Duration.ofMillis(f.waitTimeoutMillis()), f.rollbackVersion(), f.connections() > 0 ? f.connections() : DEFAULT_CONNECTIONS)
                .withReplay(history); // the run's own settings, --connections too (a record without it: the default)
        if (PREVIOUS.equals(f.rollbackVersion())) engine = rollbackToPrevious(g, client, engine, f.nodes(), run.id());
        return execute(g, client, engine, claim.get(), operation, history);
    }

    private static int execute(GlobalOptions g, AcsClient base, FanOut settings, RunClaim claim,
                               LongFunction<ApiCall<Command>> operation, Replay history) {
        RunRecord run = claim.record();
        RunRecord.Fleet f = run.fleet();
        List<Long> nodes = f.nodes();
        String verb = f.verb();
        AcsClient client = base.withOrigin(base.lifecycle().origin().withFace(JournalEntry.Face.FLEET).withRun(claim));
        FanOut engine = settings.withClient(client).withReplay(history);
        ProgressBar bar = ProgressBar.wanted() ? new ProgressBar(g.err(), verb) : null;
        if (bar != null) engine = engine.withListener(bar::update);
        g.err().println("acs: run " + run.id() + " (resume with: acs resume " + run.id() + ")"
                + (history == null ? "" : "; attempt " + run.attempts() + ", " + history.size() + " change(s) of earlier attempts in the journal"));
        g.err().println("acs: " + verb + " " + Confirm.nodes(nodes.size()) + " (concurrency " + (engine.concurrency() >= nodes.size() ? "all" : engine.concurrency())
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
            g.err().println("acs: " + verb + " " + Confirm.nodes(nodes.size()) + ": " + report.describe());
            if (report.cancelled()) {
                g.err().println("acs: run " + run.id() + " interrupted; finish it with: acs resume " + run.id());
            } else {
                RunRecord.Summary s = summary(report);
                RunRecord ended = run.ended(s);
                claim.end(ended);
                if (RunRecord.INCOMPLETE.equals(ended.state())) {
                    g.err().println("acs: run " + run.id() + ": " + s.left() + " node(s) left without an end" + (s.unknown() > 0 ? ", " + s.unknown()
                            + " of unknown outcome (check, then 'acs journal --resolve ENTRY --applied|--not-applied')" : "")
                            + "; finish it with: acs resume " + run.id());
                }
            }
            g.err().flush();
            return report.exitCode();
        } finally {
            claim.close();
            printed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for the latch counted down above
            }
        }
    }

    /** Where the run stands after this attempt: a node with no end (skipped, cancelled, in flight, timed out) is left for a resume. */
    static RunRecord.Summary summary(FleetReport<Long, Void> report) {
        int done = 0, failed = 0, unknown = 0, left = 0;
        for (FleetResult<Long, Void> r : report.results()) {
            switch (r.outcome()) {
                case SUCCEEDED -> done++;
                case FAILED -> failed++;
                case UNKNOWN -> unknown++;
                default -> left++;
            }
        }
        return new RunRecord.Summary(report.results().size(), done, failed, unknown, left);
    }

    /**
     * The report as JSON rows: node, commandId, status, result, seconds, outcome, batch, polls,
     * rollbackCommandId, error (with what became of the rollback, as always), earlierAttempt; then
     * the typed fields the table reads: reason and reasonDetail, rollback and rollbackDetail.
     */
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
            o.put("error", r.errorWithRollback());
            o.put("earlierAttempt", r.earlierAttempt());
            o.put("reason", r.reason().kind().name());
            o.put("reasonDetail", r.reason().detail());
            o.put("rollback", r.rollback().state().name());
            o.put("rollbackDetail", r.rollback().detail());
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
