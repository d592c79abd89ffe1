package acs.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import acs.client.AcsClient;
import acs.config.AcsConfig;
import acs.AcsException;
import acs.ApiCall;
import acs.fleet.FanOut;
import acs.fleet.FleetReport;
import acs.lifecycle.RetryPolicy;
import acs.UploadStart;
import acs.cli.CliHarness;
import acs.dsl.DslContext;
import acs.dsl.DslScript;
import acs.dsl.Operations;
import acs.sim.AccessLogEntry;
import acs.sim.NetworkFault;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * "Never re-send a change that may have arrived", under every network fault with retries on:
 * the simulator applies the change before the fault ({@code applyBeforeFault}), so a second
 * send would show as a second POST in its access log and a second command on the node. Each
 * front end — the single-node CLI, the fleet engine, the DSL — sends exactly one.
 */
class OnePostPerChangeTest {
    static final long NODE = 610474;
    static final String URL = "http://repo.example.com/one-post.war";
    /** Generous retries: a client that retried a change would do it several times over. */
    static final RetryPolicy RETRIES = new RetryPolicy(5, Duration.ofMillis(5), Duration.ofMillis(20));

    Simulator sim;
    AcsClient client;

    @BeforeEach void start() {
        sim = Simulator.start(SimConfig.defaults().withCommandDuration(Duration.ofMillis(100)));
        sim.faults().applyBeforeFault(true).stallTime(Duration.ofSeconds(3)); // longer than the clients' 500 ms
        client = AcsClient.create(AcsConfig.of(sim.endpoint().toString(), sim.accessKey(), sim.secretKey())
                .withRequestTimeout(Duration.ofMillis(500))).withRetry(RETRIES);
    }

    @AfterEach void stop() {
        sim.close();
    }

    void faultOnTheNode(NetworkFault kind) {
        sim.faults().networkOnNode(NODE, 1, kind);
    }

    /** Every POST that reached the simulator, and the commands it made: exactly one of each. */
    void exactlyOneChange(NetworkFault kind) {
        sim.faults().clear();
        List<AccessLogEntry> posts = sim.accessLog().stream().filter(e -> e.method().equals("POST")).toList();
        assertThat(posts).as("POSTs under %s", kind).hasSize(1);
        assertThat(posts.get(0).path()).isEqualTo("/api/v1/node/" + NODE + "/uploadStart");
        assertThat(posts.get(0).code()).as("the fault met the POST").isEqualTo(kind == NetworkFault.HTTP500 ? "1001" : kind == NetworkFault.TIMEOUT ? "1009" : kind.wireName());
        assertThat(sim.state().commandIds(NODE)).as("commands on the node under %s", kind).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(NetworkFault.class)
    void theCli(NetworkFault kind) {
        faultOnTheNode(kind);
        CliHarness.Result r = CliHarness.runAgainst(sim, "node-deploy", Long.toString(NODE), "--url", URL, "--timeout", "500ms");
        // a 500 answer (code 1001) proves nothing either: a server that failed after applying answers so
        assertThat(r.exit()).as(r.toString()).isEqualTo(AcsException.EXIT_TRANSPORT);
        assertThat(r.err()).as(r.toString()).contains("may or may not have been applied");
        exactlyOneChange(kind);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(NetworkFault.class)
    void theFleetEngine(NetworkFault kind) {
        faultOnTheNode(kind);
        FleetReport<Long, Void> report = FanOut.of(client).withWaitForCommands(false)
                .run(List.of(NODE), id -> ApiCall.uploadStart(id, UploadStart.of(URL)));
        assertThat(report.results()).singleElement().satisfies(x -> assertThat(x.commandId()).isNullOrEmpty());
        exactlyOneChange(kind);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(NetworkFault.class)
    void theDsl(NetworkFault kind) {
        faultOnTheNode(kind);
        Throwable t = catchThrowable(() -> DslScript.compile("script.groovy", "node(" + NODE + ") { deploy url: '" + URL + "' }", false)
                .run(DslContext.of(Operations.of(client)).withErr(new PrintWriter(new StringWriter(), true))));
        assertThat(t).as("the script fails").isInstanceOf(AcsException.class);
        exactlyOneChange(kind);
    }
}
