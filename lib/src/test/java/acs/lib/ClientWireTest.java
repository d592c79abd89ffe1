package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;

import acs.Command;
import acs.CommandStatus;
import acs.DeployMethod;
import acs.HistoryStart;
import acs.Host;
import acs.Image;
import acs.Node;
import acs.NodeStart;
import acs.Service;
import acs.UploadStart;
import acs.auth.Secret;
import acs.auth.Signer;
import acs.client.AcsClient;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every operation over real HTTP: what went on the wire, and what came back. */
class ClientWireTest {
    static final String AK = "t9xuit3pt202ou09", SK = "secretKey123";
    RecordingServer server;
    AcsClient client;

    @BeforeEach
    void start() throws Exception {
        server = new RecordingServer();
        client = AcsClient.create(server.endpoint(), AK, SK);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The request is signed over exactly the parameters that arrived, accesskey and timestamp among them. */
    void assertSigned(RecordingServer.Seen s) {
        assertThat(s.params()).containsEntry("accesskey", AK).containsKey("timestamp");
        assertThat(Long.parseLong(s.params().get("timestamp"))).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
        assertThat(s.authorization()).isEqualTo(Signer.sign(Secret.of(SK), s.params()));
        assertThat(s.userAgent()).startsWith("acs/" + AcsClient.VERSION);
    }

    static Stream<Arguments> reads() {
        return Stream.of(
                Arguments.of("node-list.json", "/api/v1/node", (Function<AcsClient, Object>) AcsClient::nodes),
                Arguments.of("node-get.json", "/api/v1/node/610474", (Function<AcsClient, Object>) c -> c.node(610474)),
                Arguments.of("command-done.json", "/api/v1/command/11f60951-ca0b-4546-b278-50b140111b1a",
                        (Function<AcsClient, Object>) c -> c.command("11f60951-ca0b-4546-b278-50b140111b1a")),
                Arguments.of("service-get.json", "/api/v1/service/12209", (Function<AcsClient, Object>) c -> c.service(12209)),
                Arguments.of("image-list.json", "/api/v1/image", (Function<AcsClient, Object>) AcsClient::images),
                Arguments.of("host-get.json", "/api/v1/host/3505", (Function<AcsClient, Object>) c -> c.host(3505)),
                Arguments.of("container-get.json", "/api/v1/container/16636", (Function<AcsClient, Object>) c -> c.container(16636)));
    }

    @ParameterizedTest(name = "GET {1}")
    @MethodSource("reads")
    void readsAreSignedGetsWithParametersInTheQuery(String example, String path, Function<AcsClient, Object> op) throws Exception {
        server.answer = Examples.text(example);
        Object result = op.apply(client);
        RecordingServer.Seen s = server.last();
        assertThat(s.method()).isEqualTo("GET");
        assertThat(s.path()).isEqualTo(path);
        assertThat(s.body()).isEmpty();
        assertThat(s.params().keySet()).containsExactlyInAnyOrder("accesskey", "timestamp");
        assertSigned(s);
        assertThat(acs.wire.Json.MAPPER.readTree(acs.wire.Json.MAPPER.writeValueAsString(result))).isEqualTo(Examples.tree(example).get("data"));
    }

    @Test
    void listsOfServicesContainersAndHostsUseTheirPaths() {
        server.answer = "{\"code\":\"0\",\"message\":\"success\",\"data\":[]}";
        assertThat(client.services()).isEmpty();
        assertThat(server.last().path()).isEqualTo("/api/v1/service");
        assertThat(client.containers()).isEmpty();
        assertThat(server.last().path()).isEqualTo("/api/v1/container");
        assertThat(client.hosts()).isEmpty();
        assertThat(server.last().path()).isEqualTo("/api/v1/host");
    }

    @Test
    void uploadStartPostsAFormBody() {
        server.answer = Examples.text("command-upload-start.json");
        Command c = client.uploadStart(610474, UploadStart.of("http://oss.example.com/app-1.2.war")
                .withMethod(DeployMethod.SEQUENTIAL).withUpdate(false).withComment("发布 v2"));
        RecordingServer.Seen s = server.last();
        assertThat(s.method()).isEqualTo("POST");
        assertThat(s.path()).isEqualTo("/api/v1/node/610474/uploadStart");
        assertThat(s.rawQuery()).isNull();
        assertThat(s.contentType()).startsWith("application/x-www-form-urlencoded");
        assertThat(s.params()).containsEntry("url", "http://oss.example.com/app-1.2.war").containsEntry("method", "SEQUENTIAL")
                .containsEntry("update", "false").containsEntry("comment", "发布 v2");
        assertSigned(s);
        assertThat(c.commandId()).isEqualTo("6762ccf2-31ef-4917-9e8c-03dd6a510097");
        assertThat(c.status()).isEqualTo(CommandStatus.CREATED);
    }

    @Test
    void historyStartStartStopDeleteAndContainerActions() {
        server.answer = Examples.text("command-start.json");
        String started = Examples.tree("command-start.json").path("data").path("commandId").asText();
        assertThat(client.historyStart(610474, HistoryStart.of("2").withMethod(DeployMethod.PARALLEL).withUpdate(true)).commandId()).isEqualTo(started);
        assertThat(server.last().path()).isEqualTo("/api/v1/node/610474/historyStart");
        assertThat(server.last().params()).containsEntry("version", "2").containsEntry("method", "PARALLEL").containsEntry("update", "true");
        assertSigned(server.last());

        assertThat(client.start(610474, NodeStart.image("registry.acs.aliyun.com/open/tomcat7", "3.0.0")).commandId()).isEqualTo(started);
        assertThat(server.last().path()).isEqualTo("/api/v1/node/610474/start");
        assertThat(server.last().params()).containsEntry("imageName", "registry.acs.aliyun.com/open/tomcat7").containsEntry("imageTag", "3.0.0")
                .doesNotContainKeys("method", "update");

        assertThat(client.stop(610474, DeployMethod.SEQUENTIAL).commandId()).isEqualTo(started);
        assertThat(server.last().method()).isEqualTo("POST");
        assertThat(server.last().path()).isEqualTo("/api/v1/node/610474/stop");
        assertThat(server.last().params()).containsEntry("method", "SEQUENTIAL");

        assertThat(client.delete(610474).commandId()).isEqualTo(started);
        assertThat(server.last().method()).isEqualTo("DELETE");
        assertThat(server.last().path()).isEqualTo("/api/v1/node/610474");
        assertThat(server.last().rawQuery()).contains("accesskey=").contains("timestamp=");
        assertSigned(server.last());

        assertThat(client.containerStart(16634).commandId()).isEqualTo(started);
        assertThat(server.last().path()).isEqualTo("/api/v1/container/16634/start");
        assertThat(client.containerStop(16634).commandId()).isEqualTo(started);
        assertThat(server.last().path()).isEqualTo("/api/v1/container/16634/stop");
        assertSigned(server.last());
    }

    @Test
    void unicodeAndReservedCharactersSurviveEncodingAndSigning() {
        server.answer = Examples.text("command-upload-start.json");
        client.uploadStart(1, UploadStart.of("http://h/app.war?x=a+b&y=%41").withComment("100% 发布 & more"));
        assertThat(server.last().params()).containsEntry("url", "http://h/app.war?x=a+b&y=%41").containsEntry("comment", "100% 发布 & more");
        assertSigned(server.last());
    }

    @Test
    void aServerFaultOnAReadIsRetriedThenReported() {
        server.status = 500;
        server.answer = "{\"code\":\"1001\",\"message\":\"InternalError\"}";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.nodes())
                .isInstanceOf(acs.ApiException.class).hasMessageContaining("1001");
        assertThat(server.seen).hasSize(3);
    }

    @Test
    void aServerFaultOnADeployIsNeverRetried() {
        server.status = 500;
        server.answer = "{\"code\":\"1001\",\"message\":\"InternalError\"}";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.uploadStart(1, UploadStart.of("http://h/app.war")))
                .isInstanceOf(acs.ApiException.class);
        assertThat(server.seen).hasSize(1);
    }

    @Test
    void dryRunPreparationSendsNothingAndRedactsTheSignature() {
        var p = client.prepare(acs.ApiCall.uploadStart(610474, UploadStart.of("http://h/app.war")));
        assertThat(server.seen).isEmpty();
        assertThat(p.describe()).contains("POST " + server.endpoint() + "/api/v1/node/610474/uploadStart")
                .contains("url=http%3A%2F%2Fh%2Fapp.war").contains("Authorization: <redacted>").doesNotContain(p.authorization());
        assertThat(p.toString()).doesNotContain(p.authorization());
    }
}
