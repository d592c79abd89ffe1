package acs.sim;

import static org.assertj.core.api.Assertions.assertThat;

import acs.Command;
import acs.CommandStatus;
import acs.UploadStart;
import acs.client.AcsClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator's time is the configured clock's: commands progress, timestamps are judged and requests are logged by it. */
class SimulatorClockTest {
    final ManualClock clock = new ManualClock();
    final Simulator sim = Simulator.start(SimConfig.defaults().withCommandDuration(Duration.ofMinutes(10)).withClock(clock));

    @AfterEach void stop() {
        sim.close();
    }

    @Test void aCommandProgressesOnlyAsTheClockMoves() {
        AcsClient acs = sim.client();
        Command c = acs.uploadStart(610474, UploadStart.of("http://repo.example.com/a.war"));
        assertThat(acs.command(c.commandId()).status()).isEqualTo(CommandStatus.CREATED);
        clock.advance(Duration.ofMinutes(5));
        assertThat(acs.command(c.commandId()).status()).isEqualTo(CommandStatus.RUNNING);
        assertThat(sim.state().command(c.commandId()).orElseThrow().status()).isEqualTo(CommandStatus.RUNNING);
        clock.advance(Duration.ofMinutes(5));
        Command done = acs.command(c.commandId());
        assertThat(done.status()).isEqualTo(CommandStatus.DONE);
        assertThat(Duration.between(done.createTime(), done.endTime())).isEqualTo(Duration.ofMinutes(10));
        assertThat(sim.state().versions(610474)).hasSize(1);
    }

    @Test void timestampsAreJudgedAndRequestsLoggedOnTheSimulatorsClock() {
        assertThat(Raw.get(sim, "/api/v1/image").code()).isEqualTo("0");
        assertThat(sim.accessLog().get(0).time()).isEqualTo(clock.instant());
        clock.advance(Duration.ofMinutes(20));   // the client signs with the real time, now 20 minutes behind the server
        assertThat(Raw.get(sim, "/api/v1/image").code()).isEqualTo("1004");
        assertThat(sim.accessLog().get(1).time()).isEqualTo(clock.instant());
    }
}
