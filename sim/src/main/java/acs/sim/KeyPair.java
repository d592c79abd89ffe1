package acs.sim;

import java.util.Objects;
import java.util.Set;

/**
 * An access key / secret key pair the simulator accepts. {@code serviceIds} limits the key to
 * those services (any other service's node, container, command or service answers 1006
 * NoPermission, and lists are filtered); an empty set means every service.
 * {@link #toString()} never shows the secret.
 */
public record KeyPair(String accessKey, String secretKey, Set<Long> serviceIds) {
    /** The documented demo keys (the test-vector keys of API.md §3), allowed on every service. */
    public static final KeyPair DEMO = new KeyPair("t9xuit3pt202ou09", "secretKey123", Set.of());

    public KeyPair {
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        if (accessKey.isBlank()) throw new IllegalArgumentException("accessKey must not be blank");
        if (secretKey.isBlank()) throw new IllegalArgumentException("secretKey must not be blank");
        serviceIds = serviceIds == null ? Set.of() : Set.copyOf(serviceIds);
    }

    /** A key pair allowed on every service. */
    public static KeyPair of(String accessKey, String secretKey) {
        return new KeyPair(accessKey, secretKey, Set.of());
    }

    /** Whether this key may touch resources of that service. */
    public boolean permits(long serviceId) {
        return serviceIds.isEmpty() || serviceIds.contains(serviceId);
    }

    @Override public String toString() {
        return "KeyPair[accessKey=" + accessKey + ", secretKey=****, serviceIds=" + serviceIds + "]";
    }
}
