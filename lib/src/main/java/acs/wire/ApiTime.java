package acs.wire;

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
        LocalDateTime fast = plain(text);
        if (fast != null) return fast.atOffset(ZONE);
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

    /**
     * The usual case without the formatter (most of a poll answer's parsing cost): exactly
     * {@code yyyy-MM-dd HH:mm:ss} in ASCII digits with valid values; null for anything else,
     * which the formatter then reads (or refuses) as before.
     */
    private static LocalDateTime plain(String t) {
        if (t.length() != 19 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != ' ' || t.charAt(13) != ':' || t.charAt(16) != ':') return null;
        int year = digits(t, 0, 4), month = digits(t, 5, 2), day = digits(t, 8, 2), hour = digits(t, 11, 2), minute = digits(t, 14, 2), second = digits(t, 17, 2);
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > java.time.Month.of(month).length(java.time.Year.isLeap(year))
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
        return LocalDateTime.of(year, month, day, hour, minute, second);
    }

    /** The number written by {@code n} ASCII digits at {@code from}; -1 (never valid) when one is not a digit. */
    private static int digits(String t, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Formats a time the way the API does; {@code null} gives {@code ""}. */
    public static String format(OffsetDateTime time) {
        if (time == null) return "";
        LocalDateTime t = time.getOffset().equals(ZONE) ? time.toLocalDateTime() : time.atZoneSameInstant(ZONE).toLocalDateTime();
        int year = t.getYear();
        // the usual case by hand (a tenth of the simulator's CPU went to the formatter); years the
        // pattern writes otherwise (before 1, after 9999) through it
        if (year < 1 || year > 9999) return t.format(FORMAT);
        char[] c = new char[19];
        put(c, 0, year, 4);
        c[4] = '-';
        put(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        put(c, 8, t.getDayOfMonth(), 2);
        c[10] = ' ';
        put(c, 11, t.getHour(), 2);
        c[13] = ':';
        put(c, 14, t.getMinute(), 2);
        c[16] = ':';
        put(c, 17, t.getSecond(), 2);
        return new String(c);
    }

    private static void put(char[] c, int at, int v, int n) {
        for (int i = at + n - 1; i >= at; i--, v /= 10) c[i] = (char) ('0' + v % 10);
    }
}
