package acs.sim;

import acs.auth.Secret;
import acs.auth.Signer;
import acs.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** Requests built by hand, the way a 2016 client did: java.net.http plus lib's Signer. */
final class Raw {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    record Resp(int status, String body, HttpHeaders headers) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String code() { return json().path("code").asText(); }
        String message() { return json().path("message").asText(); }
        JsonNode data() { return json().path("data"); }

        @Override public String toString() { return "HTTP " + status + " " + body; }
    }

    private Raw() {}

    /** accesskey + timestamp (now) + the given business parameters, in that order. */
    static Map<String, String> params(String accessKey, String... kv) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("accesskey", accessKey);
        p.put("timestamp", Long.toString(System.currentTimeMillis()));
        for (int i = 0; i < kv.length; i += 2) p.put(kv[i], kv[i + 1]);
        return p;
    }

    static String sign(String secret, Map<String, String> params) {
        return Signer.sign(Secret.of(secret), params);
    }

    static String form(Map<String, String> p) {
        StringJoiner j = new StringJoiner("&");
        p.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return j.toString();
    }

    /** Sends exactly this request: {@code target} is the path plus whatever query the test wants. */
    static Resp send(Simulator sim, String method, String target, String authorization, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.endpoint() + target)).timeout(Duration.ofSeconds(30));
        if (authorization != null) b.header("Authorization", authorization);
        if (contentType != null) b.header("Content-Type", contentType);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Resp(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new AssertionError(method + " " + target + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A signed GET with the parameters in the query string. */
    static Resp get(Simulator sim, String path, String... kv) {
        Map<String, String> p = params(sim.accessKey(), kv);
        return send(sim, "GET", path + "?" + form(p), sign(sim.secretKey(), p), null, null);
    }

    /** A signed DELETE with the parameters in the query string. */
    static Resp delete(Simulator sim, String path) {
        Map<String, String> p = params(sim.accessKey());
        return send(sim, "DELETE", path + "?" + form(p), sign(sim.secretKey(), p), null, null);
    }

    /** A signed POST with the parameters as a form body. */
    static Resp post(Simulator sim, String path, String... kv) {
        return postAs(sim, sim.accessKey(), sim.secretKey(), path, kv);
    }

    static Resp postAs(Simulator sim, String ak, String sk, String path, String... kv) {
        Map<String, String> p = params(ak, kv);
        return send(sim, "POST", path, sign(sk, p), "application/x-www-form-urlencoded", form(p));
    }

    static Resp getAs(Simulator sim, String ak, String sk, String path) {
        Map<String, String> p = params(ak);
        return send(sim, "GET", path + "?" + form(p), sign(sk, p), null, null);
    }

    /**
     * Sends bytes as they are over a socket (java.net.URI refuses malformed escapes, which is
     * exactly what this is for); returns the status and body of the answer.
     */
    static Resp socket(Simulator sim, String method, String target, String authorization, String contentType, String body) {
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder req = new StringBuilder();
        req.append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(sim.endpoint().getAuthority()).append("\r\n")
                .append("Connection: close\r\n");
        if (authorization != null) req.append("Authorization: ").append(authorization).append("\r\n");
        if (contentType != null) req.append("Content-Type: ").append(contentType).append("\r\n");
        req.append("Content-Length: ").append(b.length).append("\r\n\r\n");
        try (java.net.Socket s = new java.net.Socket(sim.endpoint().getHost(), sim.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().write(b);
            s.getOutputStream().flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(answer.substring(9, 12));
            String payload = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            return new Resp(status, payload, HttpHeaders.of(Map.of(), (x, y) -> true));
        } catch (IOException e) {
            throw new AssertionError(method + " " + target + ": " + e, e);
        }
    }

    /** Every JSON null in the tree, as paths (empty when there is none). */
    static java.util.List<String> nulls(JsonNode n) {
        java.util.List<String> out = new java.util.ArrayList<>();
        walk(n, "$", out);
        return out;
    }

    private static void walk(JsonNode n, String at, java.util.List<String> out) {
        if (n == null || n.isNull()) {
            out.add(at);
        } else if (n.isObject()) {
            n.fields().forEachRemaining(e -> walk(e.getValue(), at + "." + e.getKey(), out));
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) walk(n.get(i), at + "[" + i + "]", out);
        }
    }
}
