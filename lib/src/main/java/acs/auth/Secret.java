package acs.auth;

import java.util.Objects;

/**
 * A secret key. It prints as {@code ****} everywhere (toString, records, logs) so that it
 * cannot leak by accident; only the signer reads the value.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Wraps a secret; {@code null} or blank yields {@code null} (no secret). */
    public static Secret of(String value) {
        return value == null || value.isBlank() ? null : new Secret(value);
    }

    /** The raw secret. Call it only to sign or to store in a profile file. */
    public String reveal() {
        return value;
    }

    @Override public String toString() { return "****"; }
    @Override public boolean equals(Object o) { return o instanceof Secret s && s.value.equals(value); }
    @Override public int hashCode() { return Objects.hash(value); }
}
