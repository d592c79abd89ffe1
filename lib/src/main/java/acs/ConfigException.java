package acs;

/** Configuration or credentials are missing or broken (a profile, a key, an endpoint). */
public class ConfigException extends AcsException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override public int exitCode() { return EXIT_CONFIG; }
}
