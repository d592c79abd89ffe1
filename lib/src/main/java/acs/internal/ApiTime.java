package acs.internal;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The API's time format: {@code yyyy-MM-dd HH:mm:ss} in China time (UTC+8); {@code ""} means "never". */
public final class ApiTime {
    public static final ZoneOffset ZONE = ZoneOffset.ofHours(8);
    public static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private ApiTime() {}

    /** Parses an API time; {@code ""} or {@code null} gives {@code null}. */
    public static OffsetDateTime parse(String text) {
        if (text == null || text.isBlank()) return null;
        try {
            return LocalDateTime.parse(text.trim(), FORMAT).atOffset(ZONE);
        } catch (DateTimeParseException e) {
            // Be lenient with servers that send ISO-8601 instead.
            try {
                return OffsetDateTime.parse(text.trim());
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("not an API time (yyyy-MM-dd HH:mm:ss): '" + text + "'");
            }
        }
    }

    /** Formats a time the way the API does; {@code null} gives {@code ""}. */
    public static String format(OffsetDateTime time) {
        return time == null ? "" : time.atZoneSameInstant(ZONE).format(FORMAT);
    }
}
