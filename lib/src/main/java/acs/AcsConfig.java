package acs;

import java.net.ProxySelector;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where and as whom the client talks. Resolved field by field, highest first:
 * <ol>
 *   <li>explicit values (CLI flags, or what the Java caller passes);</li>
 *   <li>environment: {@code ACS_ENDPOINT}, {@code ACS_ACCESS_KEY}, {@code ACS_SECRET_KEY}
 *       ({@code ACS_PROFILE} picks the profile); an empty variable counts as unset;</li>
 *   <li>the selected profile of {@code ~/.acs/config.json} or {@code config.properties}
 *       (explicit profile, else {@code ACS_PROFILE}, else the file's {@code default}).</li>
 * </ol>
 * {@code endpoint} is null when none is configured anywhere; with {@link #nothingConfigured()}
 * the clients of {@link AcsClient#create()} and the CLI embed the simulator.
 */
public record AcsConfig(URI endpoint, String accessKey, Secret secretKey, String profile,
                        Duration connectTimeout, Duration requestTimeout, ProxySelector proxy,
                        Clock clock, List<String> warnings) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    public AcsConfig {
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        requestTimeout = requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout;
        clock = clock == null ? Clock.systemUTC() : clock;
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** A config with just these values (no environment, no profile): handy in tests and JShell. */
    public static AcsConfig of(String endpoint, String accessKey, String secretKey) {
        return new AcsConfig(endpointUri(endpoint, "endpoint"), accessKey, Secret.of(secretKey), null, null, null, null, null, null);
    }

    /** Resolves from the process environment and the profile file. */
    public static AcsConfig load() {
        return resolve(Settings.NONE, System.getenv());
    }

    /** Resolves explicit values over the given environment and its profile file. */
    public static AcsConfig resolve(Settings explicit, Map<String, String> env) {
        Settings fromEnv = new Settings(env.get("ACS_ENDPOINT"), env.get("ACS_ACCESS_KEY"), env.get("ACS_SECRET_KEY"),
                env.get("ACS_PROFILE"), null, null);
        Path home = Profiles.home(env);
        Profiles file = Profiles.read(home);
        List<String> warnings = new ArrayList<>(file.warnings());

        String wanted = first(explicit.profile(), fromEnv.profile());
        String source = explicit.profile() != null ? "--profile" : "ACS_PROFILE";
        if (wanted == null) {
            wanted = file.defaultName();
            source = "the 'default' of " + file.file();
        }
        Settings profile = Settings.NONE;
        if (wanted != null) {
            profile = file.profiles().get(wanted);
            if (profile == null) {
                throw new ConfigException("profile '" + wanted + "' (from " + source + ") does not exist"
                        + (file.file() == null ? "; there is no profile file in " + home : " in " + file.file()
                        + "; known profiles: " + String.join(", ", file.profiles().keySet()))
                        + " (create it with 'acs configure --profile " + wanted + "')");
            }
        } else if (file.profiles().size() == 1) {
            profile = file.profiles().values().iterator().next();
            wanted = profile.profile();
        }

        String endpointSource = explicit.endpoint() != null ? "--endpoint" : fromEnv.endpoint() != null ? "ACS_ENDPOINT" : "profile '" + wanted + "'";
        String endpoint = first(explicit.endpoint(), fromEnv.endpoint(), profile.endpoint());
        return new AcsConfig(endpoint == null ? null : endpointUri(endpoint, endpointSource),
                first(explicit.accessKey(), fromEnv.accessKey(), profile.accessKey()),
                Secret.of(first(explicit.secretKey(), fromEnv.secretKey(), profile.secretKey())),
                wanted,
                first(explicit.connectTimeout(), profile.connectTimeout()),
                first(explicit.requestTimeout(), profile.requestTimeout()),
                ProxyEnv.from(env), null, warnings);
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T v : values) if (v != null) return v;
        return null;
    }

    static URI endpointUri(String text, String source) {
        if (text == null) return null;
        try {
            URI u = new URI(text.trim().replaceAll("/+$", ""));
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) return u;
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new ConfigException("endpoint from " + source + " is not an http(s) URL: '" + text
                + "'; expected e.g. http://open-ews.cloud.tmall.com");
    }

    /**
     * True when nothing is configured, so an embedded stand-in may be used ({@link EmbeddedService}).
     * The one place that decides it: every face (library, CLI, DSL, shell) asks here.
     */
    public boolean nothingConfigured() {
        return !hasEndpoint();
    }

    /** True when an endpoint is configured. */
    public boolean hasEndpoint() {
        return endpoint != null;
    }

    public AcsConfig withEndpoint(URI e) { return new AcsConfig(e, accessKey, secretKey, profile, connectTimeout, requestTimeout, proxy, clock, warnings); }
    public AcsConfig withCredentials(String ak, Secret sk) { return new AcsConfig(endpoint, ak, sk, profile, connectTimeout, requestTimeout, proxy, clock, warnings); }
    public AcsConfig withRequestTimeout(Duration t) { return new AcsConfig(endpoint, accessKey, secretKey, profile, connectTimeout, t, proxy, clock, warnings); }
    public AcsConfig withClock(Clock c) { return new AcsConfig(endpoint, accessKey, secretKey, profile, connectTimeout, requestTimeout, proxy, c, warnings); }

    /** Checks that a request can be signed; names what is missing and where to set it. */
    void requireComplete() {
        if (endpoint == null) {
            throw new ConfigException("no endpoint configured: pass --endpoint, set ACS_ENDPOINT, or add one to a profile ('acs configure')");
        }
        if (accessKey == null) {
            throw new ConfigException("accessKey is missing: pass --access-key, set ACS_ACCESS_KEY, or add it to a profile ('acs configure')");
        }
        if (secretKey == null) {
            throw new ConfigException("secretKey is missing: set ACS_SECRET_KEY, pipe it to --secret-key-stdin, or add it to a profile ('acs configure')");
        }
    }
}
