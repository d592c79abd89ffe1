package acs.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.AcsException;
import acs.ApiCall;
import acs.ApiException;
import acs.BadResponseException;
import acs.wire.Envelope;
import acs.wire.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The client reads the usual answer {"code":"0",…,"data":…} token by token instead of as a tree.
 * Whatever the body, that must give what the envelope's own parser ({@link Envelope}, then Jackson's
 * conversion) gives: the same data, or the same kind of error.
 */
class TypedAnswerTest {
    static final String NODE = "{\"id\":610474,\"name\":\"n\",\"status\":\"RUNNING\"}";
    static final String[] CODES = {"\"0\"", "0", "\"1001\"", "1001", "null", "{\"c\":\"0\"}", "true", "[\"0\"]"};
    static final String[] DATA = {NODE, "null", "[" + NODE + "]", "\"text\"", "{\"id\":\"not a number\"}", "{}"};
    static final String[] EXTRAS = {"\"message\":\"success\"", "\"requestId\":{\"x\":[1,2]}", "\"page\":{\"id\":5,\"name\":\"p\"}", "\"n\":3"};
    static final String[] AFTER = {"", "", "", " ", " {\"x\":1}", " ]", " garbage"};

    /** Envelope's reading, independent of the token-by-token one. */
    static Object reference(String body, ApiCall<?> call) {
        try {
            return Json.MAPPER.convertValue(Envelope.data(200, body, call.method(), call.path()), call.dataType());
        } catch (IllegalArgumentException e) {
            return "BadResponseException";
        } catch (AcsException e) {
            return e instanceof ApiException a ? "ApiException " + a.rawCode() : e.getClass().getSimpleName();
        }
    }

    static Object client(String body, ApiCall<?> call) {
        try {
            return AcsClient.typed(new Transport.Response(200, body, null), call);
        } catch (AcsException e) {
            return e instanceof ApiException a ? "ApiException " + a.rawCode() : e.getClass().getSimpleName();
        }
    }

    static String body(Random r) {
        List<String> fields = new ArrayList<>();
        if (r.nextInt(5) > 0) fields.add("\"code\":" + CODES[r.nextBoolean() ? r.nextInt(2) : r.nextInt(CODES.length)]);
        if (r.nextInt(5) > 0) fields.add("\"data\":" + DATA[r.nextInt(DATA.length)]);
        for (String extra : EXTRAS) if (r.nextBoolean()) fields.add(extra);
        Collections.shuffle(fields, r);
        return "{" + String.join(",", fields) + "}" + AFTER[r.nextInt(AFTER.length)];
    }

    @Test
    void everyEnvelopeShapeGivesWhatTheEnvelopeParserGives() {
        long seed = Long.getLong("acs.seed", 20261201L);
        Random r = new Random(seed);
        List<ApiCall<?>> calls = List.of(ApiCall.node(610474), ApiCall.nodes());
        int data = 0, errors = 0;
        for (int i = 0; i < 2000; i++) {
            String body = body(r);
            ApiCall<?> call = calls.get(i % 2);
            Object expected = reference(body, call);
            assertThat(client(body, call)).as("seed %d, %s of %s", seed, call.path(), body).isEqualTo(expected);
            if (expected instanceof String) errors++;
            else if (expected != null) data++;
        }
        assertThat(data).as("answers with data among the generated ones").isGreaterThan(100);
        assertThat(errors).as("errors among the generated ones").isGreaterThan(100);
    }

    @Test
    void dataWithoutACodeIsNotAnAnswer() {
        assertThatThrownBy(() -> AcsClient.typed(new Transport.Response(200, "{\"data\":" + NODE + "}", null), ApiCall.node(610474)))
                .isInstanceOf(BadResponseException.class).hasMessageContaining("response is JSON but not an API envelope (no \"code\")");
        assertThatThrownBy(() -> AcsClient.typed(new Transport.Response(200, "{\"message\":\"success\",\"data\":" + NODE + "}", null), ApiCall.node(610474)))
                .isInstanceOf(BadResponseException.class);
    }
}
