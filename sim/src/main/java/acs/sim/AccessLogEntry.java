package acs.sim;

import java.time.Instant;

/**
 * One request as the simulator's access log records it. {@code path} is the request path only:
 * never the query string (which holds the access key), never a header (the signature).
 * {@code code} is the envelope's code ("0", "1004", …).
 */
public record AccessLogEntry(Instant time, String method, String path, int httpStatus, String code, long millis) {
    /** The access-log line: {@code METHOD path HTTPSTATUS code millis ms}. */
    public String toLine() {
        return method + " " + path + " " + httpStatus + " " + code + " " + millis + " ms";
    }

    @Override public String toString() {
        return toLine();
    }
}
