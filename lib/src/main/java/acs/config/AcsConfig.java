package acs.config;

import acs.ConfigException;
import acs.Names;
import acs.auth.Secret;
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
 * The embedded simulator is for a setup where <em>nothing</em> is configured: see
 * {@link #useEmbeddedSimulator()}. Anything partial is an error that names what was found where.
 */
public record AcsConfig(URI endpoint, String accessKey, Secret secretKey, String profile,
                        Duration connectTimeout, Duration requestTimeout, ProxySelector proxy,
                        Clock clock, List<String> warnings, Origins origins) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Where each value came from ({@code endpoint} → "ACS_ENDPOINT", "profile 'prod' of /…/config.json"…),
     * and the settings that look meant for the toolkit but are not its own (a misspelt {@code ACS_…}
     * variable, an {@code endpiont} profile key), each with a "did you mean".
     */
    public record Origins(Map<String, String> from, List<String> unknown) {
        public static final Origins NONE = new Origins(Map.of(), List.of());

        public Origins {
            from = from == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(from));
            unknown = unknown == null ? List.of() : List.copyOf(unknown);
        }
    }

    public AcsConfig {
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        requestTimeout = requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout;
        clock = clock == null ? Clock.systemUTC() : clock;
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        origins = origins == null ? Origins.NONE : origins;
    }

    /** Without origins (values given in code). */
    public AcsConfig(URI endpoint, String accessKey, Secret secretKey, String profile, Duration connectTimeout,
                     Duration requestTimeout, ProxySelector proxy, Clock clock, List<String> warnings) {
        this(endpoint, accessKey, secretKey, profile, connectTimeout, requestTimeout, proxy, clock, warnings, null);
    }

    /**
     * The variables the toolkit reads (ACS_SIM_SECRET_KEY: {@code acs sim}; the next five: the state store,
     * docs/TEAM.md; the last seven: the ./jbang wrapper and the installed launcher). Any other non-empty
     * {@code ACS_*} variable is taken for a typo of one: a configuration error ({@link #requireComplete()}),
     * never silently ignored.
     */
    public static final List<String> KNOWN_VARIABLES = List.of("ACS_ENDPOINT", "ACS_ACCESS_KEY", "ACS_SECRET_KEY",
            "ACS_PROFILE", "ACS_HOME", "ACS_SIM_SECRET_KEY",
            "ACS_STORE", "ACS_LEASE_HEARTBEAT", "ACS_LEASE_TTL", "ACS_OPERATOR", "ACS_LOCK_TIMEOUT", "ACS_JAVA_OPTS",
            "ACS_JBANG_NO_PATH", "ACS_JBANG_CDS", "ACS_JBANG_FAST", "ACS_MAVEN_URL", "ACS_NO_UPDATE_CHECK", "ACS_RESIDENT");

    /** A config with just these values (no environment, no profile): handy in tests and JShell. */
    public static AcsConfig of(String endpoint, String accessKey, String secretKey) {
        Map<String, String> from = new java.util.LinkedHashMap<>();
        if (endpoint != null) from.put("endpoint", "code");
        if (accessKey != null) from.put("accessKey", "code");
        if (secretKey != null) from.put("secretKey", "code");
        return new AcsConfig(endpointUri(endpoint, "endpoint"), accessKey, Secret.of(secretKey), null, null, null, null, null, null,
                new Origins(from, List.of()));
    }

    /** Resolves from the process environment and the profile file. */
    public static AcsConfig load() {
        return resolve(Settings.NONE, System.getenv());
    }

    /** Resolves explicit values over the given environment and its profile file. */
    public static AcsConfig resolve(Settings explicit, Map<String, String> env) {
        Settings fromEnv = new Settings(env.get("ACS_ENDPOINT"), env.get("ACS_ACCESS_KEY"), env.get("ACS_SECRET_KEY"),
                env.get("ACS_PROFILE"), null, null);
        Path home = AcsHome.of(env);
        Profiles file = Profiles.read(home);
        List<String> warnings = new ArrayList<>(file.warnings());
        List<String> unknown = new ArrayList<>();
        for (String name : new java.util.TreeSet<>(env.keySet())) {
            if (name.startsWith("ACS_") && !KNOWN_VARIABLES.contains(name) && Settings.blankToNull(env.get(name)) != null) {
                unknown.add("variable " + name + Names.didYouMean(name, KNOWN_VARIABLES));
            }
        }

        String wanted = first(explicit.profile(), fromEnv.profile());
        String source = explicit.profile() != null ? "--profile" : "ACS_PROFILE";
        if (wanted == null) {
            wanted = file.defaultName();
            source = "the 'default' of " + file.file();
        }
        Settings profile = Settings.NONE;
        Map<String, String> from = new java.util.LinkedHashMap<>();
        if (wanted != null) {
            profile = file.profiles().get(wanted);
            if (profile == null) {
                throw new ConfigException("profile '" + wanted + "' (from " + source + ") does not exist"
                        + (file.file() == null ? "; there is no profile file in " + home : " in " + file.file()
                        + "; known profiles: " + String.join(", ", file.profiles().keySet())
                        + Names.didYouMean(wanted, file.profiles().keySet()))
                        + " (create it with 'acs configure --profile " + wanted + "')");
            }
            from.put("profile", source);
        } else if (file.profiles().size() == 1) {
            profile = file.profiles().values().iterator().next();
            wanted = profile.profile();
            from.put("profile", "the only profile of " + file.file());
        } else if (!file.profiles().isEmpty()) {
            from.put("profile file", file.file() + " (profiles " + String.join(", ", file.profiles().keySet())
                    + ", none chosen: pass --profile NAME, set ACS_PROFILE, or add \"default\" to the file)");
        }
        // the selected profile's and the file's own unknown keys stop the run; another profile's only warn
        unknown.addAll(file.unknownKeysFor(wanted));
        String selected = wanted;
        file.unknownKeysByProfile().forEach((name, keys) -> {
            if (!name.equals(Profiles.TOP_LEVEL) && !name.equals(selected)) keys.forEach(k -> warnings.add("unknown " + k + " (a profile not used now)"));
        });
        String inProfile = "profile '" + wanted + "' of " + file.file();
        origin(from, "endpoint", explicit.endpoint(), "--endpoint", fromEnv.endpoint(), "ACS_ENDPOINT", profile.endpoint(), inProfile);
        origin(from, "accessKey", explicit.accessKey(), "--access-key", fromEnv.accessKey(), "ACS_ACCESS_KEY", profile.accessKey(), inProfile);
        origin(from, "secretKey", explicit.secretKey(), "--secret-key", fromEnv.secretKey(), "ACS_SECRET_KEY", profile.secretKey(), inProfile);

        String endpoint = first(explicit.endpoint(), fromEnv.endpoint(), profile.endpoint());
        return new AcsConfig(endpoint == null ? null : endpointUri(endpoint, from.get("endpoint")),
                first(explicit.accessKey(), fromEnv.accessKey(), profile.accessKey()),
                Secret.of(first(explicit.secretKey(), fromEnv.secretKey(), profile.secretKey())),
                wanted,
                first(explicit.connectTimeout(), profile.connectTimeout()),
                first(explicit.requestTimeout(), profile.requestTimeout()),
                ProxyEnv.from(env), null, warnings, new Origins(from, unknown));
    }

    private static void origin(Map<String, String> from, String field, String flag, String flagName, String var, String varName,
                               String inProfile, String profileName) {
        String where = flag != null ? flagName : var != null ? varName : inProfile != null ? profileName : null;
        if (where != null) from.put(field, where);
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
            if (u.getPath() != null && u.getPath().matches("(?i).*/api(/v\\d+)?(/.*)?")) {
                throw new ConfigException("endpoint from " + source + " ends in an API path: '" + text + "'; use the base URL, without "
                        + u.getPath().replaceAll("(?i)^.*?(/api.*)$", "$1") + " (e.g. " + u.getScheme() + "://" + u.getAuthority() + ")");
            }
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) return u;
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new ConfigException("endpoint from " + source + " is not an http(s) URL: '" + text
                + "'; expected e.g. http://open-ews.cloud.tmall.com");
    }

    /** True when an endpoint is configured. */
    public boolean hasEndpoint() {
        return endpoint != null;
    }

    /** Where the endpoint came from ("--endpoint", "ACS_ENDPOINT", "profile 'prod' of /…/config.json"), or null. */
    public String endpointOrigin() {
        return origins.from().get("endpoint");
    }

    /**
     * True when nothing at all is configured: no endpoint, key, secret or profile from any source
     * (flags, environment, profile file), and no {@code ACS_*} variable or profile key that looks
     * like a misspelt one. Only then may a tool stand in the embedded simulator ({@link EmbeddedService}).
     * The one place that decides it: every face (library, CLI, DSL, shell) asks here.
     */
    public boolean nothingConfigured() {
        return endpoint == null && accessKey == null && secretKey == null && profile == null
                && origins.from().isEmpty() && origins.unknown().isEmpty();
    }

    /**
     * The rule for the embedded simulator: true when {@link #nothingConfigured() nothing is configured};
     * false when the configuration is complete; otherwise a {@link ConfigException} (exit 3) naming what
     * was found, where, and what is missing. A half-configured setup never silently runs on the demo.
     */
    public boolean useEmbeddedSimulator() {
        if (nothingConfigured()) return true;
        requireComplete();
        return false;
    }

    public AcsConfig withEndpoint(URI e) { return new AcsConfig(e, accessKey, secretKey, profile, connectTimeout, requestTimeout, proxy, clock, warnings, origins); }
    public AcsConfig withCredentials(String ak, Secret sk) { return new AcsConfig(endpoint, ak, sk, profile, connectTimeout, requestTimeout, proxy, clock, warnings, origins); }
    public AcsConfig withRequestTimeout(Duration t) { return new AcsConfig(endpoint, accessKey, secretKey, profile, connectTimeout, t, proxy, clock, warnings, origins); }
    public AcsConfig withClock(Clock c) { return new AcsConfig(endpoint, accessKey, secretKey, profile, connectTimeout, requestTimeout, proxy, c, warnings, origins); }
    public AcsConfig withOrigins(Origins o) { return new AcsConfig(endpoint, accessKey, secretKey, profile, connectTimeout, requestTimeout, proxy, clock, warnings, o); }

    /**
     * Checks that a request can be signed and that every setting is understood; names what was found
     * where, what is missing or not understood, and how to fix it.
     */
    public AcsConfig requireComplete() {
        List<String> missing = new ArrayList<>();
        if (endpoint == null) missing.add("the endpoint (--endpoint, ACS_ENDPOINT, or a profile's \"endpoint\")");
        if (accessKey == null) missing.add("the access key (--access-key, ACS_ACCESS_KEY, or a profile's \"accessKey\")");
        if (secretKey == null) missing.add("the secret key (ACS_SECRET_KEY, --secret-key-stdin, or a profile's \"secretKey\")");
        if (missing.isEmpty() && origins.unknown().isEmpty()) return this;
        if (missing.isEmpty()) {
            // complete, but a setting meant for the toolkit is not one of its own: a typo that would be ignored
            return throwConfig("not understood: " + String.join(", ", origins.unknown())
                    + "; nothing was sent. Rename or remove it: the toolkit reads the variables " + String.join(", ", KNOWN_VARIABLES)
                    + ", and a profile holds " + String.join(", ", Profiles.KEYS));
        }
        StringBuilder m = new StringBuilder(nothingConfigured() ? "nothing is configured" : "incomplete configuration");
        if (!origins.from().isEmpty()) {
            m.append(": found ");
            List<String> found = new ArrayList<>();
            origins.from().forEach((k, v) -> found.add(k + " (from " + v + ")"));
            m.append(String.join(", ", found));
        }
        if (!origins.unknown().isEmpty()) m.append("; not understood: ").append(String.join(", ", origins.unknown()));
        m.append("; missing: ").append(String.join(", ", missing));
        m.append(". Set what is missing ('acs configure' writes a profile)");
        if (!nothingConfigured()) m.append(", or unset everything to use the embedded demo simulator");
        return throwConfig(m.toString());
    }

    private static AcsConfig throwConfig(String message) {
        throw new ConfigException(message);
    }
}
