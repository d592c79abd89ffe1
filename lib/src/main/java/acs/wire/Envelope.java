package acs.wire;

import acs.ApiException;
import acs.BadResponseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * The one parser of the API's envelope {@code {"code":"0","message":"success","data":…}}.
 * Whatever the server sends, it returns {@code data} or throws an {@link acs.AcsException}.
 */
public final class Envelope {
    private Envelope() {}

    /** JSON that has no {@code code}: a 2xx that is not the API's, or an error page of some proxy. */
    public static BadResponseException notAnEnvelope(int httpStatus, String method, String path, String body) {
        String what = httpStatus / 100 == 2 ? "response is JSON but not an API envelope (no \"code\")"
                : "HTTP error without an API envelope";
        return new BadResponseException(what, httpStatus, method, path, body);
    }

    /** The {@code data} of a successful envelope (missing data gives a MissingNode). */
    public static JsonNode data(int httpStatus, String body, String method, String path) {
        return data(httpStatus, body, acs.Operation.OTHER, method, path);
    }

    /** The same for a call whose operation is known (its errors' hints depend on it). */
    public static JsonNode data(int httpStatus, String body, acs.Operation operation, String method, String path) {
        if (body == null || body.isBlank()) {
            throw new BadResponseException("empty response body", httpStatus, method, path, body);
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new BadResponseException("response is not JSON", httpStatus, method, path, body, null);
        }
        JsonNode code = root == null ? null : root.get("code");
        if (code == null || !(code.isTextual() || code.isNumber())) throw notAnEnvelope(httpStatus, method, path, body);
        String c = code.asText();
        if (!c.equals("0")) {
            JsonNode m = root.get("message"), d = root.get("detail");
            throw new ApiException(c, m == null || m.isNull() ? "" : m.asText(), d == null || !d.isTextual() ? null : d.asText(),
                    httpStatus, operation, method, path);
        }
        JsonNode data = root.get("data");
        return data == null ? MissingNode.getInstance() : data;
    }
}
