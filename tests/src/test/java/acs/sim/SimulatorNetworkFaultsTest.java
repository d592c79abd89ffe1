package acs.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.client.AcsClient;
import acs.config.AcsConfig;
import acs.ApiException;
import acs.BadResponseException;
import acs.lifecycle.RetryPolicy;
import acs.TransportException;
import acs.UploadStart;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each network fault, on one node, as a client without retries meets it; and whether the request took effect. */
class SimulatorNetworkFaultsTest {
    static final long NODE = 610474, OTHER = 610247;
    static final String URL = "http://repo.example.com/app.war";

    Simulator sim;
    AcsClient acs;

    @BeforeEach void start() {
        sim = Simulator.start(SimConfig.defaults().withCommandDuration(Duration.ofMillis(50)));
        sim.faults().stallTime(Duration.ofMillis(1500));
        acs = AcsClient.create(AcsConfig.of(sim.endpoint().toString(), sim.accessKey(), sim.secretKey())
                .withRequestTimeout(Duration.ofMillis(500))).withRetry(RetryPolicy.NONE);
    }

    @AfterEach void stop() {
        sim.close();
    }

    int commands() {
        return sim.state().commandIds(NODE).size();
    }

    @Test void http500IsAnEnvelopeErrorAndNotApplied() {
        sim.faults().networkOnNode(NODE, 1, NetworkFault.HTTP500);
        assertThatThrownBy(() -> acs.node(NODE)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.httpStatus()).isEqualTo(500));
        assertThatThrownBy(() -> acs.uploadStart(NODE, UploadStart.of(URL))).isInstanceOf(ApiException.class);
        assertThat(commands()).isZero();
    }

    @Test void resetIsATransportFailureAndNotApplied() {
        sim.faults().networkOnNode(NODE, 1, NetworkFault.RESET);
        assertThatThrownBy(() -> acs.node(NODE)).isInstanceOf(TransportException.class);
        assertThatThrownBy(() -> acs.uploadStart(NODE, UploadStart.of(URL)))
                .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.maybeApplied()).isTrue());
        assertThat(commands()).isZero();
    }

    @Test void truncatedBodyIsABadResponseAndTheMutationWasApplied() {
        sim.faults().networkOnNode(NODE, 1, NetworkFault.TRUNCATED);
        assertThatThrownBy(() -> acs.node(NODE)).isInstanceOf(BadResponseException.class);
        assertThatThrownBy(() -> acs.uploadStart(NODE, UploadStart.of(URL))).isInstanceOf(BadResponseException.class);
        assertThat(commands()).isEqualTo(1);
    }

    @Test void nonJsonBodyIsABadResponseAndNotApplied() {
        sim.faults().networkOnNode(NODE, 1, NetworkFault.NON_JSON);
        assertThatThrownBy(() -> acs.node(NODE)).isInstanceOfSatisfying(BadResponseException.class,
                e -> assertThat(e.getMessage()).contains("not JSON"));
        assertThatThrownBy(() -> acs.uploadStart(NODE, UploadStart.of(URL))).isInstanceOf(BadResponseException.class);
        assertThat(commands()).isZero();
    }

    @Test void stallOutlastsTheClientTimeoutAndIsNotApplied() {
        sim.faults().networkOnNode(NODE, 1, NetworkFault.STALL);
        // the client's timeout (500 ms) ends it, not the server closing the connection after the stall (1.5 s)
        assertThatThrownBy(() -> acs.uploadStart(NODE, UploadStart.of(URL)))
                .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.maybeApplied()).isTrue())
                .hasMessageContaining("no response within the request timeout");
        assertThat(commands()).isZero();
    }

    @Test void lostResponseAppliesAPostAndLosesTheAnswer() {
        sim.faults().networkOnNode(NODE, 1, NetworkFault.LOST_RESPONSE);
        assertThatThrownBy(() -> acs.uploadStart(NODE, UploadStart.of(URL)))
                .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.maybeApplied()).isTrue());
        assertThat(commands()).isEqualTo(1);
        assertThatThrownBy(() -> acs.node(NODE)).isInstanceOf(TransportException.class); // a GET: like a reset
    }

    @Test void aNodeRuleLeavesOtherNodesAloneAndRateZeroExempts() {
        sim.faults().networkOnNode(NODE, 1, NetworkFault.RESET);
        assertThat(acs.node(OTHER).id()).isEqualTo(OTHER);
        sim.faults().network(1, NetworkFault.RESET).networkOnNode(OTHER, 0);
        assertThat(acs.node(OTHER).id()).isEqualTo(OTHER);
        assertThatThrownBy(() -> acs.nodes()).isInstanceOf(TransportException.class);
        assertThat(sim.faults().injected().get(NetworkFault.RESET)).isEqualTo(1 + 1);
        sim.faults().clear();
        assertThat(acs.nodes()).isNotEmpty();
    }

    @Test void accessLogNamesTheFault() {
        sim.faults().networkOnNode(NODE, 1, NetworkFault.LOST_RESPONSE);
        assertThatThrownBy(() -> acs.uploadStart(NODE, UploadStart.of(URL))).isInstanceOf(TransportException.class);
        assertThat(sim.accessLog()).anySatisfy(e -> {
            assertThat(e.code()).isEqualTo("lost");
            assertThat(e.httpStatus()).isZero();
        });
    }

    @Test void retryAfterIsHonouredBetweenAttempts() {
        sim.faults().networkOnNode(NODE, 1, NetworkFault.HTTP500).retryAfter(Duration.ofSeconds(1));
        AcsClient twice = acs.withRetry(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1)));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> twice.node(NODE)).isInstanceOf(ApiException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(sim.accessLog()).hasSize(2);
    }

    @Test void faultKindsParseFromTheCommandLine() {
        assertThat(NetworkFault.parseList("http500, reset,LOST")).isEqualTo(Set.of(NetworkFault.HTTP500, NetworkFault.RESET, NetworkFault.LOST_RESPONSE));
        assertThat(NetworkFault.parseList("all")).hasSize(NetworkFault.values().length);
        assertThat(NetworkFault.parseList("timeout1009")).containsExactly(NetworkFault.TIMEOUT);
        assertThatThrownBy(() -> NetworkFault.parseList("boom")).hasMessageContaining("unknown fault kind");
        assertThatThrownBy(() -> sim.faults().network(1.5, NetworkFault.RESET)).isInstanceOf(IllegalArgumentException.class);
    }
}
