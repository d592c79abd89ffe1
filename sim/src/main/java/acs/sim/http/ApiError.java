package acs.sim.http;

import acs.ErrorCode;

/**
 * An API error answer: the envelope's code, a human detail and the HTTP status that carries it
 * (200 for the API's own errors, as the service answers them). Thrown wherever a check fails
 * (codec, authentication, handlers, the store's rules) and turned into a {@link Reply} in one
 * place. Cheap: no stack trace.
 */
public final class ApiError extends RuntimeException {
    private final int httpStatus;
    private final ErrorCode code;

    public ApiError(ErrorCode code, String detail) {
        this(200, code, detail);
    }

    public ApiError(int httpStatus, ErrorCode code, String detail) {
        super(detail, null, false, false);
        this.httpStatus = httpStatus;
        this.code = code;
    }

    public int httpStatus() { return httpStatus; }
    public ErrorCode code() { return code; }

    public static ApiError param(String detail) { return new ApiError(ErrorCode.PARAM_ERROR, detail); }
    public static ApiError required(String name) { return new ApiError(ErrorCode.PARAM_REQUIRED, name + " is required"); }
    public static ApiError notFound(String detail) { return new ApiError(ErrorCode.RESOURCE_NOT_EXIST, detail); }
    public static ApiError status(String detail) { return new ApiError(ErrorCode.STATUS_ERROR, detail); }
    public static ApiError sign(String detail) { return new ApiError(ErrorCode.SIGN_ERROR, detail); }
    public static ApiError denied(String detail) { return new ApiError(ErrorCode.NO_PERMISSION, detail); }
    public static ApiError noAction(String method, String path) {
        return new ApiError(404, ErrorCode.ACTION_NOT_EXIST, "no action " + method + " " + path);
    }
    public static ApiError internal(String detail) { return new ApiError(500, ErrorCode.INTERNAL_ERROR, detail); }
}
