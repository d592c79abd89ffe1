package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import acs.client.AcsClient;
import acs.config.AcsConfig;
import acs.ApiException;
import acs.Command;
import acs.CommandFailedException;
import acs.config.Settings;
import acs.Step;
import acs.UploadStart;
import acs.wire.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command faults, slow nodes and state resets from {@code acs sim}'s command line, as an operator rehearses a failure. */
class SimCommandLineTest {
    @TempDir static Path home;

    /** Runs {@code ./jbang acs sim ARGS --port 0 --quiet} until its banner, gives its endpoint to the body, then stops it. */
    interface WithSim {
        void run(String endpoint, List<String> banner) throws Exception;
    }

    static void withSim(List<String> args, WithSim body) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Proc.REPO.resolve("jbang").toString(), "acs", "sim", "--port", "0", "--quiet"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Proc.REPO.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ACS_"));
        pb.environment().put("ACS_HOME", home.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> banner = new ArrayList<>();
            String url = null, line;
            while ((line = r.readLine()) != null && !line.startsWith("Try:")) {
                banner.add(line);
                if (line.startsWith("ACS simulator listening on ")) url = line.substring("ACS simulator listening on ".length()).trim();
            }
            assertThat(url).as(String.join("\n", banner)).isNotNull();
            body.run(url, banner);
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    static Map<String, String> env(String endpoint) {
        return Map.of("ACS_ENDPOINT", endpoint, "ACS_ACCESS_KEY", "t9xuit3pt202ou09", "ACS_SECRET_KEY", "secretKey123");
    }

    @Tag("child-process") @Test
    void aFaultNodeMakesADeployWithWaitExit6AndAChosenStepFails() throws Exception {
        withSim(List.of("--fault-node", "610474:START_FAILED", "--fault-node", "610247:result-failed:check params",
                "--command-seconds", "0.5", "--command-seconds", "610247:1"), (endpoint, banner) -> {
            assertThat(banner).contains("  commands on node 610474 meet START_FAILED", "  commands on node 610247 take 1s");
            Proc deploy = Proc.jbang(home, env(endpoint), "acs", "node-deploy", "610474", "--url", "http://repo.example.com/app-1.3.war", "--wait");
            assertThat(deploy.exit()).as(deploy.toString()).isEqualTo(6);
            assertThat(deploy.err()).contains("500");
            try (AcsClient acs = AcsClient.create(endpoint, "t9xuit3pt202ou09", "secretKey123")) {
                assertThat(acs.node(610474).containers()).extracting(c -> c.status().name()).contains("STARTFAILED");
                String id = acs.uploadStart(610247, UploadStart.of("http://repo.example.com/app-1.3.war")).commandId();
                Command failed = ((CommandFailedException) catchThrowable(() -> acs.waitFor(id))).command();
                List<Step> steps = failed.activities().get(0).steps();
                assertThat(steps).extracting(Step::stepName).containsExactly("check params");
                assertThat(steps.get(0).status()).isEqualTo("500");
            }
        });
    }

    @Tag("child-process") @Test
    void resetStartsAStateFileFromTheDemoData() throws Exception {
        Path state = home.resolve("broken-state.json");
        Files.writeString(state, "{ not json");
        withSim(List.of("--state", state.toString(), "--reset"), (endpoint, banner) -> {
            try (AcsClient acs = AcsClient.create(endpoint, "t9xuit3pt202ou09", "secretKey123")) {
                assertThat(acs.node(610474).name()).isEqualTo("正式环境");
            }
        });
        assertThat(Json.MAPPER.readTree(state.toFile()).isObject()).as("rewritten from the demo data").isTrue();
    }

    @Test
    void resetEmbeddedForgetsWhatTheEmbeddedSimulatorRan() {
        AcsConfig nothing = AcsConfig.resolve(Settings.NONE, Map.of("ACS_HOME", acs.config.AcsHome.of(System.getenv()).toString()));
        String id;
        try (AcsClient acs = AcsClient.create(nothing, s -> { })) {
            id = acs.uploadStart(610247, UploadStart.of("http://repo.example.com/reset.war")).commandId();
        }
        CliHarness.Result reset = CliHarness.run("sim", "--reset-embedded");
        assertThat(reset.exit()).as(reset.toString()).isZero();
        try (AcsClient acs = AcsClient.create(nothing, s -> { })) {
            assertThatThrownBy(() -> acs.command(id)).isInstanceOf(ApiException.class).hasMessageContaining("1005");
            assertThat(acs.node(610247).name()).isEqualTo("预发");
        }
    }

    @Test
    void badFaultSpecsAreUsageErrorsThatNameWhatIsKnown() {
        CliHarness.Result kind = CliHarness.run("sim", "--port", "0", "--fault-node", "610474:EXPLODE");
        assertThat(kind.exit()).isEqualTo(2);
        assertThat(kind.err()).contains("EXPLODE").contains("START_FAILED").contains("NEVER_FINISHES");
        CliHarness.Result node = CliHarness.run("sim", "--port", "0", "--fault-node", "999:START_FAILED");
        assertThat(node.exit()).isEqualTo(2);
        assertThat(node.err()).contains("node 999 does not exist").contains("610474");
        CliHarness.Result step = CliHarness.run("sim", "--port", "0", "--fault-node", "610474:PUBLISH_FAILED:check params");
        assertThat(step.exit()).isEqualTo(2);
        assertThat(step.err()).contains("RESULT_FAILED and START_FAILED");
        CliHarness.Result seconds = CliHarness.run("sim", "--port", "0", "--command-seconds", "610474:soon");
        assertThat(seconds.exit()).isEqualTo(2);
        assertThat(seconds.err()).contains("'soon' is not a number of seconds");
        CliHarness.Result reset = CliHarness.run("sim", "--port", "0", "--reset");
        assertThat(reset.exit()).isEqualTo(2);
        assertThat(reset.err()).contains("--state FILE").contains("--reset-embedded");
    }

    /** API.md §3: every answer is {code, message, data}; a 2016 client reads r['data'] without looking at code. */
    @Tag("child-process") @Test
    void aKeyRestrictedToAServiceMeets1006AndEveryErrorEnvelopeHasData() throws Exception {
        withSim(List.of("--key-services", "12209"), (endpoint, banner) -> {
            assertThat(banner).contains("  the access key may touch services [12209] only (others: 1006 NoPermission)");
            Proc other = Proc.jbang(home, env(endpoint), "acs", "node-get", "610247");
            assertThat(other.exit()).as(other.toString()).isEqualTo(3);
            assertThat(other.err()).contains("code 1006 NoPermission");
            Proc own = Proc.jbang(home, env(endpoint), "acs", "node-get", "610474");
            assertThat(own.exit()).as(own.toString()).isZero();

            var unsigned = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(endpoint + "/api/v1/node/610474")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            var body = Json.MAPPER.readTree(unsigned.body());
            assertThat(body.path("code").asText()).isEqualTo("1003");
            assertThat(body.has("data")).as(unsigned.body()).isTrue();
            assertThat(body.get("data").isNull()).as(unsigned.body()).isTrue();
            assertThat(body.path("detail").asText()).isNotBlank();
        });
    }

    @Tag("child-process") @Test
    void aServerTimeout1009ToADeployIsAnUnknownOutcomeAndAddedLatencyIsSaid() throws Exception {
        withSim(List.of("--fault-rate", "1", "--fault-kinds", "timeout1009", "--latency", "20ms"), (endpoint, banner) -> {
            assertThat(banner).contains("  every answer is delayed 20ms");
            Proc deploy = Proc.jbang(home, env(endpoint), "acs", "node-deploy", "610474", "--url", "http://repo.example.com/app-1.3.war");
            assertThat(deploy.exit()).as(deploy.toString()).isEqualTo(5);
            assertThat(deploy.err()).contains("code 1009").contains("may or may not have been applied");
        });
    }

    /** Issue 25 #7: a rollback can be rehearsed succeeding; the README's rehearsal, command for command. */
    @Tag("child-process") @Test
    void onlyTheNthCommandOfANodeFailsSoARollbackIsRehearsedSucceeding() throws Exception {
        withSim(List.of("--fault-node", "610247#2:START_FAILED", "--command-seconds", "0.5"), (endpoint, banner) -> {
            assertThat(banner).contains("  command #2 on node 610247 (only) meets START_FAILED");
            Proc first = Proc.jbang(home, env(endpoint), "acs", "node-deploy", "610474", "610247", "--url",
                    "http://repo.example.com/app-1.2.war", "--yes", "-o", "json");
            assertThat(first.exit()).as(first.toString()).isZero();
            Proc second = Proc.jbang(home, env(endpoint), "acs", "node-deploy", "610474", "610247", "--url",
                    "http://repo.example.com/app-1.3.war", "--rollback-version", "1", "--yes", "-o", "json");
            assertThat(second.exit()).as(second.toString()).isEqualTo(6);
            var rows = Json.MAPPER.readTree(second.out());
            var failed = rows.get(1);
            assertThat(failed.path("node").asLong()).isEqualTo(610247);
            assertThat(failed.path("outcome").asText()).isEqualTo("FAILED");
            assertThat(failed.path("rollbackCommandId").asText()).isNotEmpty();
            try (AcsClient acs = AcsClient.create(endpoint, "t9xuit3pt202ou09", "secretKey123")) {
                Command rollback = acs.command(failed.path("rollbackCommandId").asText());
                assertThat(rollback.succeeded()).as(rollback.toString()).isTrue();
                assertThat(acs.node(610247).containers()).extracting(c -> c.status().name()).containsOnly("RUNNING");
            }
        });
    }
}
