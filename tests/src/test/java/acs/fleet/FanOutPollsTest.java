package acs.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A fleet's commands mostly take as long as each other: once one has ended, the others are
 * first polled at the age it ended at, not on a backoff that starts from the shortest delay.
 */
class FanOutPollsTest extends SimulatedFleet {
    @Test
    void onceACommandEndedTheOthersArePolledAboutOnceEach() {
        // 400 ms commands, polls from 20 ms: on its own backoff a command takes about six polls
        List<Long> nodes = nodes(30);
        for (long id : nodes) sim.faults().commandDuration(id, Duration.ofMillis(400));
        FleetReport<Long, Void> r = FanOut.of(client).withConcurrency(30).withPollDelays(Duration.ofMillis(20), Duration.ofSeconds(1))
                .run(nodes, SimulatedFleet::deploy);
        assertThat(r.allSucceeded()).as(r.describe()).isTrue();
        long polledOnceOrTwice = r.results().stream().filter(x -> x.polls() <= 2).count();
        assertThat(polledOnceOrTwice).as("commands polled at most twice, of 30 (the first few are polled closely to learn the length)")
                .isGreaterThanOrEqualTo(30 - NodePolls.SCOUTS - 2);
        assertThat(r.results()).allSatisfy(x -> assertThat(x.polls()).isPositive());
    }
}
