package acs.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import acs.sim.CommandFault;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import acs.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C on a fleet run in a real process: no new work, and a report of what is in flight. */
@Tag("child-process")
class FleetInterruptTest {
    @TempDir Path home;

    @Test
    void ctrlCReportsTheCommandsInFlightAndStartsNothingMore() throws Exception {
        try (Simulator sim = Simulator.start(SimConfig.defaults().withCommandDuration(Duration.ofMillis(300)))) {
            sim.faults().onAllNodes(CommandFault.NEVER_FINISHES);
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "Acs",
                    "node-stop", "610474", "610247", "--concurrency", "1", "--yes");
            pb.environment().keySet().removeIf(k -> k.startsWith("ACS_"));
            pb.environment().put("ACS_HOME", home.toString());
            pb.environment().put("ACS_ENDPOINT", sim.endpoint().toString());
            pb.environment().put("ACS_ACCESS_KEY", sim.accessKey());
            pb.environment().put("ACS_SECRET_KEY", sim.secretKey());
            File out = home.resolve("out.txt").toFile(), err = home.resolve("err.txt").toFile();
            Process p = pb.redirectOutput(out).redirectError(err).start();

            // the client knows the command once it polls it
            Await.until(() -> sim.accessLog().stream().anyMatch(e -> e.path().startsWith("/api/v1/command/")));
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

            String stdout = Files.readString(out.toPath(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(stdout + Files.readString(err.toPath(), StandardCharsets.UTF_8)).isEqualTo(130);
            JsonNode rows = Json.MAPPER.readTree(stdout);
            assertThat(rows.findValuesAsText("outcome")).containsExactly("IN_FLIGHT", "CANCELLED");
            assertThat(rows.findValuesAsText("reason")).as("why each has no end").containsExactly("RUNNING_AT_CANCEL", "CANCELLED");
            assertThat(rows.get(0).get("commandId").asText()).isEqualTo(sim.state().commandIds(610474).get(0));
            assertThat(sim.state().commandIds(610247)).as("concurrency 1: the second node was never started").isEmpty();
        }
    }
}
