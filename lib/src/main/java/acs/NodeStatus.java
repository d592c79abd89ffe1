package acs;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** Node status (API.md §7). {@link #UNKNOWN} stands for a value this client does not know yet. */
public enum NodeStatus {
    CREATED, RUNNING, STOPPED, DELETING,
    @JsonEnumDefaultValue UNKNOWN;

    /** Parses user input (any case); rejects unknown values with the list of valid ones. */
    public static NodeStatus parse(String text) {
        return Enums.parse(NodeStatus.class, "status", text);
    }
}
