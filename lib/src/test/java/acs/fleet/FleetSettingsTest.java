package acs.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.ApiCall;
import acs.Command;
import acs.HistoryStart;
import acs.InvalidInputException;
import acs.client.AcsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * The fleet engines' settings as a user gives them: the documented defaults, each withX changing
 * its setting only, the edge values accepted and the first bad one refused naming the flag; and the
 * progress events' own arithmetic and lines. Nothing is sent (the client points nowhere).
 */
class FleetSettingsTest {
    final AcsClient nowhere = AcsClient.create("http://127.0.0.1:1", "ak", "sk");

    @AfterEach
    void close() {
        nowhere.close();
    }

    static void refused(ThrowingCallable c, String parameter) {
        assertThatThrownBy(c).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).parameter()).isEqualTo(parameter));
    }

    @Test
    void aRunThisJvmCannotHoldIsRefusedBeforeAnythingIsSentNamingTheLimit() {
        // more connections than file descriptors: the limit and a count that fits are named
        assertThatThrownBy(() -> FanOut.of(nowhere).withRequestBudget(50_000_000, 0).start(List.of(1L), ApiCall::delete))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("ulimit -n").hasMessageContaining("--connections")
                .satisfies(e -> assertThat(((InvalidInputException) e).parameter()).isEqualTo("--connections"));
        // more nodes than the heap holds: the heap and how to give more
        List<Long> many = java.util.Collections.nCopies((int) Math.min(Integer.MAX_VALUE - 8, Runtime.getRuntime().maxMemory() / Capacity.BYTES_PER_NODE), 1L);
        assertThatThrownBy(() -> FanOut.of(nowhere).start(many, ApiCall::delete))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("MB of heap").hasMessageContaining("-Xmx");
    }

    @Test
    void aFanOutsDefaultsAreTheDocumentedOnes() {
        FanOut f = FanOut.of(nowhere);
        assertThat(f.concurrency()).isEqualTo(16);
        assertThat(f.batchSize()).as("one batch of all").isZero();
        assertThat(f.pause()).isEqualTo(Duration.ZERO);
        assertThat(f.maxFailures()).as("no limit").isEqualTo(Integer.MAX_VALUE);
        assertThat(f.waitForCommands()).isTrue();
        assertThat(f.waitTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(f.minDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(f.maxDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(f.maxRequestsInFlight()).isEqualTo(32);
        assertThat(f.requestsPerSecond()).as("unlimited").isZero();
        assertThat(f.rollback()).isNull();
        assertThat(f.replay()).isNull();
        assertThat(f.client()).isSameAs(nowhere);
    }

    @Test
    void eachWithChangesItsOwnSettingAndLeavesTheEngineItCameFromAlone() {
        FanOut f = FanOut.of(nowhere);
        LongFunction<ApiCall<Command>> back = id -> ApiCall.historyStart(id, HistoryStart.of("41"));
        Consumer<FleetEvent<Long>> listener = e -> { };
        AcsClient other = AcsClient.create("http://127.0.0.1:2", "ak", "sk");
        try {
            assertThat(f.withConcurrency(3)).isEqualTo(new FanOut(nowhere, 3, 0, Duration.ZERO, Integer.MAX_VALUE, true, Duration.ofMinutes(10),
                    Duration.ofMillis(250), Duration.ofSeconds(5), 32, 0, null, f.listener(), null));
            assertThat(f.withBatchSize(7).batchSize()).isEqualTo(7);
            assertThat(f.withPause(Duration.ofSeconds(30)).pause()).isEqualTo(Duration.ofSeconds(30));
            assertThat(f.withMaxFailures(2).maxFailures()).isEqualTo(2);
            assertThat(f.withWaitForCommands(false).waitForCommands()).isFalse();
            assertThat(f.withWaitTimeout(Duration.ofSeconds(9)).waitTimeout()).isEqualTo(Duration.ofSeconds(9));
            FanOut d = f.withPollDelays(Duration.ofMillis(10), Duration.ofMillis(40));
            assertThat(List.of(d.minDelay(), d.maxDelay())).containsExactly(Duration.ofMillis(10), Duration.ofMillis(40));
            FanOut b = f.withRequestBudget(4, 20);
            assertThat(List.of(b.maxRequestsInFlight(), b.requestsPerSecond())).containsExactly(4, 20);
            assertThat(f.withRollback(back).rollback()).isSameAs(back);
            assertThat(f.withListener(listener).listener()).isSameAs(listener);
            assertThat(f.withReplay(null).replay()).isNull();
            assertThat(f.withClient(other).client()).isSameAs(other);

            // every other setting kept: a chain of withX equals the engine built at once
            FanOut chained = f.withConcurrency(3).withBatchSize(7).withPause(Duration.ofSeconds(30)).withMaxFailures(2)
                    .withWaitForCommands(false).withWaitTimeout(Duration.ofSeconds(9)).withPollDelays(Duration.ofMillis(10), Duration.ofMillis(40))
                    .withRequestBudget(4, 20).withRollback(back).withListener(listener).withReplay(null).withClient(other);
            assertThat(chained).isEqualTo(new FanOut(other, 3, 7, Duration.ofSeconds(30), 2, false, Duration.ofSeconds(9),
                    Duration.ofMillis(10), Duration.ofMillis(40), 4, 20, back, listener, null));
            assertThat(f).as("the original is untouched").isEqualTo(FanOut.of(nowhere).withListener(f.listener()));
        } finally {
            other.close();
        }
    }

    @Test
    void aFanOutAcceptsTheEdgeValuesAndRefusesTheFirstBadOneNamingTheFlag() {
        FanOut f = FanOut.of(nowhere);
        assertThat(f.withConcurrency(1).concurrency()).isEqualTo(1);
        refused(() -> f.withConcurrency(0), "--concurrency");
        assertThat(f.withBatchSize(0).batchSize()).isZero();
        refused(() -> f.withBatchSize(-1), "--batch");
        assertThat(f.withMaxFailures(0).maxFailures()).isZero();
        refused(() -> f.withMaxFailures(-1), "--max-failures");
        assertThat(f.withRequestBudget(1, 0).maxRequestsInFlight()).isEqualTo(1);
        refused(() -> f.withRequestBudget(0, 0), "maxRequestsInFlight");
        refused(() -> f.withRequestBudget(1, -1), "requestsPerSecond");
        assertThat(f.withPause(Duration.ZERO).pause()).isZero();
        refused(() -> f.withPause(Duration.ofMillis(-1)), "--pause");
        assertThat(f.withWaitTimeout(Duration.ZERO).waitTimeout()).isZero();
        refused(() -> f.withWaitTimeout(Duration.ofMillis(-1)), "--wait-timeout");
        assertThat(f.withPollDelays(Duration.ofMillis(1), Duration.ofMillis(1)).maxDelay()).as("min = max is one fixed delay").isEqualTo(Duration.ofMillis(1));
        refused(() -> f.withPollDelays(Duration.ZERO, Duration.ofMillis(1)), "delays");
        refused(() -> f.withPollDelays(Duration.ofMillis(-1), Duration.ofMillis(1)), "delays");
        refused(() -> f.withPollDelays(Duration.ofMillis(2), Duration.ofMillis(1)), "delays");
        assertThatThrownBy(() -> f.withListener(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("listener");
        assertThatThrownBy(() -> f.withClient(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("client");
        assertThatThrownBy(() -> f.start(List.of(1L), null)).isInstanceOf(NullPointerException.class).hasMessageContaining("operation");
    }

    @Test
    void aRolloutsParallelismIsTheBatchUnlessSetAndNeverMoreThanIt() {
        Rollout<String> r = Rollout.of(List.of("a", "b", "c", "d", "e")).withBatchSize(2);
        assertThat(r.parallelism()).as("0 = the batch size").isEqualTo(2);
        assertThat(r.withParallelism(1).parallelism()).isEqualTo(1);
        assertThat(r.withParallelism(5).parallelism()).as("capped by the batch").isEqualTo(2);
        assertThat(r.withBatchSize(1).parallelism()).isEqualTo(1);
        assertThat(r.withMaxFailures(0).maxFailures()).isZero();
        assertThat(r.withPause(Duration.ZERO).pause()).isZero();
        assertThat(r.toString()).isEqualTo("Rollout[5 items, batch 2, pause 0s, maxFailures 0, parallelism 2]");
        assertThat(r.withPause(Duration.ofSeconds(30)).withMaxFailures(1).withParallelism(1).toString())
                .isEqualTo("Rollout[5 items, batch 2, pause 30s, maxFailures 1, parallelism 1]");
        assertThat(Rollout.of(List.of()).batches()).isEmpty();
        assertThat(Rollout.of(List.of(1, 2, 3)).withBatchSize(3).batches()).containsExactly(List.of(1, 2, 3));
    }

    @Test
    void anEventCountsWhatEndedAndWhatIsLeftToStart() {
        FleetEvent<Long> e = new FleetEvent<>(FleetEvent.Kind.ITEM_SUCCEEDED, 2, 3, List.of(610474L), null, null,
                10, 6, 2, 3, 1, 1, 40, 1.5);
        assertThat(e.ended()).isEqualTo(5);
        assertThat(e.notStarted()).isEqualTo(4);
        assertThat(e.item()).isEqualTo(610474L);
        assertThat(e.cause()).isNull();
        FleetEvent<Long> none = new FleetEvent<>(FleetEvent.Kind.FINISHED, 3, 3, null, null, null, 10, 10, 0, 10, 0, 0, 40, 2);
        assertThat(none.items()).isEmpty();
        assertThat(none.item()).isNull();
        IllegalStateException boom = new IllegalStateException("boom");
        FleetEvent<String> failed = new FleetEvent<>(FleetEvent.Kind.ITEM_FAILED, 1, 1, List.of("a"),
                FleetResult.ofTask("a", Outcome.FAILED, null, boom, 1), null, 1, 1, 0, 0, 1, 0, 0, 0);
        assertThat(failed.cause()).isSameAs(boom);
    }

    @Test
    void anEventIsOneLineForAPerson() {
        assertThat(event(FleetEvent.Kind.BATCH_STARTED, List.of(610474L, 610247L), null, null).describe()).isEqualTo("batch 2/3: 610474, 610247");
        assertThat(event(FleetEvent.Kind.ITEM_STARTED, List.of(610474L), null, null).describe()).isEqualTo("610474 started");
        assertThat(event(FleetEvent.Kind.ITEM_SUCCEEDED, List.of(610474L), null, null).describe()).isEqualTo("610474 succeeded");
        FleetResult<Long, Void> failed = new FleetResult<>(610474L, Outcome.FAILED, null, "command c (FAILED) failed: 500", null, 2, 1, "c",
                null, null, 1, null, new FleetResult.Rollback(FleetResult.Rollback.State.SUCCEEDED, "r", ""), false);
        assertThat(event(FleetEvent.Kind.ITEM_FAILED, List.of(610474L), failed, null).describe())
                .isEqualTo("610474 failed: command c (FAILED) failed: 500; rolled back");
        assertThat(event(FleetEvent.Kind.ITEM_FAILED, List.of(610474L), null, null).describe()).isEqualTo("610474 failed: ");
        assertThat(event(FleetEvent.Kind.PAUSE, List.of(), null, Duration.ofSeconds(30)).describe()).isEqualTo("pause 30s before batch 3/3");
        assertThat(event(FleetEvent.Kind.STOPPED, List.of(5L, 6L), null, null).describe())
                .isEqualTo("stopped: too many failures; not started: 5, 6");
        assertThat(event(FleetEvent.Kind.FINISHED, List.of(), null, null).describe()).isEqualTo("finished");
    }

    static FleetEvent<Long> event(FleetEvent.Kind kind, List<Long> items, FleetResult<Long, ?> finished, Duration pause) {
        return new FleetEvent<>(kind, 2, 3, items, finished, pause, 6, 3, 1, 2, 0, 0, 0, 0);
    }

    @Test
    void theTallyCountsEachEndOnceAndAListenerThatThrowsChangesNothing() {
        List<FleetEvent<String>> seen = new ArrayList<>();
        BatchRun<String, String> engine = new BatchRun<>("test-tally", 5, 2, 1, 0, Duration.ZERO, null, new BatchRun.Work<>() {
            @Override public void start(int index) { }
            @Override public String finished(List<String> results, boolean cancelled) { return ""; }
        });
        Tally<String> tally = new Tally<>(e -> {
            seen.add(e);
            throw new IllegalStateException("a broken progress bar");
        }, 5);
        tally.ended(FleetResult.ofTask("a", Outcome.SUCCEEDED, null, null, 1));
        tally.ended(FleetResult.ofTask("b", Outcome.SUCCEEDED, null, null, 1));
        tally.ended(FleetResult.ofTask("c", Outcome.TIMED_OUT, null, null, 2));
        tally.ended(FleetResult.ofTask("d", Outcome.FAILED, null, new RuntimeException("x"), 2));
        tally.ended(FleetResult.ofTask("e", Outcome.UNKNOWN, null, null, 3));
        tally.emit(FleetEvent.Kind.PAUSE, engine, List.of(), null, Duration.ofSeconds(1), 12);

        assertThat(seen).hasSize(1);
        FleetEvent<String> e = seen.get(0);
        assertThat(List.of(e.succeeded(), e.failed(), e.timedOut(), e.total())).containsExactly(2, 2, 1, 5);
        assertThat(e.requests()).isEqualTo(12);
        assertThat(e.batches()).isEqualTo(3);
        assertThat(e.pause()).isEqualTo(Duration.ofSeconds(1));
        assertThat(e.seconds()).isNotNegative();
    }

    @Test
    void theEngineCountsBatchesAndPlacesEachItemInOne() {
        assertThat(engine(0, 2).batches()).as("no items, no batch").isZero();
        assertThat(engine(5, 0).batches()).as("batch 0 = one of all").isEqualTo(1);
        assertThat(engine(5, 0).batchOf(4)).isEqualTo(1);
        assertThat(engine(4, 2).batches()).isEqualTo(2);
        assertThat(engine(5, 2).batches()).isEqualTo(3);
        assertThat(engine(5, 5).batches()).isEqualTo(1);
        assertThat(List.of(engine(5, 2).batchOf(0), engine(5, 2).batchOf(1), engine(5, 2).batchOf(2), engine(5, 2).batchOf(4)))
                .containsExactly(1, 1, 2, 3);
    }

    static BatchRun<String, String> engine(int size, int batch) {
        return new BatchRun<>("test-batches", size, batch, 1, 0, Duration.ZERO, null, new BatchRun.Work<>() {
            @Override public void start(int index) { }
            @Override public String finished(List<String> results, boolean cancelled) { return ""; }
        });
    }
}
