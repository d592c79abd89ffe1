package acs;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One step of an activity; {@code status} "200" is success; {@code msg} may be absent. */
public record Step(String stepName, String status,
                   @JsonInclude(JsonInclude.Include.NON_EMPTY) String msg) {
    public Step {
        stepName = stepName == null ? "" : stepName;
        status = status == null ? "" : status;
        msg = msg == null ? "" : msg;
    }

    public boolean succeeded() {
        return "200".equals(status);
    }
}
