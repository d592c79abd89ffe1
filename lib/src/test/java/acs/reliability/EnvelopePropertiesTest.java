package acs.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import acs.ApiException;
import acs.BadResponseException;
import acs.wire.Envelope;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The envelope parser over generated bodies whose expected outcome is known by construction:
 * the generator builds each envelope from its parts (code, message, data, extra fields, in a
 * random order) and so knows whether it must give data (and which), an API error (with which code
 * and message) or a bad response. Damaged bodies (cut short, not an object, random bytes) must
 * give a bad response, and an error envelope never yields data.
 */
class EnvelopePropertiesTest {
    static final ObjectMapper WRITER = new ObjectMapper();
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final String METHOD = "POST", PATH = "/api/v1/node/610474/uploadStart";

    static Stream<Long> seeds() { return Gen.seeds(300); }

    /** What a body must give. */
    sealed interface Expected permits Data, ApiError, Bad {}
    record Data(JsonNode data) implements Expected {}
    record ApiError(String code, String message) implements Expected {}
    record Bad() implements Expected {}
    record Body(String text, Expected expected) {}

    /** An envelope built from parts; its outcome follows from the code chosen. */
    static Body envelope(Gen g) {
        List<String> fields = new ArrayList<>();
        Expected expected;
        String message = g.r.nextInt(4) == 0 ? null : g.string(0, 20);
        switch (g.r.nextInt(6)) {
            case 0, 1 -> {
                String[] ok = {"\"0\"", "0", "\"\\u0030\""};
                fields.add("\"code\":" + ok[g.r.nextInt(ok.length)]);
                JsonNode data = g.r.nextInt(5) == 0 ? null : value(g, 3);
                if (data != null) fields.add("\"data\":" + write(data));
                expected = new Data(data == null ? MissingNode.getInstance() : reread(data));
            }
            case 2, 3 -> {
                String code = errorCode(g);
                fields.add("\"code\":" + (g.r.nextBoolean() && code.matches("[1-9][0-9]{0,8}") ? code : write(F.textNode(code))));
                if (g.r.nextBoolean()) fields.add("\"data\":" + write(value(g, 2)));
                expected = new ApiError(code, message == null ? "" : message);
            }
            case 4 -> {
                String[] notACode = {"null", "true", "false", "[]", "{}", "{\"x\":1}", "[\"0\"]"};
                fields.add("\"code\":" + notACode[g.r.nextInt(notACode.length)]);
                fields.add("\"data\":" + write(value(g, 2)));
                expected = new Bad();
            }
            default -> {
                fields.add("\"data\":" + write(value(g, 2)));
                expected = new Bad(); // no code at all: JSON, but not the API's
            }
        }
        if (message != null) fields.add("\"message\":" + write(F.textNode(message)));
        else if (g.r.nextBoolean()) fields.add("\"message\":null");
        if (g.r.nextBoolean()) fields.add("\"requestId\":" + write(F.textNode(g.string(0, 8))));
        Collections.shuffle(fields, new java.util.Random(g.r.nextLong()));
        String sep = g.r.nextBoolean() ? "," : " ,\n ";
        return new Body((g.r.nextBoolean() ? "" : " \n") + "{" + String.join(sep, fields) + "}", expected);
    }

    static String errorCode(Gen g) {
        String[] fixed = {"1001", "1002", "1004", "1008", "1009", "00", "0 ", " 0", "O", "-0", "0.0", "", "9999"};
        if (g.r.nextBoolean()) return fixed[g.r.nextInt(fixed.length)];
        String c;
        do c = g.r.nextBoolean() ? Integer.toString(1 + g.r.nextInt(Integer.MAX_VALUE - 1)) : g.string(0, 6); while (c.equals("0"));
        return c;
    }

    static JsonNode value(Gen g, int depth) {
        int kind = g.r.nextInt(depth > 0 ? 8 : 5);
        return switch (kind) {
            case 0 -> F.nullNode();
            case 1 -> F.booleanNode(g.r.nextBoolean());
            case 2 -> F.numberNode(g.r.nextLong());
            case 3, 4 -> F.textNode(g.string(0, 12));
            case 5 -> {
                ArrayNode a = F.arrayNode();
                for (int i = g.r.nextInt(4); i > 0; i--) a.add(value(g, depth - 1));
                yield a;
            }
            default -> {
                ObjectNode o = F.objectNode();
                for (int i = g.r.nextInt(4); i > 0; i--) o.set(g.string(1, 6), value(g, depth - 1));
                yield o;
            }
        };
    }

    static String write(JsonNode n) {
        try {
            return WRITER.writeValueAsString(n);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** As any JSON reader sees it (an int-sized long reads back as an int). */
    static JsonNode reread(JsonNode n) {
        try {
            return WRITER.readTree(write(n));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void check(int status, String body, Expected expected) {
        Throwable t = catchThrowable(() -> {
            JsonNode data = Envelope.data(status, body, METHOD, PATH);
            assertThat(expected).as("body %s gave data %s", body, data).isInstanceOf(Data.class);
            assertThat(data).as("data of %s", body).isEqualTo(((Data) expected).data());
        });
        if (t instanceof AssertionError a) throw a;
        if (expected instanceof Data) {
            assertThat(t).as("body %s", body).isNull();
        } else if (expected instanceof ApiError e) {
            assertThat(t).as("body %s", body).isExactlyInstanceOf(ApiException.class);
            ApiException api = (ApiException) t;
            assertThat(api.rawCode()).isEqualTo(e.code());
            assertThat(api.apiMessage()).isEqualTo(e.message());
            assertThat(api.httpStatus()).isEqualTo(status);
            assertThat(api.getMessage()).startsWith(METHOD + " " + PATH + " failed: code " + e.code());
        } else {
            assertThat(t).as("body %s", body).isExactlyInstanceOf(BadResponseException.class);
            assertThat(((BadResponseException) t).httpStatus()).isEqualTo(status);
            assertThat(t.getMessage()).startsWith(METHOD + " " + PATH + ": ").contains("(HTTP " + status + ")");
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anEnvelopeGivesWhatItsCodeSays(long seed) {
        Gen g = new Gen(seed);
        Body b = envelope(g);
        check(g.r.nextBoolean() ? 200 : 100 + g.r.nextInt(500), b.text(), b.expected());
    }

    /** A body cut anywhere before its closing brace is not JSON: never data, never a made-up API error. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anEnvelopeCutShortIsABadResponse(long seed) {
        Gen g = new Gen(seed);
        String full = envelope(g).text().strip();
        check(200, full.substring(0, g.r.nextInt(full.length() - 1)), new Bad());
    }

    /** JSON that is not an object (a string, a number, an array, deep nesting) or no JSON at all. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aBodyThatIsNotAnObjectIsABadResponse(long seed) {
        Gen g = new Gen(seed);
        String body = switch (g.r.nextInt(6)) {
            case 0 -> write(F.textNode(g.string(0, 30)));
            case 1 -> Long.toString(g.r.nextLong());
            case 2 -> { int n = 1 + g.r.nextInt(3000); yield "[".repeat(n) + "]".repeat(n); }
            case 3 -> "<html><body>" + g.string(0, 40) + "</body></html>";
            case 4 -> (char) ('a' + g.r.nextInt(26)) + g.string(0, 60); // a letter first: never JSON, or true/false/null
            default -> write(F.arrayNode().add(value(g, 2)));
        };
        check(g.r.nextBoolean() ? 200 : 502, body, new Bad());
    }

    /** Random bytes: no data and no API error can come out of them unless they happen to start an object. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomBytesAreABadResponse(long seed) {
        Gen g = new Gen(seed);
        byte[] b = new byte[g.r.nextInt(300)];
        for (int i = 0; i < b.length; i++) b[i] = (byte) g.r.nextInt(256);
        String body = new String(b, StandardCharsets.UTF_8);
        if (body.strip().startsWith("{")) body = "x" + body;
        check(200, body, new Bad());
    }
}
