package acs.fleet;

import acs.ApiCall;
import acs.Command;
import acs.UploadStart;
import acs.client.AcsClient;
import acs.sim.AccessLogEntry;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/** What the fan-out tests stand on: a fresh simulator per test with 30 plain nodes from {@link #FIRST}, each command {@link #COMMAND} long.
 * Short commands keep the tests quick (PIT runs each many times); the poll delays are of the same order, so a command still takes polls. */
@Timeout(120)
abstract class SimulatedFleet {
    static final long FIRST = 700001;
    static final Duration COMMAND = Duration.ofMillis(60);
    Simulator sim;
    AcsClient client;

    @BeforeEach
    void start() {
        sim = Simulator.start(SimConfig.defaults().withSeedDemo(false).withExtraNodes(30).withCommandDuration(COMMAND));
        client = sim.client();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    static List<Long> nodes(int n) {
        return LongStream.range(FIRST, FIRST + n).boxed().toList();
    }

    static ApiCall<Command> deploy(long id) {
        return ApiCall.uploadStart(id, UploadStart.of("http://repo.example.com/app-2.0.war"));
    }

    /** The POSTs the server saw, in order. */
    List<AccessLogEntry> posts() {
        return sim.accessLog().stream().filter(e -> e.method().equals("POST")).toList();
    }
}
