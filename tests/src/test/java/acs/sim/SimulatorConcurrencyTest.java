package acs.sim;

import static org.assertj.core.api.Assertions.assertThat;

import acs.Command;
import acs.Node;
import acs.UploadStart;
import acs.WaitOptions;
import acs.client.AcsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** 50 clients at once, each deploying to its own node: no lost update, no unexpected code. */
class SimulatorConcurrencyTest {
    @Test void fiftyConcurrentDeploysToFiftyNodes() throws Exception {
        try (Simulator sim = Simulator.start(SimConfig.defaults().withExtraNodes(50).withCommandDuration(Duration.ofMillis(300)))) {
            List<Long> nodeIds = sim.client().nodes().stream().map(Node::id)
                    .filter(id -> id != 610474 && id != 610247).toList();
            assertThat(nodeIds).hasSize(50);
            ExecutorService pool = Executors.newFixedThreadPool(50);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Command>> futures = new ArrayList<>();
            WaitOptions wait = WaitOptions.timeout(Duration.ofSeconds(60)).withDelays(Duration.ofMillis(20), Duration.ofMillis(200));
            try {
                for (long nodeId : nodeIds) {
                    futures.add(pool.submit(() -> {
                        AcsClient own = AcsClient.create(sim.endpoint().toString(), sim.accessKey(), sim.secretKey());
                        go.await();
                        Command c = own.uploadStart(nodeId, UploadStart.of("http://repo.example.com/app-" + nodeId + ".war"));
                        return own.waitFor(c.commandId(), wait);
                    }));
                }
                go.countDown();
                List<Command> done = new ArrayList<>();
                for (Future<Command> f : futures) done.add(f.get());
                assertThat(done).extracting(Command::commandId).doesNotHaveDuplicates().hasSize(50);
                assertThat(done).allSatisfy(c -> assertThat(c.succeeded()).as(c.toString()).isTrue());
            } finally {
                pool.shutdownNow();
            }
            // every deploy landed: one version per node, and the server saw only successes
            for (long nodeId : nodeIds) {
                assertThat(sim.state().versions(nodeId)).hasSize(1);
                assertThat(sim.state().versions(nodeId).get(0).url()).isEqualTo("http://repo.example.com/app-" + nodeId + ".war");
            }
            assertThat(sim.state().commands()).hasSize(50);
            assertThat(sim.accessLog()).isNotEmpty().allSatisfy(e -> {
                assertThat(e.code()).isEqualTo("0");
                assertThat(e.httpStatus()).isEqualTo(200);
            });
            assertThat(sim.accessLog()).filteredOn(e -> e.method().equals("POST")).hasSize(50);
        }
    }
}
