package acs.sim;

import static org.assertj.core.api.Assertions.assertThat;

import acs.Node;
import acs.UploadStart;
import acs.WaitOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A large fleet starts and answers single-node reads (functional checks only, no timing). */
class SimulatorScaleTest {
    @Test void hundredThousandExtraNodes() {
        try (Simulator sim = Simulator.start(SimConfig.defaults().withExtraNodes(100_000).withCommandDuration(Duration.ofMillis(200)))) {
            assertThat(sim.state().nodeCount()).isEqualTo(100_002);
            Raw.Resp r = Raw.get(sim, "/api/v1/node/" + (700_000 + 100_000));
            assertThat(r.code()).isEqualTo("0");
            assertThat(r.data().path("containers").size()).isEqualTo(2);
            Node n = sim.client().node(700_001 + 54_321);
            assertThat(n.containers()).hasSize(2);
            assertThat(sim.client().container(n.containers().get(1).id()).nodeId()).isEqualTo(n.id());
            var c = sim.client().uploadStart(n.id(), UploadStart.of("http://repo.example.com/big.war"));
            assertThat(sim.client().waitFor(c.commandId(), WaitOptions.timeout(Duration.ofSeconds(30))
                    .withDelays(Duration.ofMillis(20), Duration.ofMillis(100))).succeeded()).isTrue();
            assertThat(sim.client().node(700_001).status()).isEqualTo(acs.NodeStatus.RUNNING);
        }
    }
}
