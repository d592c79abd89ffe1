package acs;

/** The API's documented error codes (API.md §4); the wire value is a string. */
public enum ErrorCode {
    SUCCESS("0"), INTERNAL_ERROR("1001"), PARAM_ERROR("1002"), PARAM_REQUIRED("1003"), SIGN_ERROR("1004"),
    RESOURCE_NOT_EXIST("1005"), NO_PERMISSION("1006"), STATUS_ERROR("1007"), ACTION_NOT_EXIST("1008"),
    TIMEOUT("1009"), UNKNOWN("");

    private final String code;

    ErrorCode(String code) {
        this.code = code;
    }

    /** The wire value, e.g. "1005". */
    public String code() {
        return code;
    }

    /** The API's message for this code, e.g. "ResourceNotExist". */
    public String apiMessage() {
        return switch (this) {
            case SUCCESS -> "success";
            case INTERNAL_ERROR -> "InternalError";
            case PARAM_ERROR -> "ParamError";
            case PARAM_REQUIRED -> "ParamRequired";
            case SIGN_ERROR -> "SignError";
            case RESOURCE_NOT_EXIST -> "ResourceNotExist";
            case NO_PERMISSION -> "NoPermission";
            case STATUS_ERROR -> "StatusError";
            case ACTION_NOT_EXIST -> "ActionNotExist";
            case TIMEOUT -> "Timeout";
            case UNKNOWN -> "Unknown";
        };
    }

    /** Errors worth retrying for a read (the server says it is its own fault or slow). */
    public boolean isTransient() {
        return this == INTERNAL_ERROR || this == TIMEOUT;
    }

    public static ErrorCode of(String code) {
        for (ErrorCode c : values()) {
            if (c != UNKNOWN && c.code.equals(code)) return c;
        }
        return UNKNOWN;
    }
}
