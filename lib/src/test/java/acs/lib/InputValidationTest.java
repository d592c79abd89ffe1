package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.ApiCall;
import acs.DeployMethod;
import acs.Durations;
import acs.HistoryStart;
import acs.InvalidInputException;
import acs.NodeStart;
import acs.UploadStart;
import acs.client.AcsClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad input is rejected before anything is sent, naming the parameter and what is expected. */
class InputValidationTest {

    @Test
    void badInputNeverReachesTheServer() throws Exception {
        try (RecordingServer server = new RecordingServer()) {
            AcsClient c = AcsClient.create(server.endpoint(), "ak", "sk");
            assertRejected(() -> c.node(0), "node_id", "positive");
            assertRejected(() -> c.node(-5), "node_id", "positive");
            assertRejected(() -> c.uploadStart(1, UploadStart.of(null)), "url", "http");
            assertRejected(() -> c.uploadStart(1, UploadStart.of("ftp://x/app.war")), "url", "http");
            assertRejected(() -> c.uploadStart(1, UploadStart.of("not a url")), "url", "http");
            assertRejected(() -> c.historyStart(1, HistoryStart.of(" ")), "version", "version");
            assertRejected(() -> c.start(1, NodeStart.image("registry/x", null)), "imageTag", "both");
            assertRejected(() -> c.stop(1, DeployMethod.parse("sideways")), "method", "PARALLEL, SEQUENTIAL");
            assertRejected(() -> c.command("  "), "command_id", "commandId");
            assertRejected(() -> c.command("../../etc/passwd"), "command_id", "UUID");
            assertRejected(() -> c.container(0), "container_id", "positive");
            assertThat(server.seen).isEmpty();
        }
    }

    @Test
    void aMissingSecretIsReportedBeforeSending() {
        assertThatThrownBy(() -> AcsClient.create("http://127.0.0.1:9", "ak", null))
                .isInstanceOf(acs.ConfigException.class).hasMessageContaining("secretKey");
    }

    @Test
    void enumInputIsCaseInsensitive() {
        assertThat(DeployMethod.parse("sequential")).isEqualTo(DeployMethod.SEQUENTIAL);
        assertRejected(() -> DeployMethod.parse("UNKNOWN"), "method", "PARALLEL");
    }

    @Test
    void durations() {
        assertThat(Durations.parse("t", "30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("t", "1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("t", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("t", "PT2M")).isEqualTo(Duration.ofMinutes(2));
        assertRejected(() -> Durations.parse("--wait-timeout", "soon"), "--wait-timeout", "30s");
        assertRejected(() -> Durations.parse("--wait-timeout", "10x"), "--wait-timeout", "30s");
    }

    @Test
    void dryRunOfAValidCallIsPossibleWithoutServer() {
        assertThat(ApiCall.uploadStart(610474, UploadStart.of("https://h/app.war")).mutating()).isTrue();
        assertThat(ApiCall.node(610474).mutating()).isFalse();
    }

    static void assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String parameter, String expected) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.parameter()).isEqualTo(parameter);
            assertThat(e.getMessage()).contains(expected);
            assertThat(e.exitCode()).isEqualTo(2);
        });
    }
}
