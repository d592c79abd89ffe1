package acs;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** How a node's containers are touched: all at once, or one after another. */
public enum DeployMethod {
    /** All containers at once (the server's default). */ PARALLEL,
    /** One container at a time; the others keep serving. */ SEQUENTIAL,
    @JsonEnumDefaultValue UNKNOWN;

    public static DeployMethod parse(String text) {
        return Enums.parse(DeployMethod.class, "method", text);
    }
}
