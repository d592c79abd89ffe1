package acs.wire;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A signed request, ready to send: what goes on the wire. {@link #toString()} and
 * {@link #describe()} redact the signature; only the client's transport ({@code acs.client}) reads {@link #authorization()}.
 */
public record PreparedRequest(String method, URI uri, Map<String, String> params, String authorization, String body) {
    public static final String REDACTED = "<redacted>";

    /** {@code application/x-www-form-urlencoded} encoding of parameters (also used for query strings). */
    public static String form(Map<String, String> params) {
        StringJoiner j = new StringJoiner("&");
        params.forEach((k, v) -> j.add(enc(k) + "=" + enc(v)));
        return j.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The request as a person reads it: line, headers (signature redacted), body. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(uri).append('\n');
        sb.append("Authorization: ").append(REDACTED).append('\n');
        if (!body.isEmpty()) {
            sb.append("Content-Type: application/x-www-form-urlencoded\n\n").append(body).append('\n');
        }
        return sb.toString();
    }

    @Override public String toString() {
        return "PreparedRequest[" + method + " " + uri + (body.isEmpty() ? "" : " body=" + body) + ", Authorization=" + REDACTED + "]";
    }
}
