package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.cli.CliHarness;
import acs.client.AcsClient;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Closing a client ends java.net.http's selector thread at once. A user notices the difference:
 * the JVM waits up to 300 ms at exit for any thread blocked in native code, which was half of
 * a CLI run's wall time.
 */
class ClientCloseTest {
    static Simulator sim;

    @BeforeAll
    static void start() {
        sim = Simulator.start(SimConfig.defaults());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static Set<Thread> selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager") && t.isAlive())
                .collect(Collectors.toSet());
    }

    @Test
    void closeEndsTheSelectorThreadAndRefusesLaterRequests() {
        Set<Thread> before = selectorThreads();
        AcsClient client = AcsClient.create(sim.endpoint().toString(), sim.accessKey(), sim.secretKey());
        assertThat(client.node(610474).name()).isEqualTo("正式环境");
        Set<Thread> ours = selectorThreads();
        ours.removeAll(before);
        assertThat(ours).as("the client's selector thread").hasSize(1);

        client.close();

        assertThat(ours.iterator().next().isAlive()).as("selector thread alive after close").isFalse();
        assertThatThrownBy(() -> client.node(610474)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        client.close(); // idempotent
    }

    @Test
    void aClientNeverUsedClosesWithoutStartingAnything() {
        Set<Thread> before = selectorThreads();
        AcsClient.create(sim.endpoint().toString(), sim.accessKey(), sim.secretKey()).close();
        assertThat(selectorThreads()).isSubsetOf(before);
    }

    @Test
    void aCliCommandLeavesNoSelectorThreadBehind() {
        Set<Thread> before = selectorThreads();
        CliHarness.Result r = CliHarness.runAgainst(sim, "node-get", "610474", "-o", "json");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(selectorThreads()).as("selector threads after the command").isSubsetOf(before);
    }
}
