package acs.sim.http;

import acs.ErrorCode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a request's parameters as 2016 clients sent them: a query string and/or a form body,
 * merged into one map (all of them are signed). Strict, because a lenient decoder would sign and
 * answer something other than what the client meant: a bad escape, bytes that are not UTF-8, a
 * nameless parameter or one name with two values are 1002.
 */
public final class FormCodec {
    private FormCodec() {}

    /** Query and form parameters, merged, in the order given. */
    public static Map<String, String> params(HttpExchange ex) {
        Map<String, String> params = new LinkedHashMap<>();
        parseForm(ex.getRequestURI().getRawQuery(), params, "query string");
        byte[] body = readBody(ex.getRequestBody());
        if (body.length > 0) {
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            if (type != null && !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                throw ApiError.param("the body must be a form (application/x-www-form-urlencoded), not " + type
                        + "; or send the parameters in the query string");
            }
            parseForm(new String(body, StandardCharsets.UTF_8), params, "form body");
        }
        return params;
    }

    private static byte[] readBody(InputStream in) {
        byte[] b;
        try {
            b = in.readNBytes(Server.MAX_BODY + 1);
        } catch (IOException | RuntimeException e) {
            // a body shorter than its Content-Length, a broken chunk, a client that went away
            throw new ApiError(400, ErrorCode.PARAM_ERROR, "the request body could not be read (does Content-Length match the body?)");
        }
        if (b.length > Server.MAX_BODY) throw new ApiError(413, ErrorCode.PARAM_ERROR, "the request body is larger than " + Server.MAX_BODY + " bytes");
        return b;
    }

    private static void parseForm(String raw, Map<String, String> into, String where) {
        if (raw == null || raw.isEmpty()) return;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), where);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), where);
            if (name.isEmpty()) throw ApiError.param("a parameter without a name in the " + where);
            String old = into.putIfAbsent(name, value);
            if (old != null && !old.equals(value)) throw ApiError.param("parameter " + name + " is given twice with different values");
        }
    }

    /** Form decoding ({@code +} is a space); {@code where} names the part of the request in the error. */
    static String decode(String s, String where) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) return s;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(s.charAt(i + 2), 16);
                if (lo < 0) throw ApiError.param("bad percent-encoding in the " + where);
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (ch == '+') {
                bytes.write(' ');
            } else {
                byte[] b = String.valueOf(ch).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(ch) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(b);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw ApiError.param("percent-encoded bytes that are not UTF-8 in the " + where);
        }
    }
}
