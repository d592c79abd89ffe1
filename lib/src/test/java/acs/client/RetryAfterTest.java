package acs.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A server's Retry-After: seconds, at most a minute; a date or nonsense is no delay of the server's. */
class RetryAfterTest {
    @ParameterizedTest(name = "Retry-After: ''{0}'' -> {1}")
    @CsvSource(value = {"5, PT5S", "' 7 ', PT7S", "0, PT0S", "60, PT1M", "3600, PT1M", "-1, null", "'Wed, 21 Oct 2026 07:28:00 GMT', null", "soon, null"},
            nullValues = "null")
    void retryAfterIsSecondsUpToAMinute(String header, Duration expected) {
        assertThat(Transport.retryAfter(header)).isEqualTo(expected);
    }

    @Test
    void noRetryAfterHeaderIsNoDelayFromTheServer() {
        assertThat(Transport.retryAfter(null)).isNull();
    }
}
