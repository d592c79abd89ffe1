package acs.sim.http;

import acs.ErrorCode;
import acs.wire.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One answer before it is sent: HTTP status, the envelope code the access log records, body and
 * content type. The envelope ({@code {"code":"0","message":"success","data":…}}) is written with
 * the lib's {@link Json#MAPPER}, so its shapes are exactly the ones the client reads.
 */
public record Reply(int status, String code, byte[] body, String contentType) {
    private static final String JSON = "application/json;charset=UTF-8";
    private static final byte[] PROXY_PAGE = ("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>"
            + "</center><hr><center>simulated proxy</center></body></html>\n").getBytes(StandardCharsets.UTF_8);

    public static Reply success(Object data) throws IOException {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("code", ErrorCode.SUCCESS.code());
        env.put("message", ErrorCode.SUCCESS.apiMessage());
        env.put("data", data);
        return new Reply(200, "0", Json.MAPPER.writeValueAsBytes(env), JSON);
    }

    /** The error envelope, with the human {@code detail} beside code and message. */
    public static Reply error(ApiError e) {
        // API.md §3: every answer is {code, message, data}; a client may read r['data'] without looking at code
        ObjectNode env = Json.MAPPER.createObjectNode();
        env.put("code", e.code().code());
        env.put("message", e.code().apiMessage());
        env.putNull("data");
        env.put("detail", e.getMessage() == null ? "" : e.getMessage());
        try {
            return new Reply(e.httpStatus(), e.code().code(), Json.MAPPER.writeValueAsBytes(env), JSON);
        } catch (IOException io) {
            return new Reply(500, "1001", "{\"code\":\"1001\",\"message\":\"InternalError\",\"data\":null}".getBytes(StandardCharsets.UTF_8), JSON);
        }
    }

    /** A front proxy's HTML error page (the non-JSON answer clients met now and then). */
    public static Reply proxyPage() {
        return new Reply(502, "nonjson", PROXY_PAGE, "text/html");
    }
}
