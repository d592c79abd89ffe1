package acs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An answer both ways: the typed value, and {@code data} as the server sent it (fields and values
 * this toolkit does not know kept), so a caller that prints the answer prints it verbatim.
 */
public record Answer<T>(T value, JsonNode raw) {}
