package acs.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import acs.ApiCall;
import acs.UploadStart;
import acs.sim.AccessLogEntry;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * FanOut's request budget, measured where it matters: the simulator's access log. With a cap of
 * R requests per second (a bucket of R that refills at R per second), any stretch of the run
 * holds at most R + R × its length requests (plus a second's worth, for the way to the server). A count against the server's clock, so a slow
 * machine can only make the test pass more easily, never fail it.
 */
class FanOutBudgetTest {
    static final int RATE = 10, NODES = 30;
    /** Seconds: far below what an uncapped run breaks (hundreds of requests a second here). */
    static final double JITTER = 1.0;

    @Test void theBudgetCapsRequestsPerSecondAsTheServerSeesThem() {
        try (Simulator sim = Simulator.start(SimConfig.defaults().withSeedDemo(false).withExtraNodes(NODES).withCommandDuration(Duration.ofMillis(300)))) {
            List<Long> nodes = LongStream.range(700001, 700001 + NODES).boxed().toList();
            sim.clearAccessLog();
            FleetReport<Long, Void> r = FanOut.of(sim.client()).withConcurrency(NODES).withPollDelays(Duration.ofMillis(20), Duration.ofMillis(50))
                    .withRequestBudget(NODES, RATE).run(nodes, id -> ApiCall.uploadStart(id, UploadStart.of("http://repo.example.com/b.war")));
            assertThat(r.allSucceeded()).isTrue();

            List<Instant> times = sim.accessLog().stream().map(AccessLogEntry::time).sorted(Comparator.naturalOrder()).toList();
            assertThat(times).as("every request of the run reached the server").hasSize((int) r.requests());
            assertThat(times.size()).as("enough requests that the cap had to bite").isGreaterThan(3 * RATE);
            for (int i = 0; i < times.size(); i++) {
                for (int j = i; j < times.size(); j++) {
                    double seconds = Duration.between(times.get(i), times.get(j)).toNanos() / 1e9;
                    int count = j - i + 1;
                    // + JITTER: a request reaches the server some time after it was let go (more for the first
                    // burst, which opens the connections), so a stretch may hold requests let go over a longer one
                    assertThat(count).as("requests in %.3f s from request %d", seconds, i).isLessThanOrEqualTo((int) (RATE + RATE * (seconds + JITTER)));
                }
            }
        }
    }
}
