package acs.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.Command;
import acs.CommandStatus;
import acs.ContainerStatus;
import acs.Node;
import acs.NodeStatus;
import acs.Service;
import acs.UploadStart;
import acs.WaitOptions;
import acs.client.AcsClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state file: restart continues a running command; a corrupt file is a clear error; snapshots. */
class SimulatorPersistenceTest {
    static final WaitOptions FAST = WaitOptions.timeout(Duration.ofSeconds(20)).withDelays(Duration.ofMillis(10), Duration.ofMillis(50));

    @TempDir Path dir;

    @Test void restartFromTheStateFileContinuesARunningCommand() throws Exception {
        Path file = dir.resolve("sim-state.json");
        ManualClock clock = new ManualClock();
        Duration duration = Duration.ofMillis(1500);
        SimConfig config = SimConfig.defaults().withStateFile(file).withCommandDuration(duration).withClock(clock);
        Command c;
        try (Simulator sim = Simulator.start(config)) {
            assertThat(file).exists();
            c = sim.client().uploadStart(610474, UploadStart.of("http://repo.example.com/app-2.0.war").withComment("v2"));
            sim.client().stop(610247, null);
            // written after the mutation, before close
            assertThat(SimState.load(file).command(c.commandId())).isPresent();
            assertThat(sim.client().command(c.commandId()).status().isTerminal()).isFalse();
        }
        try (Simulator again = Simulator.start(config)) {
            AcsClient acs = again.client();
            Command now = acs.command(c.commandId());
            assertThat(now.createTime()).isEqualTo(c.createTime());
            assertThat(acs.nodes()).extracting(Node::id).containsExactly(610474L, 610247L);
            clock.advance(duration);
            Command done = acs.waitFor(c.commandId(), FAST);
            assertThat(done.succeeded()).isTrue();
            assertThat(acs.node(610474).containers()).allSatisfy(x -> assertThat(x.status()).isEqualTo(ContainerStatus.RUNNING));
            assertThat(again.state().versions(610474)).singleElement()
                    .satisfies(v -> assertThat(v.comment()).isEqualTo("v2"));
            assertThat(acs.node(610247).status()).isEqualTo(NodeStatus.STOPPED);
        }
        // and the finished state survives a third start
        try (Simulator third = Simulator.start(config)) {
            assertThat(third.client().node(610247).status()).isEqualTo(NodeStatus.STOPPED);
            assertThat(third.state().versions(610474)).hasSize(1);
        }
    }

    @Test void aSecondReaderOfTheFileSeesTheCommandProgress() throws Exception {
        Path file = dir.resolve("shared.json");
        try (Simulator sim = Simulator.start(SimConfig.defaults().withStateFile(file).withCommandDuration(Duration.ofMillis(300)))) {
            Command c = sim.client().uploadStart(610474, UploadStart.of("http://repo.example.com/a.war"));
            SimState other = SimState.load(file);
            Await.until(Duration.ofSeconds(10), "done in the copy",
                    () -> other.command(c.commandId()).orElseThrow().status() == CommandStatus.DONE);
            assertThat(other.versions(610474)).hasSize(1);
        }
    }

    @Test void aCorruptStateFileIsAClearError() throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"format\": \"acs-sim-state/1\", \"nodes\": [", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Simulator.start(SimConfig.defaults().withStateFile(file)))
                .isInstanceOf(SimStateException.class).hasMessageContaining(file.toString()).hasMessageContaining("corrupt");
        assertThat(Files.readString(file)).startsWith("{\"format\"");   // left alone

        Files.writeString(file, "{\"hello\": \"world\"}", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Simulator.start(SimConfig.defaults().withStateFile(file)))
                .isInstanceOf(SimStateException.class).hasMessageContaining(file.toString()).hasMessageContaining("format");

        Files.writeString(file, "", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Simulator.start(SimConfig.defaults().withStateFile(file)))
                .isInstanceOf(SimStateException.class).hasMessageContaining(file.toString());
    }

    @Test void snapshotOfLibModelsSeedsARehearsal() {
        List<Service> services;
        List<Node> nodes;
        try (Simulator real = Simulator.start(SimConfig.defaults().withExtraNodes(6))) {
            services = real.client().services();
            nodes = real.client().nodes();
        }
        try (Simulator rehearsal = Simulator.start(SimConfig.defaults().withSeedDemo(false).withSnapshot(services, nodes)
                .withCommandDuration(Duration.ofMillis(200)))) {
            AcsClient acs = rehearsal.client();
            assertThat(acs.nodes()).isEqualTo(nodes);
            assertThat(acs.services()).isEqualTo(services);
            assertThat(acs.hosts()).extracting(h -> h.id()).containsAll(nodes.stream()
                    .flatMap(n -> n.containers().stream()).map(c -> c.hostId()).distinct().toList());
            assertThat(acs.images()).isNotEmpty();
            Command c = acs.waitFor(acs.uploadStart(nodes.get(2).id(), UploadStart.of("http://repo.example.com/r.war")).commandId(), FAST);
            assertThat(c.succeeded()).isTrue();
        }
    }

    @Test void toJsonAndFromJsonRoundTrip() {
        try (Simulator sim = Simulator.start(SimConfig.defaults().withCommandDuration(Duration.ofMillis(100)))) {
            sim.client().waitFor(sim.client().uploadStart(610474, UploadStart.of("http://repo.example.com/a.war")).commandId(), FAST);
            String json = sim.state().toJson();
            SimState copy = SimState.fromJson(json);
            assertThat(copy.nodes()).isEqualTo(sim.state().nodes());
            assertThat(copy.services()).isEqualTo(sim.state().services());
            assertThat(copy.commands()).isEqualTo(sim.state().commands());
            assertThat(copy.versions(610474)).isEqualTo(sim.state().versions(610474));
            try (Simulator from = Simulator.start(SimConfig.defaults().withInitialState(copy))) {
                assertThat(from.client().nodes()).isEqualTo(sim.client().nodes());
            }
        }
    }
}
