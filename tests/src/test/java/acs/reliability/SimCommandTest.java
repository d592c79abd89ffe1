package acs.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.client.AcsClient;
import acs.config.AcsConfig;
import acs.AcsException;
import acs.ApiException;
import acs.BadResponseException;
import acs.Command;
import acs.CommandStatus;
import acs.lifecycle.RetryPolicy;
import acs.TransportException;
import acs.UploadStart;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code acs sim} as an operator runs it: its own keys, a state file across restarts, network faults from flags. */
@Tag("child-process")
class SimCommandTest {
    static final String AK = "ops-ak", SK = "ops-secret-7f3a";
    @TempDir Path home;

    /** A running {@code acs sim} child: its endpoint and what it printed before it started listening. */
    record Running(Process process, String endpoint, List<String> banner) implements AutoCloseable {
        @Override public void close() throws Exception {
            process.destroy(); // SIGTERM: the shutdown hook closes the simulator
            if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }

    Running sim(String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("sim", "--port", "0", "--quiet"));
        args.addAll(List.of(flags));
        ProcessBuilder pb = new ChildCli(home, Map.of()).builder("Acs", args.toArray(String[]::new)).redirectErrorStream(true);
        Process p = pb.start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        String line;
        while ((line = r.readLine()) != null) {
            seen.add(line);
            if (line.startsWith("Try: ")) break;
        }
        String listening = seen.stream().filter(l -> l.startsWith("ACS simulator listening on ")).findFirst()
                .orElseThrow(() -> new AssertionError("acs sim did not start: " + seen));
        return new Running(p, listening.substring("ACS simulator listening on ".length()).trim(), seen);
    }

    static AcsClient client(String endpoint, String ak, String sk) {
        return AcsClient.create(AcsConfig.of(endpoint, ak, sk).withRequestTimeout(Duration.ofSeconds(20))).withRetry(RetryPolicy.NONE);
    }

    @Test void ownKeysAndAStateFileThatOutlivesARestart() throws Exception {
        Path state = home.resolve("sim-state.json");
        String commandId;
        try (Running s = sim("--access-key", AK, "--secret-key", SK, "--state", state.toString(), "--command-seconds", "0.1")) {
            assertThat(String.join("\n", s.banner())).contains(AK).doesNotContain(SK).contains(state.toString());
            AcsClient ops = client(s.endpoint(), AK, SK);
            commandId = ops.waitFor(ops.uploadStart(610474, UploadStart.of("http://repo.example.com/kept.war"))).commandId();
            assertThatThrownBy(() -> client(s.endpoint(), "t9xuit3pt202ou09", "secretKey123").nodes())
                    .as("the demo keys are not accepted").isInstanceOf(ApiException.class);
            assertThatThrownBy(() -> client(s.endpoint(), AK, "not-" + SK).nodes())
                    .as("a wrong secret is a signature error").isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.exitCode()).isEqualTo(AcsException.EXIT_CONFIG));
        }
        try (Running s = sim("--access-key", AK, "--secret-key", SK, "--state", state.toString())) {
            Command kept = client(s.endpoint(), AK, SK).command(commandId);
            assertThat(kept.status()).isEqualTo(CommandStatus.DONE);
        }
    }

    @Test void faultFlagsShapeWhatClientsMeet() throws Exception {
        try (Running s = sim("--fault-rate", "1", "--fault-kinds", "nonjson")) {
            assertThat(String.join("\n", s.banner())).contains("nonjson");
            assertThatThrownBy(() -> client(s.endpoint(), "t9xuit3pt202ou09", "secretKey123").node(610474))
                    .isInstanceOfSatisfying(BadResponseException.class, e -> assertThat(e.httpStatus()).isEqualTo(502));
        }
        // a 200 ms stall, well inside the client's 20 s timeout: the server ends it by closing the connection
        try (Running s = sim("--fault-rate", "1", "--fault-kinds", "stall", "--fault-stall", "200ms")) {
            assertThatThrownBy(() -> client(s.endpoint(), "t9xuit3pt202ou09", "secretKey123").node(610474))
                    .isInstanceOf(TransportException.class).hasMessageNotContaining("request timeout");
        }
    }

    @Test void badFlagsAreUsageErrorsThatSayWhatIsWrong() throws Exception {
        ChildCli cli = new ChildCli(home, Map.of());
        ChildCli.Result kinds = cli.run("Acs", "sim", "--port", "0", "--fault-rate", "0.5", "--fault-kinds", "reset,bogus");
        assertThat(kinds.exit()).as(kinds.toString()).isEqualTo(AcsException.EXIT_USAGE);
        assertThat(kinds.err()).contains("--fault-kinds").contains("bogus");
        ChildCli.Result rate = cli.run("Acs", "sim", "--port", "0", "--fault-rate", "1.5");
        assertThat(rate.exit()).as(rate.toString()).isEqualTo(AcsException.EXIT_USAGE);
        assertThat(rate.err()).contains("--fault-rate");
        ChildCli.Result keys = cli.run("Acs", "sim", "--port", "0", "--access-key", AK);
        assertThat(keys.exit()).as(keys.toString()).isEqualTo(AcsException.EXIT_USAGE);
        assertThat(keys.err()).contains("--secret-key");
    }
}
