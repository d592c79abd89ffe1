package acs;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** Command status (API.md §7). Terminal: {@link #DONE} and {@link #PUBLISH_FAILED}. */
public enum CommandStatus {
    /** Written, not yet published. */ CREATED,
    PUBLISHED, PUBLISH_FAILED, RUNNING, DONE,
    @JsonEnumDefaultValue UNKNOWN;

    public boolean isTerminal() {
        return this == DONE || this == PUBLISH_FAILED;
    }

    public static CommandStatus parse(String text) {
        return Enums.parse(CommandStatus.class, "status", text);
    }
}
