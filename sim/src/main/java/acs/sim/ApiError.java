package acs.sim;

import acs.ErrorCode;

/** An API error answer: an envelope with this code, and a human detail. Cheap: no stack trace. */
final class ApiError extends RuntimeException {
    final int httpStatus;
    final ErrorCode code;

    ApiError(ErrorCode code, String detail) {
        this(200, code, detail);
    }

    ApiError(int httpStatus, ErrorCode code, String detail) {
        super(detail, null, false, false);
        this.httpStatus = httpStatus;
        this.code = code;
    }

    static ApiError param(String detail) { return new ApiError(ErrorCode.PARAM_ERROR, detail); }
    static ApiError required(String name) { return new ApiError(ErrorCode.PARAM_REQUIRED, name + " is required"); }
    static ApiError notFound(String detail) { return new ApiError(ErrorCode.RESOURCE_NOT_EXIST, detail); }
    static ApiError status(String detail) { return new ApiError(ErrorCode.STATUS_ERROR, detail); }
    static ApiError sign(String detail) { return new ApiError(ErrorCode.SIGN_ERROR, detail); }
    static ApiError denied(String detail) { return new ApiError(ErrorCode.NO_PERMISSION, detail); }
}
