package acs.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import acs.ApiCall;
import acs.DeployMethod;
import acs.Node;
import acs.HistoryStart;
import acs.NodeStatus;
import acs.client.AcsClient;
import acs.journal.Journal;
import acs.journal.JournalEntry;
import acs.lifecycle.RetryPolicy;
import acs.sim.AccessLogEntry;
import acs.sim.CommandFault;
import acs.sim.NetworkFault;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fan-out at its edges, each checked against the simulator or the journal: a start that never
 * left (retried as the policy says, journaled as never sent), a cancel that finds one request on the
 * wire and one still queued, the poll backoff growing, and node selection over the node list.
 */
class FanOutEdgesTest extends SimulatedFleet {
    @TempDir Path dir;

    Journal journal() {
        return Journal.at(dir.resolve("journal.jsonl"));
    }

    static Map<Long, JournalEntry> lastLineByNode(Journal j) {
        return j.entries().stream().collect(Collectors.toMap(JournalEntry::node, Function.identity(), (a, b) -> b));
    }

    @Test
    void aStartRefusedAtTheDoorIsTriedAsOftenAsThePolicySaysThenReportedAsNeverSent() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } // closed: connections to it are refused, so the request provably never left
        Journal journal = journal();
        try (AcsClient closed = AcsClient.create("http://127.0.0.1:" + port, "ak", "sk")) {
            AcsClient c = closed.withRetry(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1)))
                    .withJournal(journal, Journal.Origin.of(closed.config(), JournalEntry.Face.FLEET));
            FleetReport<Long, Void> r = FanOut.of(c).run(List.of(FIRST), SimulatedFleet::deploy);

            FleetResult<Long, Void> x = r.results().get(0);
            assertThat(x.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(x.error()).contains("connection refused");
            assertThat(x.commandId()).isEmpty();
            assertThat(r.requests()).as("the policy's 3 attempts, no more").isEqualTo(3);
            assertThat(r.exitCode()).isEqualTo(6);
            JournalEntry line = lastLineByNode(journal).get(FIRST);
            assertThat(line.state()).isEqualTo(JournalEntry.State.REJECTED);
            assertThat(line.detail()).startsWith("never sent");
            assertThat(journal.pending()).as("nothing to check on the server").isEmpty();
        }
    }

    @Test
    void aLostAnswerWithoutAJournalSaysWhatToCheckIsNeverRepeatedAndCountsAsAFailure() {
        sim.faults().networkOnNode(FIRST, 1.0, NetworkFault.LOST_RESPONSE);
        FleetReport<Long, Void> r = FanOut.of(client).withPollDelays(Duration.ofMillis(20), Duration.ofMillis(60)).withConcurrency(1)
                .withMaxFailures(0).run(nodes(3), SimulatedFleet::deploy);
        assertThat(r.results()).extracting(FleetResult::outcome).containsExactly(Outcome.UNKNOWN, Outcome.SKIPPED, Outcome.SKIPPED);
        assertThat(r.results().get(0).error()).contains("may or may not have been applied").contains("node-get " + FIRST);
        assertThat(sim.state().commandIds(FIRST)).as("applied once, never repeated").hasSize(1);
        assertThat(posts()).as("one failure too many: nothing more started").hasSize(1);
        assertThat(r.exitCode()).as("an unknown outcome outranks the skips: it needs checking by hand").isEqualTo(5);
    }

    @Test
    void aResumedRunFollowsTheCommandsOfItsEarlierAttemptAndSendsOnlyWhatNeverHappened() {
        Journal journal = journal();
        AcsClient c = client.withJournal(journal, Journal.Origin.of(client.config(), JournalEntry.Face.FLEET).withRun("r-1"));
        FanOut engine = FanOut.of(c).withPollDelays(Duration.ofMillis(20), Duration.ofMillis(60));
        sim.faults().networkOnNode(FIRST + 1, 1.0, NetworkFault.LOST_RESPONSE);
        FleetReport<Long, Void> first = engine.run(nodes(2), SimulatedFleet::deploy); // then the process died, say
        assertThat(first.results()).extracting(FleetResult::outcome).containsExactly(Outcome.SUCCEEDED, Outcome.UNKNOWN);
        assertThat(first.results().get(1).reason().kind()).isEqualTo(FleetResult.Reason.Kind.ANSWER_LOST);
        sim.faults().clear();
        sim.clearAccessLog();

        FleetReport<Long, Void> r = engine.withReplay(acs.journal.Replay.of(journal, "r-1")).run(nodes(3), SimulatedFleet::deploy);
        assertThat(r.results()).extracting(FleetResult::outcome).containsExactly(Outcome.SUCCEEDED, Outcome.UNKNOWN, Outcome.SUCCEEDED);
        assertThat(posts()).extracting(AccessLogEntry::path).as("only the node never tried is sent")
                .containsExactly("/api/v1/node/" + (FIRST + 2) + "/uploadStart");
        FleetResult<Long, Void> followed = r.results().get(0);
        assertThat(followed.commandId()).isEqualTo(first.results().get(0).commandId()).isEqualTo(sim.state().commandIds(FIRST).get(0));
        assertThat(followed.earlierAttempt()).isTrue();
        assertThat(followed.status()).as("its end seen by a poll").isEqualTo(acs.CommandStatus.DONE);
        assertThat(r.results().get(1).error()).contains("earlier attempt of run r-1").endsWith("not sent again");
        assertThat(r.results().get(1).earlierAttempt()).isFalse();
        assertThat(r.results().get(1).reason().kind()).as("unknown since the earlier attempt").isEqualTo(FleetResult.Reason.Kind.EARLIER_UNKNOWN);
        assertThat(r.results().get(2).earlierAttempt()).isFalse();
        for (long id : nodes(3)) assertThat(sim.state().commandIds(id)).as("node %d changed once", id).hasSize(1);
    }

    @Test
    void aResumedAttemptThatStopsTellsTheJournalsOutcomeOfWhatEarlierAttemptsMadeNotSkipped() throws Exception {
        assertThat(FanOut.of(client).run(nodes(4), SimulatedFleet::deploy).allSucceeded()).isTrue(); // a version 1 to go back to
        Journal journal = journal();
        AcsClient c = client.withJournal(journal, Journal.Origin.of(client.config(), JournalEntry.Face.FLEET).withRun("r-3"));
        FanOut engine = FanOut.of(c).withPollDelays(Duration.ofMillis(20), Duration.ofMillis(60))
                .withRollback(id -> ApiCall.historyStart(id, HistoryStart.of("1")));
        sim.faults().onNode(FIRST, CommandFault.RESULT_FAILED).onNode(FIRST + 3, CommandFault.RESULT_FAILED) // their rollbacks fail too
                .onNode(FIRST + 2, CommandFault.NEVER_FINISHES);
        FleetReport<Long, Void> first = engine.withWaitTimeout(Duration.ofSeconds(1)).run(nodes(4), SimulatedFleet::deploy);
        assertThat(first.results()).extracting(FleetResult::outcome)
                .containsExactly(Outcome.FAILED, Outcome.SUCCEEDED, Outcome.TIMED_OUT, Outcome.FAILED);
        sim.clearAccessLog();

        // one node at a time, no failure allowed: following the first node's failed command stops this attempt at once
        FleetReport<Long, Void> r = engine.withConcurrency(1).withMaxFailures(0).withReplay(acs.journal.Replay.of(journal, "r-3"))
                .run(nodes(5), SimulatedFleet::deploy);
        assertThat(r.results()).extracting(FleetResult::outcome)
                .containsExactly(Outcome.FAILED, Outcome.SUCCEEDED, Outcome.IN_FLIGHT, Outcome.FAILED, Outcome.SKIPPED);
        assertThat(r.results().subList(1, 4)).allSatisfy(x -> {
            assertThat(x.earlierAttempt()).isTrue();
            assertThat(x.reason().kind()).isEqualTo(FleetResult.Reason.Kind.ANSWERED_BY_EARLIER_ATTEMPT);
            assertThat(x.commandId()).isEqualTo(sim.state().commandIds(x.item()).get(1));
        });
        assertThat(r.results().get(2).reason().describe()).contains("not seen to end");
        FleetResult<Long, Void> failed = r.results().get(3);
        assertThat(failed.rollback().state()).as("its rollback, as the earlier attempt saw it").isEqualTo(FleetResult.Rollback.State.FAILED);
        assertThat(failed.rollbackCommandId()).isEqualTo(sim.state().commandIds(FIRST + 3).get(2));
        assertThat(r.results().get(4).reason().kind()).isEqualTo(FleetResult.Reason.Kind.MAX_FAILURES);
        assertThat(r.results().get(4).earlierAttempt()).isFalse();
        assertThat(r.describe()).contains("1 succeeded, 2 failed, 0 timed out, 1 skipped; rollbacks: 2 started, 0 succeeded, 2 failed")
                .contains("1 in flight (not followed after the stop)");
        assertThat(posts()).as("nothing sent again, nothing new started").isEmpty();
    }

    @Test
    void aPollTheServerRefusesEndsTheNodeAndARefusedRollbackPollIsARollbackFailure() throws Exception {
        // the simulator's clock jumps an hour ahead once a start is accepted: from then on it refuses every request (1004)
        AtomicReference<Duration> skew = new AtomicReference<>(Duration.ZERO);
        InstantSource clock = () -> Instant.now().plus(skew.get());
        try (Simulator s = Simulator.start(SimConfig.defaults().withSeedDemo(false).withExtraNodes(1).withCommandDuration(COMMAND).withClock(clock)
                .withAccessLogSink(line -> { if (line.contains("/historyStart")) skew.set(Duration.ofHours(1)); }))) {
            FanOut engine = FanOut.of(s.client()).withPollDelays(Duration.ofMillis(20), Duration.ofMillis(60));
            FleetReport<Long, Void> refused = engine.withListener(e -> {
                if (e.kind() == FleetEvent.Kind.ITEM_STARTED) skew.set(Duration.ofHours(1));
            }).run(nodes(1), SimulatedFleet::deploy);
            FleetResult<Long, Void> x = refused.results().get(0);
            assertThat(x.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(x.error()).contains("1004");
            assertThat(x.polls()).as("a refusal is not polled through").isEqualTo(1);

            skew.set(Duration.ZERO);
            // the node takes a new command once the refused run's command has ended
            Await.until(() -> s.client().command(x.commandId()).status().isTerminal());
            s.faults().onNode(FIRST, CommandFault.RESULT_FAILED);
            // the rollback's start is accepted, then the clock jumps (the access-log line of its POST): its poll is refused
            FleetReport<Long, Void> r = engine.withRollback(id -> ApiCall.historyStart(id, HistoryStart.of("1"))).run(nodes(1), SimulatedFleet::deploy);
            FleetResult<Long, Void> y = r.results().get(0);
            assertThat(y.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(y.rollbackCommandId()).isEqualTo(s.state().commandIds(FIRST).get(s.state().commandIds(FIRST).size() - 1));
            assertThat(y.error()).startsWith("command " + y.commandId());
            assertThat(y.rollback().state()).isEqualTo(FleetResult.Rollback.State.FAILED);
            assertThat(y.rollback().detail()).contains("1004");
        }
    }

    @Test
    void withoutWaitingANodeKeepsTheStatusItsStartWasAnsweredWith() {
        FleetReport<Long, Void> r = FanOut.of(client).withWaitForCommands(false).run(nodes(1), SimulatedFleet::deploy);
        FleetResult<Long, Void> x = r.results().get(0);
        assertThat(x.status()).as("a command is CREATED when the start is answered").isEqualTo(acs.CommandStatus.CREATED);
        assertThat(x.polls()).isZero();
    }

    @Test
    void aCancelReportsARequestOnTheWireAsInFlightAndOneStillQueuedAsNeverSent() throws Exception {
        // both starts would get no answer; with one request at a time, the first to leave holds the other back
        sim.faults().stallTime(Duration.ofMinutes(5)).networkOnNode(FIRST, 1.0, NetworkFault.STALL).networkOnNode(FIRST + 1, 1.0, NetworkFault.STALL);
        Journal journal = journal();
        AcsClient c = client.withJournal(journal, Journal.Origin.of(client.config(), JournalEntry.Face.FLEET));
        FanOut.Execution run = FanOut.of(c).withConcurrency(2).withRequestBudget(1, 0).start(nodes(3), SimulatedFleet::deploy);
        Await.until(() -> !posts().isEmpty(), run.report(), "a start reached the server");
        run.cancel();
        FleetReport<Long, Void> r = run.await();

        String path = posts().get(0).path();
        long onTheWire = path.equals("/api/v1/node/" + FIRST + "/uploadStart") ? FIRST : FIRST + 1, queued = 2 * FIRST + 1 - onTheWire;
        assertThat(path).isEqualTo("/api/v1/node/" + onTheWire + "/uploadStart");
        assertThat(posts()).as("the queued one never left").hasSize(1);
        Map<Long, FleetResult<Long, Void>> byNode = r.results().stream().collect(Collectors.toMap(FleetResult::item, Function.identity()));
        assertThat(byNode.get(onTheWire).outcome()).isEqualTo(Outcome.IN_FLIGHT);
        assertThat(byNode.get(onTheWire).commandId()).as("no answer: no command known").isEmpty();
        assertThat(byNode.get(onTheWire).seconds()).as("from its start to the cancel").isNotNegative();
        assertThat(byNode.get(queued).outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(byNode.get(FIRST + 2).outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(byNode.get(FIRST + 2).seconds()).as("never started").isZero();
        assertThat(r.describe()).contains("1 in flight, 2 not started (cancelled)");

        Map<Long, JournalEntry> last = lastLineByNode(journal);
        assertThat(last.get(onTheWire).state()).as("it may have been applied: still to check").isEqualTo(JournalEntry.State.SENDING);
        assertThat(last).as("a change is journaled when its request gets its slot: the queued one never was").doesNotContainKey(queued);
        assertThat(last).doesNotContainKey(FIRST + 2);
        assertThat(journal.pending()).extracting(JournalEntry::node).containsExactly(onTheWire);
    }

    @Test
    void thePollBackoffGrowsSoALongCommandCostsFewPolls() {
        // 5 ms at first, doubling (random within) up to 1 s: a 400 ms command at a fixed 5 ms would take about 80
        // polls; with the growing cap it takes about 8 (the draws would need to stay near 5 ms a dozen times to reach 30)
        sim.faults().commandDuration(FIRST, Duration.ofMillis(400));
        FleetReport<Long, Void> r = FanOut.of(client).withPollDelays(Duration.ofMillis(5), Duration.ofSeconds(1)).run(nodes(1), SimulatedFleet::deploy);
        assertThat(r.allSucceeded()).isTrue();
        long polls = sim.accessLog().stream().filter(e -> e.path().startsWith("/api/v1/command/")).count();
        assertThat(polls).isEqualTo(r.polls()).isBetween(2L, 30L);
    }

    @Test
    void aSelectionOverTheNodeListKeepsTheServersOrderAndEveryCriterion() throws Exception {
        List<Node> all = client.nodes();
        long service = all.get(0).serviceId();
        List<Long> ofService = ids(all, n -> n.serviceId() == service);
        assertThat(ofService).hasSizeGreaterThan(2).hasSizeLessThan(all.size());
        // one node of the service stopped: a status to tell apart
        FleetReport<Long, Void> stop = FanOut.of(client).withPollDelays(Duration.ofMillis(20), Duration.ofMillis(60))
                .run(ofService.subList(0, 1), id -> ApiCall.stop(id, DeployMethod.PARALLEL));
        assertThat(stop.allSucceeded()).isTrue();
        all = client.nodes();
        assertThat(ids(all, n -> n.status() == NodeStatus.STOPPED)).containsExactly(ofService.get(0));

        assertThat(NodeSelector.all().select(client)).isEqualTo(ids(all, n -> true));
        assertThat(NodeSelector.all().withService(service).select(client)).isEqualTo(ofService);
        assertThat(NodeSelector.all().withService(service).withStatus(NodeStatus.RUNNING).select(client))
                .isEqualTo(ofService.subList(1, ofService.size()));
        String name = all.get(5).name();
        assertThat(NodeSelector.all().withName("^" + java.util.regex.Pattern.quote(name) + "$").select(client))
                .contains(all.get(5).id()).isEqualTo(ids(all, n -> n.name().equals(name)));
        // explicit ids and a filter: the ids that match, in the server's order, not the order given
        long elsewhere = all.stream().filter(n -> n.serviceId() != service && n.status() == NodeStatus.RUNNING).findFirst().orElseThrow().id();
        List<Long> given = List.of(ofService.get(2), elsewhere, ofService.get(0), ofService.get(1));
        assertThat(NodeSelector.ids(given).withStatus(NodeStatus.RUNNING).withService(service).select(client))
                .containsExactly(ofService.get(1), ofService.get(2));
        assertThat(NodeSelector.ids(given).withStatus(NodeStatus.STOPPED).select(client)).containsExactly(ofService.get(0));
    }

    static List<Long> ids(List<Node> nodes, Predicate<Node> p) {
        return nodes.stream().filter(p).map(Node::id).toList();
    }
}
