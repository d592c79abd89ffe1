package acs.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The wire protocol: how 2016 clients called, signatures, error codes, the envelope, the access log. */
class SimulatorProtocolTest {
    static final List<String> sinkLines = new CopyOnWriteArrayList<>();
    static final KeyPair LIMITED = new KeyPair("limitedKey", "limitedSecret", Set.of(11982L));
    static Simulator sim;

    @BeforeAll static void start() {
        sim = Simulator.start(SimConfig.defaults().withKeys(KeyPair.DEMO, LIMITED)
                .withCommandDuration(Duration.ofMillis(300)).withAccessLogSink(sinkLines::add));
    }

    @AfterAll static void stop() {
        sim.close();
    }

    static void assertOk(Raw.Resp r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.code()).as(r.toString()).isEqualTo("0");
        assertThat(r.message()).isEqualTo("success");
    }

    static void assertCode(Raw.Resp r, String code, String message) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("code").isTextual()).as("code is a JSON string").isTrue();
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
        assertThat(r.message()).isEqualTo(message);
    }

    // ---- how 2016 clients called ----

    @Test void signedGetWithTrailingSlashAndBareQuestionMark() {
        Map<String, String> p = Raw.params(sim.accessKey());
        String sign = Raw.sign(sim.secretKey(), p);
        assertOk(Raw.send(sim, "GET", "/api/v1/node/610474/?" + Raw.form(p), sign, null, null));
        assertOk(Raw.send(sim, "GET", "/api/v1/node/?" + Raw.form(p), sign, null, null));
        assertOk(Raw.send(sim, "GET", "/api/v1/node?" + Raw.form(p) + "&", sign, null, null));
        Raw.Resp r = Raw.send(sim, "GET", "/api/v1/node/610474?" + Raw.form(p), sign, null, null);
        assertOk(r);
        assertThat(r.data().path("id").asLong()).isEqualTo(610474);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json;charset=UTF-8");
    }

    @Test void postWithBareQuestionMarkAndFormBody() {
        Map<String, String> p = Raw.params(sim.accessKey());
        Raw.Resp r = Raw.send(sim, "POST", "/api/v1/container/16237/stop?", Raw.sign(sim.secretKey(), p),
                "application/x-www-form-urlencoded", Raw.form(p));
        assertOk(r);
        assertThat(r.data().path("name").asText()).isEqualTo("container_stop");
        sim.client().waitFor(r.data().path("commandId").asText());
        assertOk(Raw.post(sim, "/api/v1/container/16237/start/"));
        Await.until(Duration.ofSeconds(10), "container 16237 running",
                () -> sim.state().node(610247).orElseThrow().containers().get(0).status() == acs.ContainerStatus.RUNNING
                        && sim.state().commands().stream().allMatch(c -> c.status().isTerminal()));
    }

    @Test void postParametersInQueryStringOrSplitBetweenQueryAndBody() {
        Map<String, String> p = Raw.params(sim.accessKey(), "method", "SEQUENTIAL");
        Raw.Resp r = Raw.send(sim, "POST", "/api/v1/node/610474/stop?" + Raw.form(p), Raw.sign(sim.secretKey(), p), null, null);
        assertOk(r);
        waitDone(r.data().path("commandId").asText());

        Map<String, String> all = Raw.params(sim.accessKey(), "method", "PARALLEL", "update", "False",
                "node_id", "610474", "comment", "发布 v2");
        Map<String, String> query = new LinkedHashMap<>(all);
        query.keySet().retainAll(Set.of("accesskey", "timestamp"));
        Map<String, String> body = new LinkedHashMap<>(all);
        body.keySet().removeAll(query.keySet());
        r = Raw.send(sim, "POST", "/api/v1/node/610474/start?" + Raw.form(query), Raw.sign(sim.secretKey(), all),
                "application/x-www-form-urlencoded; charset=UTF-8", Raw.form(body));
        assertOk(r);
        assertThat(r.data().path("status").asText()).isEqualTo("CREATED");
        waitDone(r.data().path("commandId").asText());
    }

    @Test void extraParametersAreSigned() {
        // comment takes part in the signature: a signature without it does not match
        Map<String, String> p = Raw.params(sim.accessKey(), "comment", "x");
        Map<String, String> without = new LinkedHashMap<>(p);
        without.remove("comment");
        Raw.Resp r = Raw.send(sim, "GET", "/api/v1/node?" + Raw.form(p), Raw.sign(sim.secretKey(), without), null, null);
        assertCode(r, "1004", "SignError");
        assertOk(Raw.send(sim, "GET", "/api/v1/node?" + Raw.form(p), Raw.sign(sim.secretKey(), p), null, null));
    }

    @Test void signatureIsComparedCaseInsensitively() {
        Map<String, String> p = Raw.params(sim.accessKey());
        assertOk(Raw.send(sim, "GET", "/api/v1/image?" + Raw.form(p), Raw.sign(sim.secretKey(), p).toLowerCase(), null, null));
    }

    @Test void badPercentEncodingIsParamErrorNotAStackTrace() {
        Map<String, String> p = Raw.params(sim.accessKey());
        String sign = Raw.sign(sim.secretKey(), p);
        // escapes of bytes that are not UTF-8, in the query string
        Raw.Resp r = Raw.send(sim, "GET", "/api/v1/node?" + Raw.form(p) + "&x=%FF%FE", sign, null, null);
        assertCode(r, "1002", "ParamError");
        // broken escapes in a form body
        for (String bad : List.of("%zz", "%E4%", "%", "%4")) {
            r = Raw.send(sim, "POST", "/api/v1/node/610474/stop", sign, "application/x-www-form-urlencoded", Raw.form(p) + "&method=" + bad);
            assertCode(r, "1002", "ParamError");
            assertThat(r.body()).doesNotContain("Exception").doesNotContain("at acs.");
        }
        // a request line that is no URI at all is refused by the JDK server before any handler: HTTP 400, no stack trace
        r = Raw.socket(sim, "GET", "/api/v1/node?" + Raw.form(p) + "&x=%zz", sign, null, null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).doesNotContain("\tat ");
        // the socket path itself answers well-formed requests
        assertOk(Raw.socket(sim, "GET", "/api/v1/node/610474/?" + Raw.form(p), sign, null, null));
        // well-formed escapes, '+' and multi-byte UTF-8 are decoded and signed as values
        Map<String, String> c = Raw.params(sim.accessKey(), "comment", "发布 v2 + 𝄞");
        assertOk(Raw.send(sim, "GET", "/api/v1/node?" + Raw.form(c), Raw.sign(sim.secretKey(), c), null, null));
    }

    @Test void conflictingDuplicateParameterIsParamError() {
        Map<String, String> p = Raw.params(sim.accessKey(), "method", "PARALLEL");
        Raw.Resp r = Raw.send(sim, "POST", "/api/v1/node/610474/stop?method=SEQUENTIAL", Raw.sign(sim.secretKey(), p),
                "application/x-www-form-urlencoded", Raw.form(p));
        assertCode(r, "1002", "ParamError");
    }

    @Test void jsonBodyIsRejected() {
        Map<String, String> p = Raw.params(sim.accessKey());
        Raw.Resp r = Raw.send(sim, "POST", "/api/v1/node/610474/stop?" + Raw.form(p), Raw.sign(sim.secretKey(), p),
                "application/json", "{\"method\":\"PARALLEL\"}");
        assertCode(r, "1002", "ParamError");
    }

    // ---- error codes a client can provoke ----

    @Test void paramError1002() {
        assertCode(Raw.get(sim, "/api/v1/node/abc"), "1002", "ParamError");
        assertCode(Raw.get(sim, "/api/v1/node/0"), "1002", "ParamError");
        assertCode(Raw.get(sim, "/api/v1/node/-5"), "1002", "ParamError");
        assertCode(Raw.get(sim, "/api/v1/container/1x"), "1002", "ParamError");
        assertCode(Raw.get(sim, "/api/v1/command/not%20an%20id"), "1002", "ParamError");
        assertCode(Raw.post(sim, "/api/v1/node/610474/uploadStart", "url", "http://repo.example.com/a.war", "method", "parallel"), "1002", "ParamError");
        assertCode(Raw.post(sim, "/api/v1/node/610474/uploadStart", "url", "http://repo.example.com/a.war", "update", "maybe"), "1002", "ParamError");
        assertCode(Raw.post(sim, "/api/v1/node/610474/uploadStart", "url", "ftp://repo.example.com/a.war"), "1002", "ParamError");
        assertCode(Raw.post(sim, "/api/v1/node/610474/uploadStart", "url", "not a url"), "1002", "ParamError");
        assertCode(Raw.post(sim, "/api/v1/node/610474/stop", "method", "ALL"), "1002", "ParamError");
        assertThat(sim.state().commands()).noneMatch(c -> c.name().equals("node_upload_start") && !c.status().isTerminal());
    }

    @Test void paramRequired1003() {
        Map<String, String> p = Raw.params(sim.accessKey());
        p.remove("accesskey");
        assertCode(Raw.send(sim, "GET", "/api/v1/node?" + Raw.form(p), Raw.sign(sim.secretKey(), p), null, null), "1003", "ParamRequired");
        p = Raw.params(sim.accessKey());
        p.remove("timestamp");
        assertCode(Raw.send(sim, "GET", "/api/v1/node?" + Raw.form(p), Raw.sign(sim.secretKey(), p), null, null), "1003", "ParamRequired");
        assertCode(Raw.post(sim, "/api/v1/node/610474/uploadStart"), "1003", "ParamRequired");
        assertCode(Raw.post(sim, "/api/v1/node/610474/uploadStart", "url", ""), "1003", "ParamRequired");
        assertCode(Raw.post(sim, "/api/v1/node/610474/historyStart", "method", "PARALLEL"), "1003", "ParamRequired");
        assertCode(Raw.post(sim, "/api/v1/node/610474/start", "imageName", "registry.acs.aliyun.com/open/tomcat7"), "1003", "ParamRequired");
        assertCode(Raw.post(sim, "/api/v1/node/610474/start", "imageTag", "3.0.0"), "1003", "ParamRequired");
    }

    @Test void signError1004() {
        Map<String, String> p = Raw.params(sim.accessKey());
        // bad signature
        assertCode(Raw.send(sim, "GET", "/api/v1/node?" + Raw.form(p), Raw.sign("wrongSecret", p), null, null), "1004", "SignError");
        // no Authorization header
        assertCode(Raw.send(sim, "GET", "/api/v1/node?" + Raw.form(p), null, null, null), "1004", "SignError");
        // unknown access key
        Map<String, String> u = Raw.params("nobody");
        assertCode(Raw.send(sim, "GET", "/api/v1/node?" + Raw.form(u), Raw.sign(sim.secretKey(), u), null, null), "1004", "SignError");
        // stale timestamp (20 minutes ago), and one in seconds instead of milliseconds
        for (long ts : new long[] {System.currentTimeMillis() - 20 * 60_000, System.currentTimeMillis() / 1000}) {
            Map<String, String> s = Raw.params(sim.accessKey());
            s.put("timestamp", Long.toString(ts));
            assertCode(Raw.send(sim, "GET", "/api/v1/node?" + Raw.form(s), Raw.sign(sim.secretKey(), s), null, null), "1004", "SignError");
        }
        // a timestamp that is not a number
        Map<String, String> n = Raw.params(sim.accessKey());
        n.put("timestamp", "yesterday");
        assertCode(Raw.send(sim, "GET", "/api/v1/node?" + Raw.form(n), Raw.sign(sim.secretKey(), n), null, null), "1004", "SignError");
    }

    @Test void resourceNotExist1005() {
        assertCode(Raw.get(sim, "/api/v1/node/999999"), "1005", "ResourceNotExist");
        assertCode(Raw.get(sim, "/api/v1/command/6762ccf2-31ef-4917-9e8c-03dd6a510097"), "1005", "ResourceNotExist");
        assertCode(Raw.get(sim, "/api/v1/container/999999"), "1005", "ResourceNotExist");
        assertCode(Raw.get(sim, "/api/v1/service/999999"), "1005", "ResourceNotExist");
        assertCode(Raw.get(sim, "/api/v1/host/999999"), "1005", "ResourceNotExist");
        assertCode(Raw.post(sim, "/api/v1/node/999999/stop"), "1005", "ResourceNotExist");
        assertCode(Raw.delete(sim, "/api/v1/node/999999"), "1005", "ResourceNotExist");
        assertCode(Raw.post(sim, "/api/v1/container/999999/start"), "1005", "ResourceNotExist");
        assertCode(Raw.post(sim, "/api/v1/node/610474/historyStart", "version", "42"), "1005", "ResourceNotExist");
    }

    @Test void noPermission1006WithAKeyLimitedToOneService() {
        String ak = LIMITED.accessKey(), sk = LIMITED.secretKey();
        assertCode(Raw.getAs(sim, ak, sk, "/api/v1/node/610474"), "1006", "NoPermission");
        assertCode(Raw.getAs(sim, ak, sk, "/api/v1/container/16634"), "1006", "NoPermission");
        assertCode(Raw.getAs(sim, ak, sk, "/api/v1/service/12209"), "1006", "NoPermission");
        assertCode(Raw.postAs(sim, ak, sk, "/api/v1/node/610474/uploadStart", "url", "http://repo.example.com/a.war"), "1006", "NoPermission");
        assertCode(Raw.postAs(sim, ak, sk, "/api/v1/container/16634/stop"), "1006", "NoPermission");
        Raw.Resp nodes = Raw.getAs(sim, ak, sk, "/api/v1/node");
        assertOk(nodes);
        assertThat(nodes.data().findValuesAsText("serviceId")).containsOnly("11982");
        Raw.Resp services = Raw.getAs(sim, ak, sk, "/api/v1/service");
        assertThat(services.data()).hasSize(1);
        assertThat(services.data().get(0).path("id").asLong()).isEqualTo(11982);
        Raw.Resp containers = Raw.getAs(sim, ak, sk, "/api/v1/container");
        assertThat(containers.data().findValuesAsText("nodeId")).containsOnly("610247");
        assertOk(Raw.getAs(sim, ak, sk, "/api/v1/node/610247"));
        // a command on another service's node is not visible either
        Raw.Resp c = Raw.post(sim, "/api/v1/node/610474/stop");
        assertOk(c);
        String id = c.data().path("commandId").asText();
        assertCode(Raw.getAs(sim, ak, sk, "/api/v1/command/" + id), "1006", "NoPermission");
        waitDone(id);
        assertOk(Raw.post(sim, "/api/v1/node/610474/start"));
        Await.until(Duration.ofSeconds(10), "node 610474 idle", () -> sim.state().commands().stream().allMatch(x -> x.status().isTerminal()));
    }

    @Test void actionNotExist1008IsHttp404() {
        for (Raw.Resp r : List.of(Raw.get(sim, "/api/v1/nodes"), Raw.get(sim, "/api/v2/node"), Raw.get(sim, "/"),
                Raw.get(sim, "/api/v1/node/610474/uploadStart"), Raw.post(sim, "/api/v1/node/610474/restart"),
                Raw.send(sim, "PUT", "/api/v1/node/610474", null, null, null))) {
            assertThat(r.status()).as(r.toString()).isEqualTo(404);
            assertThat(r.code()).isEqualTo("1008");
            assertThat(r.message()).isEqualTo("ActionNotExist");
        }
    }

    // ---- payloads ----

    @Test void noNullInAnySuccessPayload() {
        Raw.Resp cmd = Raw.post(sim, "/api/v1/container/16238/stop");
        assertOk(cmd);
        String id = cmd.data().path("commandId").asText();
        Map<String, Raw.Resp> answers = new LinkedHashMap<>();
        answers.put("uploadStart", cmd);
        // mid-command and after: activities with open end times, steps without msg
        Await.until(Duration.ofSeconds(10), "command " + id + " done", () -> {
            Raw.Resp r = Raw.get(sim, "/api/v1/command/" + id);
            assertThat(Raw.nulls(r.json())).as(r.body()).isEmpty();
            return r.data().path("status").asText().equals("DONE");
        });
        answers.put("command", Raw.get(sim, "/api/v1/command/" + id));
        for (String path : List.of("/api/v1/node", "/api/v1/node/610474", "/api/v1/service", "/api/v1/service/12209",
                "/api/v1/container", "/api/v1/container/16634", "/api/v1/image", "/api/v1/host", "/api/v1/host/3505")) {
            answers.put(path, Raw.get(sim, path));
        }
        answers.forEach((what, r) -> {
            assertOk(r);
            assertThat(Raw.nulls(r.json())).as(what + ": " + r.body()).isEmpty();
        });
        assertThat(answers.get("command").data().path("activitys").size()).isGreaterThan(0);
        assertThat(answers.get("/api/v1/image").body()).contains("\"ImageModifyTime\"");
        assertOk(Raw.post(sim, "/api/v1/container/16238/start"));
        Await.until(Duration.ofSeconds(10), "idle", () -> sim.state().commands().stream().allMatch(x -> x.status().isTerminal()));
    }

    // ---- access log ----

    @Test void accessLogHasOneLinePerRequestAndNeverASecret() {
        Map<String, String> p = Raw.params(sim.accessKey());
        String sign = Raw.sign(sim.secretKey(), p);
        Raw.send(sim, "GET", "/api/v1/host/3505?" + Raw.form(p), sign, null, null);
        Raw.send(sim, "GET", "/api/v1/host/3505?" + Raw.form(p), Raw.sign("bad", p), null, null);
        assertThat(sinkLines).anyMatch(l -> l.matches("GET /api/v1/host/3505 200 0 \\d+ ms"));
        assertThat(sinkLines).anyMatch(l -> l.matches("GET /api/v1/host/3505 200 1004 \\d+ ms"));
        assertThat(sinkLines).allMatch(l -> l.matches("[A-Z]+ \\S* \\d{3} \\d* \\d+ ms"), "format METHOD path STATUS code millis ms");
        assertThat(sim.accessLog()).anyMatch(e -> e.path().equals("/api/v1/host/3505") && e.code().equals("1004") && e.httpStatus() == 200);
        for (String line : sinkLines) {
            assertThat(line).doesNotContain(sim.secretKey()).doesNotContain(LIMITED.secretKey())
                    .doesNotContain(sign).doesNotContain(sign.toLowerCase()).doesNotContain("?").doesNotContain("accesskey")
                    .doesNotContain("timestamp");
        }
        for (AccessLogEntry e : sim.accessLog()) {
            assertThat(e.toLine()).doesNotContain(sim.secretKey()).doesNotContain(sign).doesNotContain("?");
        }
        sim.clearAccessLog();
        assertThat(sim.accessLog()).isEmpty();
    }

    static void waitDone(String commandId) {
        Await.until(Duration.ofSeconds(10), "command " + commandId + " DONE",
                () -> Raw.get(sim, "/api/v1/command/" + commandId).data().path("status").asText().equals("DONE"));
    }
}
