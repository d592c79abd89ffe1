package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CLI prints the server's command as it was sent, with or without --wait, as command-get does:
 * a field this toolkit does not know, and a status it does not know, reach the user untouched.
 */
class VerbatimAnswerTest {
    static final String CREATED = "{\"code\":\"0\",\"message\":\"success\",\"data\":{\"commandId\":\"c-1\",\"name\":\"node_upload_start\","
            + "\"status\":\"CREATED\",\"result\":\"\",\"resultMsg\":\"\",\"createTime\":\"2026-12-07 10:00:00\",\"endTime\":\"\",\"activitys\":[],"
            + "\"shard\":\"eu-1\"}}";
    static final String QUEUED = CREATED.replace("CREATED", "QUEUED_BY_OPERATOR");
    static final String DONE = CREATED.replace("\"CREATED\"", "\"DONE\"").replace("\"result\":\"\"", "\"result\":\"200\"")
            .replace("\"endTime\":\"\"", "\"endTime\":\"2026-12-07 10:00:02\"");
    HttpServer server;
    final AtomicInteger polls = new AtomicInteger();
    InputStream stdin;

    @BeforeEach void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            String body = ex.getRequestMethod().equals("POST") ? CREATED : polls.incrementAndGet() < 2 ? QUEUED : DONE;
            byte[] out = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json;charset=UTF-8");
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
        stdin = System.in;
    }

    @AfterEach void stop() {
        server.stop(0);
        System.setIn(stdin);
    }

    CliHarness.Result run(String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of(
                "--endpoint", "http://127.0.0.1:" + server.getAddress().getPort(), "--access-key", "ak", "--secret-key-stdin")).toArray(String[]::new);
        System.setIn(new ByteArrayInputStream("sk\n".getBytes(StandardCharsets.UTF_8)));
        return CliHarness.run(all);
    }

    @Test void aDeployWithWaitPrintsTheFinalCommandAsTheServerSentIt() throws Exception {
        CliHarness.Result r = run("node-deploy", "610474", "--url", "http://repo.example.com/a.war", "--wait", "-o", "json");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode printed = Json.MAPPER.readTree(r.out());
        assertThat(printed.path("shard").asText()).as("a field the toolkit does not know").isEqualTo("eu-1");
        assertThat(printed).isEqualTo(Json.MAPPER.readTree(DONE).get("data"));
        assertThat(polls.get()).as("an unknown status is not an end: polled through").isEqualTo(2);
    }

    @Test void commandWaitPrintsItVerbatimToo() throws Exception {
        CliHarness.Result r = run("command-wait", "6762ccf2-31ef-4917-9e8c-03dd6a510097", "-o", "json");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(Json.MAPPER.readTree(r.out())).isEqualTo(Json.MAPPER.readTree(DONE).get("data"));
    }

    @Test void withoutWaitTheAcceptedCommandKeepsItsUnknownStatusAsSent() throws Exception {
        polls.set(-100);
        CliHarness.Result r = run("command-get", "6762ccf2-31ef-4917-9e8c-03dd6a510097", "-o", "json");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(Json.MAPPER.readTree(r.out()).path("status").asText()).isEqualTo("QUEUED_BY_OPERATOR");
    }
}
