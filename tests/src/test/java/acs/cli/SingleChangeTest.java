package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.sim.SimConfig;
import acs.sim.Simulator;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A change of one node (no fleet): the dry run, the wait's lines on stderr, and the hint when the node is still busy. */
@Timeout(120)
class SingleChangeTest {
    static final String URL = "http://repo.example.com/app-2.0.war";
    Simulator sim;

    @BeforeEach void start() {
        sim = Simulator.start(SimConfig.defaults().withExtraNodes(3).withCommandDuration(Duration.ofMillis(300)));
    }

    @AfterEach void stop() {
        sim.close();
    }

    CliHarness.Result acs(String... args) {
        return CliHarness.runAgainst(sim, args);
    }

    @Test
    void aDryRunSaysNothingWasSentAndPrintsTheRequest() {
        CliHarness.Result r = acs("node-deploy", "700001", "--url", URL, "--dry-run");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).isEqualTo("acs: dry run: nothing was sent\n");
        assertThat(r.out()).startsWith("POST " + sim.endpoint().toString().replaceAll("/$", "") + "/api/v1/node/700001/uploadStart\n");
    }

    @Test
    void aWaitSaysWhatItWaitsForItsProgressAndHowLongItTook() {
        CliHarness.Result r = acs("node-deploy", "700001", "--url", URL, "--wait", "--wait-timeout", "2m", "-o", "table");
        assertThat(r.exit()).as(r.toString()).isZero();
        Matcher m = Pattern.compile("^acs: waiting for command (\\S+) \\(up to 2m\\)\n").matcher(r.err());
        assertThat(m.find()).as(r.toString()).isTrue();
        String id = m.group(1);
        assertThat(r.err().lines().skip(1).filter(l -> l.startsWith("  ")).toList()).as(r.toString())
                .isNotEmpty().allSatisfy(l -> assertThat(l).matches(" +\\d{1,3}[.,]\\ds  .+"));
        assertThat(r.err()).containsPattern("\nacs: command " + id + " succeeded in \\d{1,3}[.,]\\ds\n$");
        assertThat(r.out()).startsWith("COMMAND_ID").contains(id);
    }

    @Test
    void aNodeStillBusyWithAnEarlierCommandNamesThatCommand() {
        sim.faults().commandDuration(700001, Duration.ofSeconds(20)).commandDuration(700002, Duration.ofSeconds(20));
        CliHarness.Result stop1 = acs("node-stop", "700001", "--yes", "-o", "table");
        CliHarness.Result stop2 = acs("node-stop", "700002", "--yes", "-o", "table");
        assertThat(stop1.exit()).as(stop1.toString()).isZero();
        assertThat(stop2.exit()).as(stop2.toString()).isZero();
        String first = stop1.out().lines().skip(1).findFirst().orElseThrow().split(" ")[0];
        CliHarness.Result start = acs("node-start", "700001");
        assertThat(start.exit()).as(start.toString()).isEqualTo(4);
        assertThat(start.err()).as(start.toString()).contains("acs: node 700001 may still run command " + first + " (node-stop, sent ")
                .contains("): wait for it with 'acs command-wait " + first + "', then try again\n");
    }

    @Test
    void aWaitThatEndsInFailurePrintsTheCommandAsTheServerSentIt() throws Exception {
        sim.faults().onNode(700003, acs.sim.CommandFault.RESULT_FAILED);
        CliHarness.Result r = acs("node-deploy", "700003", "--url", URL, "--wait");
        assertThat(r.exit()).as(r.toString()).isEqualTo(6);
        com.fasterxml.jackson.databind.JsonNode printed = acs.wire.Json.MAPPER.readTree(r.out());
        String id = printed.path("commandId").asText();
        CliHarness.Result got = acs("command-get", id);
        assertThat(got.exit()).as(got.toString()).isZero();
        assertThat(r.out()).as("as command-get prints it").isEqualTo(got.out());
    }
}
