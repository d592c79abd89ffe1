package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.ApiException;
import acs.AcsException;
import acs.ErrorCode;
import acs.config.Settings;
import acs.wire.ApiTime;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The API's error codes (API.md §4, copied here), its time format, and a configuration layer's values. */
class BasicsTest {
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "0, success, false", "1001, InternalError, true", "1002, ParamError, false", "1003, ParamRequired, false",
        "1004, SignError, false", "1005, ResourceNotExist, false", "1006, NoPermission, false",
        "1007, StatusError, false", "1008, ActionNotExist, false", "1009, Timeout, true"})
    void everyDocumentedCodeIsKnownWithItsMessage(String code, String message, boolean transientForReads) {
        ErrorCode c = ErrorCode.of(code);
        assertThat(c).isNotEqualTo(ErrorCode.UNKNOWN);
        assertThat(c.code()).isEqualTo(code);
        assertThat(c.apiMessage()).isEqualTo(message);
        assertThat(c.isTransient()).isEqualTo(transientForReads);
        assertThat(new ApiException(code, message, 200, "GET", "/api/v1/node").isTransient()).isEqualTo(transientForReads);
    }

    @Test void anUndocumentedCodeIsUnknownButKeptVerbatim() {
        for (String code : new String[] {"", "1010", "01001", "1001 ", "unknown"}) {
            assertThat(ErrorCode.of(code)).as("'%s'", code).isEqualTo(ErrorCode.UNKNOWN);
            ApiException e = new ApiException(code, "m", 200, "GET", "/p");
            assertThat(e.rawCode()).isEqualTo(code);
            assertThat(e.exitCode()).isEqualTo(AcsException.EXIT_API);
            assertThat(e.isTransient()).isFalse();
        }
        assertThat(ErrorCode.UNKNOWN.apiMessage()).isEqualTo("Unknown");
        assertThat(new ApiException("1234", "m", 502, "GET", "/p").isTransient()).as("any 5xx").isTrue();
        assertThat(new ApiException("1234", "m", 499, "GET", "/p").isTransient()).isFalse();
    }

    @Test void apiErrorsSayWhatToCheckAndExitByKind() {
        ApiException sign = new ApiException("1004", "SignError", 200, "GET", "/api/v1/node");
        assertThat(sign.exitCode()).isEqualTo(AcsException.EXIT_CONFIG);
        assertThat(sign.getMessage()).isEqualTo("GET /api/v1/node failed: code 1004 SignError (check the access key, the secret key and this machine's clock)");
        assertThat(new ApiException("1006", "NoPermission", 200, "GET", "/p").exitCode()).isEqualTo(AcsException.EXIT_CONFIG);
        assertThat(new ApiException("1005", "ResourceNotExist", 404, "GET", "/p").getMessage()).endsWith("(HTTP 404) (no such resource: check the id)");
        assertThat(new ApiException("1007", "StatusError", 200, "POST", "/p").getMessage()).contains("is a command still running?");
        assertThat(new ApiException("1006", "NoPermission", 200, "GET", "/p").getMessage()).contains("may not touch the resource");
        assertThat(new ApiException("1002", "ParamError", 200, "GET", "/p").getMessage()).isEqualTo("GET /p failed: code 1002 ParamError");
    }

    @Test void apiTimesReadAndWriteInChinaTime() {
        Random r = new Random(20261201);
        for (int i = 0; i < 200; i++) {
            OffsetDateTime t = OffsetDateTime.of(2000 + r.nextInt(40), 1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(24), r.nextInt(60), r.nextInt(60), 0,
                    ZoneOffset.ofHours(r.nextInt(25) - 12));
            String text = ApiTime.format(t);
            assertThat(text).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
            assertThat(ApiTime.parse(text).toInstant()).isEqualTo(t.toInstant());
            assertThat(ApiTime.parse(" " + text + " ").getOffset()).isEqualTo(ZoneOffset.ofHours(8));
        }
        assertThat(ApiTime.format(OffsetDateTime.parse("2016-05-05T02:52:00Z"))).isEqualTo("2016-05-05 10:52:00");
        assertThat(ApiTime.parse("2016-05-05T10:52:00+08:00")).isEqualTo(OffsetDateTime.parse("2016-05-05T10:52:00+08:00"));
        assertThat(ApiTime.parse("")).isNull();
        assertThat(ApiTime.parse(null)).isNull();
        assertThat(ApiTime.format(null)).isEmpty();
        assertThatThrownBy(() -> ApiTime.parse("yesterday")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'yesterday'");
    }

    @Test void aSettingsLayerTrimsBlanksAwayAndNeverShowsTheSecret() {
        Settings s = new Settings(" http://h:1 ", "  ", "sk-very-secret", "\t", Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(s.endpoint()).isEqualTo("http://h:1");
        assertThat(s.accessKey()).isNull();
        assertThat(s.profile()).isNull();
        assertThat(s.toString()).doesNotContain("sk-very-secret").contains("****").contains("http://h:1");
        assertThat(Settings.NONE.withSecretKey(null).toString()).contains("secretKey=null");
        Settings all = Settings.NONE.withEndpoint("e").withAccessKey("a").withSecretKey("k").withProfile("p")
                .withConnectTimeout(Duration.ofSeconds(3)).withRequestTimeout(Duration.ofSeconds(4));
        assertThat(all).isEqualTo(new Settings("e", "a", "k", "p", Duration.ofSeconds(3), Duration.ofSeconds(4)));
    }
}
