package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import acs.ApiCall;
import acs.ApiException;
import acs.BadResponseException;
import acs.Command;
import acs.ErrorCode;
import acs.Node;
import acs.TransportException;
import acs.UploadStart;
import acs.client.AcsClient;
import acs.config.AcsConfig;
import acs.journal.JournalEntry;
import acs.lifecycle.RetryPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one request path as a user meets it: the shapes of answers it accepts or names, the
 * streamed lists, the asynchronous call, the trace, retries with their attempt count.
 */
class ClientRequestPathTest {
    static final String NODE = "{\"id\":610474,\"name\":\"n\",\"status\":\"RUNNING\"}";
    RecordingServer server;
    AcsClient client;

    @BeforeEach
    void start() throws Exception {
        server = new RecordingServer();
        client = AcsClient.create(server.endpoint(), "ak", "sk").withRetry(new RetryPolicy(3, Duration.ZERO, Duration.ZERO));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void anEnvelopeInAnyFieldOrderOrWithANumericCodeGivesItsData() {
        server.answer = "{\"message\":\"success\",\"data\":" + NODE + ",\"code\":\"0\"}";
        assertThat(client.node(610474).name()).isEqualTo("n");
        server.answer = "{\"code\":0,\"data\":" + NODE + "}";
        assertThat(client.node(610474).id()).isEqualTo(610474L);
        server.answer = "{\"code\":\"0\",\"message\":\"success\",\"data\":" + NODE + ",\"requestId\":{\"x\":[1,2]}}";
        assertThat(client.node(610474).id()).isEqualTo(610474L);
        assertThat(server.seen).hasSize(3);
    }

    @Test
    void anErrorEnvelopeIsNeverData() {
        server.answer = "{\"code\":\"1005\",\"message\":\"ResourceNotExist\",\"data\":" + NODE + "}";
        Throwable t = catchThrowable(() -> client.node(610474));
        assertThat(t).isInstanceOf(ApiException.class);
        assertThat(((ApiException) t).code()).isEqualTo(ErrorCode.RESOURCE_NOT_EXIST);
        assertThat(server.seen).as("1005 is not retried").hasSize(1);
        server.answer = "{\"data\":" + NODE + ",\"code\":\"1005\",\"message\":\"ResourceNotExist\"}";
        assertThat(catchThrowable(() -> client.node(610474))).isInstanceOf(ApiException.class);
    }

    @Test
    void dataOfTheWrongShapeIsNamedWithTheExpectedType() {
        server.answer = "{\"code\":\"0\",\"data\":[1,2]}";
        assertThatThrownBy(() -> client.node(610474)).isInstanceOf(BadResponseException.class)
                .hasMessageContaining("data does not have the expected shape").hasMessageContaining("acs.Node").hasMessageContaining("GET /api/v1/node/610474");
    }

    @Test
    void aGarbledReadIsRetriedToTheLimitAndThenReported() {
        server.answer = "{\"code\":\"0\",\"data\":" + NODE; // truncated
        assertThatThrownBy(() -> client.node(610474)).isInstanceOf(BadResponseException.class).hasMessageContaining("response is not JSON");
        assertThat(server.seen).hasSize(3);
        server.seen.clear();
        server.answer = "";
        assertThatThrownBy(() -> client.node(610474)).isInstanceOf(BadResponseException.class).hasMessageContaining("empty response body");
        assertThat(server.seen).hasSize(3);
    }

    @Test
    void callRawGivesTheDataVerbatimWithUnknownFieldsKept() {
        server.answer = "{\"code\":\"0\",\"data\":{\"id\":1,\"someNewField\":\"kept\",\"status\":\"NEW_STATUS\"}}";
        JsonNode data = client.callRaw(ApiCall.node(1));
        assertThat(data.path("someNewField").asText()).isEqualTo("kept");
        assertThat(data.path("status").asText()).isEqualTo("NEW_STATUS");
        assertThat(client.node(1).status().name()).as("the typed model maps an unknown value to UNKNOWN").isEqualTo("UNKNOWN");
    }

    @Test
    void aStreamedListDeliversEachElementAndCountsThem() {
        server.answer = "{\"code\":\"0\",\"message\":\"success\",\"data\":[" + NODE + "," + NODE.replace("610474", "610475") + "]}";
        List<Node> got = new ArrayList<>();
        assertThat(client.forEachNode(got::add)).isEqualTo(2);
        assertThat(got).extracting(Node::id).containsExactly(610474L, 610475L);
        server.answer = "{\"data\":[" + NODE + "],\"code\":\"0\"}";
        List<JsonNode> raw = new ArrayList<>();
        assertThat(client.stream(ApiCall.nodes(), JsonNode.class, raw::add)).as("data before code").isEqualTo(1);
        assertThat(raw.get(0).path("name").asText()).isEqualTo("n");
    }

    @Test
    void aStreamedErrorOrNonListIsNamed() {
        server.answer = "{\"code\":\"1006\",\"message\":\"NoPermission\",\"detail\":\"not yours\",\"data\":[" + NODE + "]}";
        List<Node> got = new ArrayList<>();
        Throwable t = catchThrowable(() -> client.forEachNode(got::add));
        assertThat(t).isInstanceOf(ApiException.class).hasMessageContaining("1006").hasMessageContaining("not yours");
        assertThat(got).isEmpty();
        server.answer = "{\"code\":\"0\",\"data\":{\"id\":1}}";
        assertThatThrownBy(() -> client.forEachNode(got::add)).isInstanceOf(BadResponseException.class).hasMessageContaining("data is not a list");
        server.answer = "{\"data\":{\"id\":1},\"code\":\"0\"}";
        assertThatThrownBy(() -> client.forEachNode(got::add)).isInstanceOf(BadResponseException.class).hasMessageContaining("data is not a list");
        server.answer = "[1,2]";
        assertThatThrownBy(() -> client.forEachNode(got::add)).isInstanceOf(BadResponseException.class).hasMessageContaining("not an API envelope");
        server.answer = "{\"message\":\"no code\"}";
        assertThatThrownBy(() -> client.forEachNode(got::add)).isInstanceOf(BadResponseException.class).hasMessageContaining("not an API envelope");
        assertThat(got).isEmpty();
    }

    @Test
    void aStreamedListIsRetriedWhileNothingWasDelivered() {
        server.status = 500;
        server.answer = "{\"code\":\"1001\",\"message\":\"InternalError\"}";
        assertThatThrownBy(() -> client.forEachNode(n -> { })).isInstanceOf(ApiException.class);
        assertThat(server.seen).hasSize(3);
        server.seen.clear();
        server.status = 200;
        server.answer = "{\"code\":\"0\",\"data\":[" + NODE + ",{\"id\":"; // breaks off after one element
        List<Node> got = new ArrayList<>();
        Throwable t = catchThrowable(() -> client.forEachNode(got::add));
        assertThat(t).isInstanceOf(TransportException.class).hasMessageContaining("the answer broke off after 1 elements");
        assertThat(got).hasSize(1);
        assertThat(server.seen).as("never repeated once elements were delivered").hasSize(1);
    }

    @Test
    void aStreamThatBreaksOffIsRetriedWholeWhenTheCallerCanForgetWhatItGot() {
        server.answer = "{\"code\":\"0\",\"data\":[" + NODE + ",{\"id\":"; // breaks off after one element, every time
        List<Node> got = new ArrayList<>();
        int[] restarts = {0};
        Throwable t = catchThrowable(() -> client.stream(ApiCall.nodes(), Node.class, got::add, () -> { restarts[0]++; got.clear(); }));
        assertThat(t).isInstanceOf(TransportException.class).hasMessageContaining("the answer broke off after 1 elements");
        assertThat(server.seen).as("retried whole, as often as any read").hasSize(3);
        assertThat(restarts[0]).isEqualTo(2);
        assertThat(got).as("only the last attempt's elements").hasSize(1);
    }

    @Test
    void anAsynchronousCallCompletesWithTheModelOrTheSameErrors() {
        server.answer = "{\"code\":\"0\",\"data\":" + NODE + "}";
        assertThat(client.callAsync(ApiCall.node(610474)).join().name()).isEqualTo("n");
        server.answer = "{\"code\":\"1007\",\"message\":\"StatusError\"}";
        Throwable t = catchThrowable(() -> client.callAsync(ApiCall.node(610474)).join());
        assertThat(t).isInstanceOf(CompletionException.class).hasCauseInstanceOf(ApiException.class);
        AcsClient nowhere = AcsClient.create("http://127.0.0.1:1", "ak", "sk");
        Throwable refused = catchThrowable(() -> nowhere.callAsync(ApiCall.node(1)).join());
        assertThat(refused.getCause()).isInstanceOf(TransportException.class).hasMessageContaining("connection refused");
        assertThat(((TransportException) refused.getCause()).maybeApplied()).isFalse();
        nowhere.close();
    }

    @Test
    void theTraceShowsEachRequestResponseAndRetryWithoutTheSignature() {
        List<String> trace = new ArrayList<>();
        client.trace(trace::add);
        server.status = 503;
        server.answer = "{\"code\":\"1009\",\"message\":\"Timeout\"}";
        catchThrowable(() -> client.node(610474));
        assertThat(trace).hasSize(3 + 3 + 2);
        assertThat(trace.get(0)).startsWith("> GET " + server.endpoint() + "/api/v1/node/610474?accesskey=ak&timestamp=")
                .endsWith("\n> Authorization: <redacted>");
        assertThat(trace.get(1)).matches("(?s)< HTTP 503 \\(\\d+ ms\\)\n< \\{\"code\":\"1009\".*");
        assertThat(trace.get(2)).startsWith("! GET /api/v1/node/610474 failed: code 1009 Timeout").endsWith("; attempt 2 of 3 in 0 ms");
        assertThat(trace.get(5)).endsWith("; attempt 3 of 3 in 0 ms");
        trace.clear();
        server.status = 200;
        server.answer = "{\"code\":\"0\",\"data\":{\"commandId\":\"c-1\"}}";
        Command c = client.uploadStart(610474, UploadStart.of("http://repo.example.com/a.war"));
        assertThat(c.commandId()).isEqualTo("c-1");
        assertThat(trace.get(0)).startsWith("> POST " + server.endpoint() + "/api/v1/node/610474/uploadStart\n> Authorization: <redacted>\n> accesskey=ak&timestamp=")
                .contains("url=http%3A%2F%2Frepo.example.com%2Fa.war");
        client.trace(null);
        server.answer = "{\"code\":\"0\",\"data\":[]}";
        client.nodes();
        assertThat(trace).hasSize(2);
    }

    @Test
    void theTimestampComesFromTheConfiguredClockAndEveryRetryIsSignedAgain() throws Exception {
        Clock fixed = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
        try (AcsClient pinned = AcsClient.create(AcsConfig.of(server.endpoint(), "ak", "sk").withClock(fixed))) {
            server.answer = "{\"code\":\"0\",\"data\":[]}";
            pinned.nodes();
            assertThat(server.last().params()).containsEntry("timestamp", Long.toString(fixed.millis()));
            assertThat(pinned.retryPolicy()).isEqualTo(RetryPolicy.DEFAULT);
            assertThat(pinned.toString()).isEqualTo("AcsClient[" + server.endpoint() + ", accessKey=ak]");
        }
    }

    @Test
    void aClosedClientRefusesNewRequests() {
        client.close();
        assertThatThrownBy(() -> client.nodes()).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(server.seen).isEmpty();
        client.close();
    }
    @Test
    void listsOfEveryKindArriveWithTheirElements() {
        server.answer = "{\"code\":\"0\",\"data\":[{\"id\":1,\"name\":\"a\"},{\"id\":2,\"name\":\"b\"}]}";
        assertThat(client.hosts()).extracting(acs.Host::id).containsExactly(1L, 2L);
        assertThat(client.services()).extracting(acs.Service::id).containsExactly(1L, 2L);
        assertThat(client.containers()).extracting(acs.Container::id).containsExactly(1L, 2L);
        assertThat(client.nodes()).extracting(Node::name).containsExactly("a", "b");
        assertThat(client.images()).hasSize(2);
    }

    @Test
    void aRetryWaitsItsDelayBeforeTheNextAttempt() {
        AcsClient patient = client.withRetry(new RetryPolicy(3, Duration.ofMillis(300), Duration.ofMillis(300)));
        assertThat(patient.retryPolicy().baseDelay()).isEqualTo(Duration.ofMillis(300));
        server.status = 503;
        server.answer = "{\"code\":\"1009\",\"message\":\"Timeout\"}";
        long t0 = System.nanoTime();
        catchThrowable(patient::nodes);
        assertThat(server.seen).hasSize(3);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("two waits of 300 ms").isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }

    @Test
    void anInterruptedRetryWaitEndsTheCallAndKeepsTheInterrupt() {
        server.status = 503;
        server.answer = "{\"code\":\"1009\",\"message\":\"Timeout\"}";
        AcsClient patient = client.withRetry(new RetryPolicy(3, Duration.ofSeconds(30), Duration.ofSeconds(30)));
        Thread.currentThread().interrupt();
        try {
            Throwable t = catchThrowable(patient::nodes);
            assertThat(t).isInstanceOf(acs.AcsException.class).hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aStreamedErrorWithANullMessageStillNamesItsCode() {
        server.answer = "{\"code\":\"1005\",\"message\":null,\"detail\":{\"not\":\"text\"},\"data\":null}";
        Throwable t = catchThrowable(() -> client.forEachNode(n -> { }));
        assertThat(t).isInstanceOf(ApiException.class);
        ApiException e = (ApiException) t;
        assertThat(e.rawCode()).isEqualTo("1005");
        assertThat(e.apiMessage()).isEmpty();
        assertThat(e.detail()).isNull();
        server.answer = "{\"code\":{\"x\":1},\"data\":[]}";
        assertThatThrownBy(() -> client.forEachNode(n -> { })).isInstanceOf(BadResponseException.class).hasMessageContaining("not an API envelope");
    }

    @Test
    void streamedAndAsynchronousCallsAreTracedToo() {
        List<String> trace = new ArrayList<>();
        client.trace(trace::add);
        server.answer = "{\"code\":\"0\",\"data\":[" + NODE + "]}";
        client.forEachNode(n -> { });
        assertThat(trace).hasSize(2);
        assertThat(trace.get(0)).startsWith("> GET " + server.endpoint() + "/api/v1/node?");
        assertThat(trace.get(1)).matches("< HTTP 200 \\(\\d+ ms, streamed 1 elements\\)");
        assertThat(Long.parseLong(trace.get(1).replaceAll("^< HTTP 200 \\((\\d+) ms.*$", "$1"))).as("elapsed ms").isBetween(0L, 60_000L);
        trace.clear();
        server.answer = "{\"code\":\"0\",\"data\":" + NODE + "}";
        client.callAsync(ApiCall.node(610474)).join();
        assertThat(trace).hasSize(2);
        assertThat(trace.get(0)).startsWith("> GET " + server.endpoint() + "/api/v1/node/610474?");
        assertThat(trace.get(1)).startsWith("< HTTP 200 (").endsWith(" ms)\n< " + server.answer);
        long ms = Long.parseLong(trace.get(1).replaceAll("(?s)^< HTTP 200 \\((\\d+) ms\\).*$", "$1"));
        assertThat(ms).as("elapsed time, not a clock reading").isBetween(0L, 60_000L);
    }

    @Test
    void aJournaledClientRecordsItsChangesInTheJournalTheSystemPropertyNames(@org.junit.jupiter.api.io.TempDir java.nio.file.Path home) {
        String before = System.getProperty("acs.journal");
        System.setProperty("acs.journal", home.resolve("j.jsonl").toString());
        try {
            AcsClient journaled = client.journaled();
            assertThat(journaled.lifecycle().journal().file()).isEqualTo(home.resolve("j.jsonl"));
            server.answer = "{\"code\":\"0\",\"data\":{\"commandId\":\"c-7\",\"status\":\"CREATED\"}}";
            Command c = journaled.uploadStart(610474, UploadStart.of("http://repo.example.com/a.war"));
            assertThat(c.commandId()).isEqualTo("c-7");
            assertThat(c.status()).isEqualTo(acs.CommandStatus.CREATED);
            List<acs.journal.JournalEntry> entries = journaled.lifecycle().journal().entries();
            assertThat(entries).singleElement().satisfies(e -> {
                assertThat(e.commandId()).isEqualTo("c-7");
                assertThat(e.face()).isEqualTo(JournalEntry.Face.LIBRARY);
            });
            assertThat(journaled.withJournal(null, journaled.lifecycle().origin()).lifecycle().journal()).isNull();
            assertThat(journaled.withOrigin(journaled.lifecycle().origin().withFace(JournalEntry.Face.SHELL)).lifecycle().origin().face()).isEqualTo(JournalEntry.Face.SHELL);
            assertThat(client.lifecycle().journal()).as("the original client journals nothing").isNull();
        } finally {
            if (before == null) System.clearProperty("acs.journal");
            else System.setProperty("acs.journal", before);
        }
    }
    @Test
    void aStreamedBodyGarbledBeforeItsFirstElementIsABadResponseNamedByItsStatus() {
        server.answer = "{\"code\":\"0\",\"data\":[{oops";
        List<Node> got = new ArrayList<>();
        assertThatThrownBy(() -> client.forEachNode(got::add)).isInstanceOf(BadResponseException.class).hasMessageContaining("response is not JSON");
        assertThat(server.seen).as("garbled before any element: retried like a read").hasSize(3);
        server.status = 502;
        server.answer = "<html>bad gateway";
        assertThatThrownBy(() -> client.forEachNode(got::add)).isInstanceOf(BadResponseException.class)
                .hasMessageContaining("HTTP error without an API envelope").hasMessageContaining("HTTP 502");
        assertThat(got).isEmpty();
    }

    @Test
    void waitForPollsTheCommandUntilItEnds() {
        server.answer = "{\"code\":\"0\",\"data\":{\"commandId\":\"c-1\",\"status\":\"DONE\",\"result\":\"200\",\"resultMsg\":\"\"}}";
        Command done = client.waitFor("c-1", acs.WaitOptions.DEFAULT.withTimeout(Duration.ofMinutes(1)));
        assertThat(done.succeeded()).isTrue();
        assertThat(server.last().path()).isEqualTo("/api/v1/command/c-1");
        assertThat(client.waitFor(done).commandId()).isEqualTo("c-1");
        assertThat(client.waitFor("c-1").succeeded()).isTrue();
    }
}
