package acs.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.ApiException;
import acs.Command;
import acs.CommandFailedException;
import acs.CommandStatus;
import acs.Container;
import acs.ContainerStatus;
import acs.ErrorCode;
import acs.NodeStart;
import acs.NodeStatus;
import acs.client.AcsClient;
import acs.lifecycle.RetryPolicy;
import acs.Step;
import acs.UploadStart;
import acs.WaitOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Failure scenarios on purpose; time moves on the simulator's clock. */
class SimulatorFaultsTest {
    static final long NODE = 610474;
    static final String URL = "http://repo.example.com/app.war";
    static final WaitOptions FAST = WaitOptions.timeout(Duration.ofSeconds(20)).withDelays(Duration.ofMillis(10), Duration.ofMillis(50));

    static final Duration DURATION = Duration.ofMillis(300);

    final ManualClock clock = new ManualClock();
    Simulator sim;
    AcsClient acs;

    @BeforeEach void start() {
        sim = Simulator.start(SimConfig.defaults().withCommandDuration(DURATION).withClock(clock));
        acs = sim.client();
    }

    @AfterEach void stop() {
        sim.close();
    }

    /** The command once its duration has passed on the clock. */
    Command finished(Command c) {
        clock.advance(DURATION);
        Command end = acs.command(c.commandId());
        assertThat(end.status().isTerminal()).as("%s ended", end).isTrue();
        return end;
    }

    /** Moves the clock past the command's end, then waits for it as a client does. */
    Command waitFor(Command c) {
        clock.advance(DURATION);
        return acs.waitFor(c.commandId(), FAST);
    }

    @Test void publishFailed() {
        sim.faults().onNode(NODE, CommandFault.PUBLISH_FAILED);
        Command c = acs.uploadStart(NODE, UploadStart.of(URL));
        assertThat(c.status()).isEqualTo(CommandStatus.CREATED);
        Command end = finished(c);
        assertThat(end.status()).isEqualTo(CommandStatus.PUBLISH_FAILED);
        assertThat(end.failed()).isTrue();
        assertThat(end.resultMsg()).isNotEmpty();
        assertThat(end.endTime()).isNotNull();
        assertThatThrownBy(() -> acs.waitFor(c.commandId(), FAST)).isInstanceOf(CommandFailedException.class);
        assertThat(sim.state().versions(NODE)).isEmpty();
        assertThat(acs.node(NODE).containers()).allSatisfy(x -> assertThat(x.status()).isEqualTo(ContainerStatus.RUNNING));
        // the node is free again
        sim.faults().clear();
        assertThat(waitFor(acs.uploadStart(NODE, UploadStart.of(URL))).succeeded()).isTrue();
    }

    @Test void resultFailed() {
        sim.faults().onAllNodes(CommandFault.RESULT_FAILED);
        Command end = finished(acs.uploadStart(NODE, UploadStart.of(URL)));
        assertThat(end.status()).isEqualTo(CommandStatus.DONE);
        assertThat(end.result()).isEqualTo("500");
        assertThat(end.resultMsg()).isNotEmpty();
        assertThat(end.activities()).flatExtracting(a -> a.steps()).anySatisfy(s -> {
            assertThat(s.status()).isEqualTo("500");
            assertThat(s.msg()).isNotEmpty();
        });
        assertThat(end.failure()).isPresent();
        assertThat(sim.state().versions(NODE)).isEmpty();
        // applies to every node
        assertThat(finished(acs.stop(610247, null)).result()).isEqualTo("500");
        assertThat(acs.node(610247).status()).isEqualTo(NodeStatus.RUNNING);
    }

    @Test void startFailed() {
        sim.faults().onNode(NODE, CommandFault.START_FAILED);
        Command end = finished(acs.start(NODE, NodeStart.plain()));
        assertThat(end.status()).isEqualTo(CommandStatus.DONE);
        assertThat(end.result()).isEqualTo("500");
        assertThat(end.resultMsg()).isNotEmpty();
        assertThat(end.activities()).filteredOn(a -> a.code().equals("500")).singleElement()
                .satisfies(a -> assertThat(a.steps()).extracting(Step::status).contains("500"));
        assertThat(acs.node(NODE).containers()).extracting(Container::status)
                .containsOnlyOnce(ContainerStatus.STARTFAILED).contains(ContainerStatus.RUNNING);
        assertThatThrownBy(() -> acs.waitFor(end.commandId(), FAST)).isInstanceOf(CommandFailedException.class);
    }

    @Test void neverFinishes() {
        sim.faults().onNode(NODE, CommandFault.NEVER_FINISHES).onNode(610247, CommandFault.NONE).onAllNodes(CommandFault.NEVER_FINISHES);
        Command c = acs.uploadStart(NODE, UploadStart.of(URL));
        // observed well past the command duration: still RUNNING, node still busy
        for (int i = 0; i < 40; i++) {
            assertThat(acs.command(c.commandId()).status()).isIn(CommandStatus.CREATED, CommandStatus.PUBLISHED, CommandStatus.RUNNING);
            clock.advance(DURATION.dividedBy(10));
        }
        Command now = acs.command(c.commandId());
        assertThat(now.status()).isEqualTo(CommandStatus.RUNNING);
        assertThat(now.endTime()).isNull();
        assertThatThrownBy(() -> acs.uploadStart(NODE, UploadStart.of(URL)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STATUS_ERROR));
        // a node exempted with NONE is not affected by onAllNodes
        assertThat(waitFor(acs.stop(610247, null)).succeeded()).isTrue();
    }

    @Test void errorRateOneAnswers500WithInternalErrorBeforeAnyEffect() {
        sim.faults().errorRate(1.0);
        Raw.Resp get = Raw.get(sim, "/api/v1/node/610474");
        assertThat(get.status()).isEqualTo(500);
        assertThat(get.code()).isEqualTo("1001");
        assertThat(get.message()).isEqualTo("InternalError");
        Raw.Resp post = Raw.post(sim, "/api/v1/node/610474/uploadStart", "url", URL);
        assertThat(post.status()).isEqualTo(500);
        assertThat(post.code()).isEqualTo("1001");
        assertThatThrownBy(() -> acs.withRetry(RetryPolicy.NONE).nodes())
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.httpStatus()).isEqualTo(500));
        sim.faults().clear();
        assertThat(sim.state().commands()).isEmpty();
        assertThat(acs.uploadStart(NODE, UploadStart.of(URL)).status()).isEqualTo(CommandStatus.CREATED);
        assertThat(sim.accessLog()).filteredOn(e -> e.httpStatus() == 500).hasSize(3)
                .allSatisfy(e -> assertThat(e.code()).isEqualTo("1001"));
    }

    @Test void errorRateIsAFraction() {
        sim.faults().errorRate(0.5);
        int failures = 0;
        for (int i = 0; i < 60; i++) if (Raw.get(sim, "/api/v1/image").status() == 500) failures++;
        assertThat(failures).isBetween(5, 55);
        assertThatThrownBy(() -> sim.faults().errorRate(1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test void latencyIsAddedToEveryResponse() {
        sim.faults().latency(Duration.ofMillis(150));
        long t0 = System.nanoTime();
        assertThat(Raw.get(sim, "/api/v1/image").code()).isEqualTo("0");
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(150);
        assertThat(sim.accessLog().get(sim.accessLog().size() - 1).millis()).isGreaterThanOrEqualTo(150);
    }
}
