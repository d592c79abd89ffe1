package acs.config;

import acs.ConfigException;
import acs.Durations;
import acs.InvalidInputException;
import acs.Names;
import acs.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The profile file in the toolkit's home ({@code ~/.acs/}, or {@code $ACS_HOME}): either
 * {@code config.json} ({@code {"default":"prod","profiles":{"prod":{"endpoint":…,"accessKey":…,"secretKey":…}}}})
 * or {@code config.properties} ({@code default=prod}, {@code prod.endpoint=…}, …).
 */
public record Profiles(Path file, String defaultName, Map<String, Settings> profiles, List<String> warnings,
                       Map<String, List<String>> unknownKeysByProfile) {
    public static final String JSON = "config.json", PROPERTIES = "config.properties";
    /** The keys a profile may hold. */
    public static final List<String> KEYS = List.of("endpoint", "accessKey", "secretKey", "connectTimeout", "requestTimeout", "store");
    /** The key of {@link #unknownKeysByProfile()} for the file's own keys (beside "default" and "profiles"). */
    public static final String TOP_LEVEL = "";

    /** @param unknownKeysByProfile the keys that are not the toolkit's, each with a "did you mean", by profile ({@link #TOP_LEVEL} for the file's own) */
    public Profiles {
        Map<String, List<String>> u = new LinkedHashMap<>();
        if (unknownKeysByProfile != null) unknownKeysByProfile.forEach((k, v) -> u.put(k, List.copyOf(v)));
        unknownKeysByProfile = java.util.Collections.unmodifiableMap(u);
    }

    /** Every key that is not the toolkit's: the file's own, then each profile's. */
    public List<String> unknownKeys() {
        return unknownKeysByProfile.values().stream().flatMap(List::stream).toList();
    }

    /** What is not understood in the file's own keys and in this profile's. */
    public List<String> unknownKeysFor(String profile) {
        List<String> all = new ArrayList<>(unknownKeysByProfile.getOrDefault(TOP_LEVEL, List.of()));
        if (profile != null) all.addAll(unknownKeysByProfile.getOrDefault(profile, List.of()));
        return all;
    }

    /** Reads the profile file; no file gives no profiles; a broken file is a {@link ConfigException}. */
    public static Profiles read(Path home) {
        Path json = home.resolve(JSON), props = home.resolve(PROPERTIES);
        List<String> warnings = new ArrayList<>();
        if (Files.exists(json) && Files.exists(props)) {
            warnings.add("both " + json + " and " + props + " exist; using " + json);
        }
        try {
            if (Files.exists(json)) return readJson(json, warnings);
            if (Files.exists(props)) return readProperties(props, warnings);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ConfigException ce) throw ce;
            throw new ConfigException("cannot read profile file " + (Files.exists(json) ? json : props) + ": " + problem(e)
                    + " (fix or remove it; 'acs configure --force' rewrites it, keeping the broken file as a copy)", e);
        }
        return new Profiles(null, null, Map.of(), warnings, Map.of());
    }

    /** A parse error as a person reads it: what is wrong and where, without the parser's own settings. */
    static String problem(Exception e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
            com.fasterxml.jackson.core.JsonLocation at = j.getLocation();
            // Jackson names its source and its own settings inside the message ("[Source: REDACTED (`StreamReadFeature…` disabled); line: 1, column: 14]")
            String what = j.getOriginalMessage().lines().findFirst().orElse("not JSON")
                    .replaceAll("\\[Source: .*?; line: (\\d+), column: (\\d+)\\]", "line $1, column $2")
                    .replace("start marker at line", "opened at line");
            return what + (at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
        }
        return e.getMessage();
    }

    private static Profiles readJson(Path file, List<String> warnings) throws IOException {
        checkPermissions(file, warnings);
        JsonNode root = Json.MAPPER.readTree(file.toFile());
        if (root == null || !root.isObject()) throw new ConfigException(file + " is not a JSON object");
        Map<String, Settings> profiles = new LinkedHashMap<>();
        Map<String, List<String>> unknown = new LinkedHashMap<>();
        for (var it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!k.equals("default") && !k.equals("profiles")) {
                unknown(unknown, TOP_LEVEL, "key '" + k + "' of " + file + Names.didYouMean(k, List.of("default", "profiles")));
            }
        }
        JsonNode ps = root.path("profiles");
        if (!ps.isMissingNode() && !ps.isObject()) throw new ConfigException(file + ": \"profiles\" must be an object of named profiles");
        for (var e : ps.properties()) {
            if (!e.getValue().isObject()) throw new ConfigException(file + ": profile '" + e.getKey() + "' must be an object");
            profiles.put(e.getKey(), settings(e.getKey(), file, e.getValue()::path));
            e.getValue().fieldNames().forEachRemaining(k -> unknownKey(unknown, file, e.getKey(), k));
        }
        String def = root.path("default").isTextual() ? root.path("default").asText() : null;
        return new Profiles(file, def, profiles, warnings, unknown);
    }

    private static Profiles readProperties(Path file, List<String> warnings) throws IOException {
        checkPermissions(file, warnings);
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, Settings> profiles = new LinkedHashMap<>();
        Map<String, List<String>> unknown = new LinkedHashMap<>();
        for (String key : new java.util.TreeSet<>(p.stringPropertyNames())) {
            int dot = key.lastIndexOf('.');
            if (dot <= 0) {
                if (!key.equals("default")) unknown(unknown, TOP_LEVEL, "key '" + key + "' of " + file + " (expected default=NAME or NAME.endpoint=…)");
                continue;
            }
            String name = key.substring(0, dot);
            profiles.computeIfAbsent(name, n -> settings(n, file, k -> textNode(p.getProperty(n + "." + k))));
            unknownKey(unknown, file, name, key.substring(dot + 1));
        }
        return new Profiles(file, Settings.blankToNull(p.getProperty("default")), profiles, warnings, unknown);
    }

    private static void unknown(Map<String, List<String>> unknown, String profile, String what) {
        unknown.computeIfAbsent(profile, p -> new ArrayList<>()).add(what);
    }

    private static void unknownKey(Map<String, List<String>> unknown, Path file, String profile, String key) {
        if (!KEYS.contains(key)) unknown(unknown, profile, "key '" + key + "' in profile '" + profile + "' of " + file + Names.didYouMean(key, KEYS));
    }

    private static JsonNode textNode(String s) {
        return s == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : Json.MAPPER.getNodeFactory().textNode(s);
    }

    private static Settings settings(String name, Path file, java.util.function.Function<String, JsonNode> get) {
        return new Settings(text(get.apply("endpoint")), text(get.apply("accessKey")), text(get.apply("secretKey")), name,
                duration(name, file, "connectTimeout", get.apply("connectTimeout")),
                duration(name, file, "requestTimeout", get.apply("requestTimeout")), text(get.apply("store")));
    }

    private static String text(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    private static java.time.Duration duration(String profile, Path file, String key, JsonNode n) {
        String t = text(n);
        if (t == null) return null;
        try {
            return Durations.parse(key, t);
        } catch (InvalidInputException e) {
            throw new ConfigException(file + ": profile '" + profile + "': " + e.getMessage());
        }
    }

    private static void checkPermissions(Path file, List<String> warnings) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                warnings.add(file + " is readable by other users (mode " + PosixFilePermissions.toString(perms)
                        + "); it holds secret keys: chmod 600 " + file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: nothing to check
        }
    }

    /**
     * The team's store of the profile this run uses (its key {@code store}; {@code ACS_STORE} wins
     * over it): {@code profile} (--profile), else {@code ACS_PROFILE}, else the file's default, else
     * its only profile; null when that profile has none (or there is no profile).
     */
    public static String store(Path home, String profile, Map<String, String> env) {
        Profiles file = read(home);
        if (file.profiles().isEmpty()) return null;
        String wanted = profile != null ? profile : Settings.blankToNull(env.get("ACS_PROFILE"));
        if (wanted == null) wanted = file.defaultName();
        Settings s = wanted != null ? file.profiles().get(wanted) : file.profiles().size() == 1 ? file.profiles().values().iterator().next() : null;
        return s == null ? null : s.store();
    }

    /** Writes (or replaces) one profile in {@code home/config.json}, atomically, mode 0600. */
    public static Path write(Path home, String name, Settings s, boolean makeDefault) {
        return write(home, name, s, makeDefault, false);
    }

    /**
     * Writes (or replaces) one profile in {@code home/config.json}, atomically, mode 0600. A file that
     * cannot be read is an error, unless {@code replaceBroken}: then it is moved aside to
     * {@code config.json.broken-<time>} (nothing lost) and a new file holds this profile.
     */
    public static Path write(Path home, String name, Settings s, boolean makeDefault, boolean replaceBroken) {
        if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new InvalidInputException("profile", "'" + name + "' is not a profile name; use letters, digits, _ or -");
        }
        Path file = home.resolve(JSON);
        try {
            Files.createDirectories(home);
            ObjectNode root = Json.MAPPER.createObjectNode();
            if (Files.exists(file)) {
                try {
                    JsonNode old = Json.MAPPER.readTree(file.toFile());
                    if (!(old instanceof ObjectNode o) || (o.has("profiles") && !o.get("profiles").isObject())) {
                        throw new IOException("not a JSON object with \"profiles\"");
                    }
                    root = o;
                } catch (IOException broken) {
                    if (!replaceBroken) {
                        throw new ConfigException("cannot read " + file + ": " + problem(broken)
                                + " (nothing written; 'acs configure --force' rewrites it, keeping the broken file as a copy)", broken);
                    }
                    Path aside = home.resolve(JSON + ".broken-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss'Z'")
                            .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now()));
                    Files.move(file, aside);
                }
            }
            ObjectNode profile = root.withObjectProperty("profiles").putObject(name);
            if (s.endpoint() != null) profile.put("endpoint", s.endpoint());
            if (s.accessKey() != null) profile.put("accessKey", s.accessKey());
            if (s.secretKey() != null) profile.put("secretKey", s.secretKey());
            if (s.connectTimeout() != null) profile.put("connectTimeout", Durations.format(s.connectTimeout()));
            if (s.requestTimeout() != null) profile.put("requestTimeout", Durations.format(s.requestTimeout()));
            if (s.store() != null) profile.put("store", s.store());
            if (makeDefault || !root.has("default")) root.put("default", name);
            AtomicFiles.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root), true);
            return file;
        } catch (IOException e) {
            throw new ConfigException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
