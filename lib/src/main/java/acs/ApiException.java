package acs;

/** The server answered with an envelope whose {@code code} is not "0". */
public class ApiException extends AcsException {
    private final ErrorCode code;
    private final String rawCode;
    private final String apiMessage;
    private final int httpStatus;
    private final String method;
    private final String path;
    private final String detail;
    private final Operation operation;

    public ApiException(String rawCode, String apiMessage, int httpStatus, String method, String path) {
        this(rawCode, apiMessage, null, httpStatus, method, path);
    }

    /** @param detail the server's human {@code detail} beside the envelope's message, or null */
    public ApiException(String rawCode, String apiMessage, String detail, int httpStatus, String method, String path) {
        this(rawCode, apiMessage, detail, httpStatus, Operation.OTHER, method, path);
    }

    /** @param operation what was asked, for the hint (a missing version for a redeploy) */
    public ApiException(String rawCode, String apiMessage, String detail, int httpStatus, Operation operation, String method, String path) {
        super(describe(rawCode, apiMessage, detail, httpStatus, operation, method, path));
        this.operation = operation;
        this.detail = detail == null || detail.isBlank() ? null : detail;
        this.code = ErrorCode.of(rawCode);
        this.rawCode = rawCode;
        this.apiMessage = apiMessage;
        this.httpStatus = httpStatus;
        this.method = method;
        this.path = path;
    }

    private static String describe(String rawCode, String apiMessage, String detail, int httpStatus, Operation operation, String method, String path) {
        ErrorCode c = ErrorCode.of(rawCode);
        String hint = switch (c) {
            case SIGN_ERROR -> " (check the access key, the secret key and this machine's clock)";
            case NO_PERMISSION -> " (this access key may not touch the resource)";
            case RESOURCE_NOT_EXIST -> operation == Operation.NODE_REDEPLOY
                    ? " (no such node, or no such package version: versions are 1, 2, 3, … in the order the node's packages were deployed)"
                    : " (no such resource: check the id)";
            case STATUS_ERROR -> " (the resource's state does not allow this now: is a command still running?)";
            default -> "";
        };
        boolean newDetail = detail != null && !detail.isBlank() && !detail.equals(apiMessage);
        return method + " " + path + " failed: code " + rawCode + " " + apiMessage + (newDetail ? ": " + detail : "")
                + (httpStatus == 200 ? "" : " (HTTP " + httpStatus + ")") + hint;
    }

    public ErrorCode code() { return code; }
    public String rawCode() { return rawCode; }
    public String apiMessage() { return apiMessage; }
    public int httpStatus() { return httpStatus; }
    public String method() { return method; }
    public String path() { return path; }
    /** What was asked ({@link Operation#OTHER} when not known). */
    public Operation operation() { return operation; }
    /** The server's human detail, when it sent one. */
    public String detail() { return detail; }

    /** Worth retrying for a read: 1001, 1009 or a 5xx. */
    public boolean isTransient() {
        return code.isTransient() || httpStatus >= 500;
    }

    @Override public int exitCode() {
        return code == ErrorCode.SIGN_ERROR || code == ErrorCode.NO_PERMISSION ? EXIT_CONFIG : EXIT_API;
    }
}
