package acs.config;

import acs.auth.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * A stand-in for the service when nothing is configured ({@link AcsConfig#nothingConfigured()}).
 * The simulator provides one ({@code META-INF/services/acs.config.EmbeddedService}), found with
 * {@link ServiceLoader}, so the library uses it when it is on the class path without depending on it.
 */
public interface EmbeddedService {
    /** What the notice calls it, e.g. "the embedded simulator, state in ~/.acs/sim-state.json". */
    String describe(Path home);

    /**
     * Starts the stand-in with its state kept in the toolkit's home. Its threads must not keep the
     * JVM alive; closing the result stops it (a second close does nothing). What a person should be
     * told meanwhile (e.g. that it waits for another process) goes to {@code notices}, a whole line each.
     */
    Running start(Path home, Consumer<String> notices);

    /** A started stand-in: where it listens and the key pair it accepts. */
    interface Running extends AutoCloseable {
        URI endpoint();
        String accessKey();
        Secret secretKey();
        @Override void close();
    }

    /** The first provider on the class path of this library, or null. */
    static EmbeddedService find() {
        return ServiceLoader.load(EmbeddedService.class, EmbeddedService.class.getClassLoader()).findFirst().orElse(null);
    }
}
