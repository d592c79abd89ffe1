package acs;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/**
 * Container status, as the 2018 container chapter defines it (the node chapter's
 * descriptions of 6–11 are shifted and wrong; API.md §7).
 */
public enum ContainerStatus {
    /** Host resources still being allocated. */ ALLOCATING,
    ALLOCATED, STARTING, RUNNING, FAIL,
    /** Start failed, the docker process exists. */ RUNFAILED,
    /** Start failed, no docker process. */ STARTFAILED,
    STOPPING, STOPPED, LOGIN,
    /** Stop failed. */ STOPFAILED,
    @JsonEnumDefaultValue UNKNOWN;

    public static ContainerStatus parse(String text) {
        return Enums.parse(ContainerStatus.class, "status", text);
    }
}
