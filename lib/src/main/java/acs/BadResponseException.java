package acs;

/** The server's answer was not an envelope: empty, not JSON, or a non-2xx status without one. */
public class BadResponseException extends AcsException {
    private final int httpStatus;
    private final String bodyStart;

    public BadResponseException(String what, int httpStatus, String method, String path, String body) {
        this(what, httpStatus, method, path, body, null);
    }

    public BadResponseException(String what, int httpStatus, String method, String path, String body, Throwable cause) {
        super(method + " " + path + ": " + what + " (HTTP " + httpStatus + ")"
                + (body == null || body.isEmpty() ? "" : "; body starts: " + start(body)), cause);
        this.httpStatus = httpStatus;
        this.bodyStart = body == null ? "" : start(body);
    }

    static String start(String body) {
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
    }

    public int httpStatus() { return httpStatus; }
    public String bodyStart() { return bodyStart; }

    @Override public int exitCode() { return EXIT_TRANSPORT; }
}
