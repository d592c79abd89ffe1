package acs.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** An API time reads as the JDK's formatter for yyyy-MM-dd HH:mm:ss reads it, the odd values included. */
class ApiTimeTest {
    @Test void everyTimeReadsAsTheFormatterReadsIt() {
        List<String> texts = new ArrayList<>(List.of("2016-05-05 10:52:00", "2024-02-29 23:59:59", "2023-02-29 12:00:00",
                "2023-02-30 12:00:00", "2023-04-31 00:00:00", "2023-12-31 24:00:00", "2023-13-01 00:00:00", "2023-00-10 00:00:00",
                "0000-01-01 00:00:00", "0001-01-01 00:00:00", "9999-12-31 23:59:59", "2023-01-01 00:60:00", "2023-01-01 00:00:60",
                "2023-01-01T00:00:00", "2023-01-01 0:00:00", "２０２３-01-01 00:00:00", "2023-01-01 00:00:0x"));
        Random r = new Random(23);
        for (int i = 0; i < 5000; i++) {
            texts.add(String.format("%04d-%02d-%02d %02d:%02d:%02d", r.nextInt(3000), r.nextInt(14), r.nextInt(33), r.nextInt(25), r.nextInt(61), r.nextInt(61)));
        }
        for (String t : texts) {
            OffsetDateTime expected;
            try {
                expected = LocalDateTime.parse(t, ApiTime.FORMAT).atOffset(ApiTime.ZONE);
            } catch (DateTimeParseException e) {
                expected = null;
            }
            if (expected != null) {
                assertThat(ApiTime.parse(t)).as(t).isEqualTo(expected);
            } else if (!t.contains("T")) {
                assertThatThrownBy(() -> ApiTime.parse(t)).as(t).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(t);
            }
        }
    }

    @Test void everyTimeIsWrittenAsTheFormatterWritesIt() {
        Random r = new Random(7);
        List<OffsetDateTime> times = new ArrayList<>(List.of(OffsetDateTime.parse("0001-01-01T00:00:00+08:00"),
                OffsetDateTime.parse("9999-12-31T23:59:59+08:00"), OffsetDateTime.parse("9999-12-31T23:59:59Z"),
                OffsetDateTime.parse("0001-01-01T00:00:00Z"), OffsetDateTime.parse("-0001-06-01T00:00:00Z")));
        for (int i = 0; i < 5000; i++) {
            long second = r.nextLong() % 400_000_000_000L;
            times.add(java.time.Instant.ofEpochSecond(second, r.nextInt(1_000_000_000))
                    .atOffset(java.time.ZoneOffset.ofTotalSeconds((r.nextInt(36) - 18) * 3600)));
        }
        for (OffsetDateTime t : times) {
            assertThat(ApiTime.format(t)).as(t.toString()).isEqualTo(t.atZoneSameInstant(ApiTime.ZONE).format(ApiTime.FORMAT));
        }
        assertThat(ApiTime.format(null)).isEmpty();
    }
}
