package acs.lib;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback server that records exactly what arrived on the wire and answers with a canned
 * body: to check the client's requests independently of the simulator.
 */
final class RecordingServer implements AutoCloseable {
    record Seen(String method, String path, String rawQuery, String body, Map<String, String> params,
                String authorization, String contentType, String userAgent) {}

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    volatile int status = 200;
    volatile String answer = "{\"code\":\"0\",\"message\":\"success\",\"data\":[]}";

    RecordingServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> params = new LinkedHashMap<>();
            parse(ex.getRequestURI().getRawQuery(), params);
            parse(body, params);
            seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(), body, params,
                    ex.getRequestHeaders().getFirst("Authorization"), ex.getRequestHeaders().getFirst("Content-Type"),
                    ex.getRequestHeaders().getFirst("User-Agent")));
            byte[] out = answer.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json;charset=UTF-8");
            ex.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
    }

    private static void parse(String s, Map<String, String> into) {
        if (s == null || s.isEmpty()) return;
        for (String kv : s.split("&")) {
            int eq = kv.indexOf('=');
            into.put(URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    Seen last() {
        return seen.get(seen.size() - 1);
    }

    @Override public void close() {
        server.stop(0);
    }
}
