package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.AcsException;
import acs.ApiException;
import acs.BadResponseException;
import acs.ErrorCode;
import acs.wire.Envelope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvelopeTest {

    @Test
    void successGivesData() {
        assertThat(Envelope.data(200, Examples.text("node-get.json"), "GET", "/api/v1/node/610474").get("id").asLong())
                .isEqualTo(610474);
    }

    @ParameterizedTest
    @CsvSource({"1001,INTERNAL_ERROR,4", "1002,PARAM_ERROR,4", "1003,PARAM_REQUIRED,4", "1004,SIGN_ERROR,3",
            "1005,RESOURCE_NOT_EXIST,4", "1006,NO_PERMISSION,3", "1007,STATUS_ERROR,4", "1008,ACTION_NOT_EXIST,4",
            "1009,TIMEOUT,4", "4242,UNKNOWN,4"})
    void errorCodesBecomeOneExceptionType(String code, ErrorCode expected, int exit) {
        String body = "{\"code\":\"" + code + "\",\"message\":\"Whatever\",\"data\":\"\"}";
        assertThatThrownBy(() -> Envelope.data(200, body, "POST", "/api/v1/node/1/stop"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(expected);
                    assertThat(e.rawCode()).isEqualTo(code);
                    assertThat(e.method()).isEqualTo("POST");
                    assertThat(e.path()).isEqualTo("/api/v1/node/1/stop");
                    assertThat(e.exitCode()).isEqualTo(exit);
                    assertThat(e.getMessage()).contains(code).contains("Whatever");
                });
    }

    @Test
    void numericCodeIsAcceptedToo() {
        assertThatThrownBy(() -> Envelope.data(200, "{\"code\":1005,\"message\":\"ResourceNotExist\"}", "GET", "/x"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_NOT_EXIST));
    }

    @Test
    void errorEnvelopeOnHttp500KeepsStatus() {
        assertThatThrownBy(() -> Envelope.data(500, "{\"code\":\"1001\",\"message\":\"InternalError\"}", "GET", "/x"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(500);
                    assertThat(e.isTransient()).isTrue();
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "502|<html><body>Bad Gateway</body></html>|not JSON",
            "200|''|empty",
            "200|{\"data\":[]}|not an API envelope",
            "404|{\"error\":\"nope\"}|without an API envelope",
            "200|{\"code\":\"0\",\"data\":[1,2|not JSON",
            "200|[1,2,3]|not an API envelope"})
    void anythingElseIsAClearBadResponse(int status, String body, String says) {
        assertThatThrownBy(() -> Envelope.data(status, body, "GET", "/api/v1/node"))
                .isInstanceOf(AcsException.class)
                .isInstanceOfSatisfying(BadResponseException.class, e -> {
                    assertThat(e.getMessage()).contains(says).contains("GET /api/v1/node").contains("HTTP " + status);
                    assertThat(e.httpStatus()).isEqualTo(status);
                    assertThat(e.exitCode()).isEqualTo(5);
                });
    }

    @Test
    void bodyStartIsQuotedButBounded() {
        String body = "<html>" + "x".repeat(10_000) + "</html>";
        assertThatThrownBy(() -> Envelope.data(503, body, "GET", "/p"))
                .satisfies(e -> assertThat(e.getMessage()).contains("<html>xxx").hasSizeLessThan(400));
    }
}
