package acs.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.client.AcsClient;
import acs.config.AcsConfig;
import acs.Command;
import acs.config.Settings;
import acs.UploadStart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * With nothing configured, the library's own {@code AcsClient.create} talks to the simulator
 * found on the class path (a service, not a dependency of lib), says so, keeps its state in the
 * toolkit's home, and never keeps a JVM alive.
 */
class EmbeddedSimulatorTest {
    static final Path HOME = acs.config.AcsHome.of(System.getenv());

    static AcsConfig nothing() {
        return AcsConfig.resolve(Settings.NONE, Map.of("ACS_HOME", HOME.toString()));
    }

    static Set<Thread> nonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !t.isDaemon()).collect(Collectors.toSet());
    }

    @Test
    void nothingConfiguredGivesTheEmbeddedSimulatorWithANotice() {
        assertThat(nothing().nothingConfigured()).isTrue();
        List<String> notices = new ArrayList<>();
        Set<Thread> before = nonDaemonThreads();
        try (AcsClient acs = AcsClient.create(nothing(), notices::add)) {
            assertThat(acs.nodes()).extracting(n -> n.id()).contains(610474L, 610247L);
            assertThat(notices).singleElement().asString().contains("embedded simulator").contains(HOME.resolve("sim-state.json").toString());
            Set<Thread> added = nonDaemonThreads();
            added.removeAll(before);
            assertThat(added).as("threads that would keep the JVM alive").isEmpty();
        }
        assertThat(Files.exists(HOME.resolve("sim-state.json"))).isTrue();
    }

    @Test
    void closeStopsTheSimulatorOnceAndASecondClientSharesItMeanwhile() {
        AcsClient first = AcsClient.create(nothing(), s -> { });
        AcsClient second = AcsClient.create(nothing(), s -> { });
        Command cmd = first.uploadStart(610247, UploadStart.of("http://repo.example.com/shared.war"));
        assertThat(second.command(cmd.commandId()).commandId()).as("one simulator for the process").isEqualTo(cmd.commandId());
        first.close();
        first.close();
        assertThat(second.command(cmd.commandId()).commandId()).as("still served while a client uses it").isEqualTo(cmd.commandId());
        assertThatThrownBy(first::nodes).hasMessageContaining("closed");
        second.close();
        assertThatThrownBy(() -> AcsClient.create(AcsConfig.of(second.config().endpoint().toString(), "t9xuit3pt202ou09", "secretKey123"))
                .nodes()).as("the simulator stopped with its last client").isInstanceOf(acs.TransportException.class);
        try (AcsClient again = AcsClient.create(nothing(), s -> { })) {
            assertThat(again.command(cmd.commandId()).commandId()).as("state kept in the home").isEqualTo(cmd.commandId());
        }
    }

    @Test
    void aConfiguredEndpointIsUsedAsIsWithoutNotice() {
        try (Simulator sim = Simulator.start()) {
            List<String> notices = new ArrayList<>();
            AcsConfig config = AcsConfig.of(sim.endpoint().toString(), sim.accessKey(), sim.secretKey());
            assertThat(config.nothingConfigured()).isFalse();
            try (AcsClient acs = AcsClient.create(config, notices::add)) {
                assertThat(acs.config().endpoint()).isEqualTo(sim.endpoint());
            }
            assertThat(notices).isEmpty();
        }
    }
}
