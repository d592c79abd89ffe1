package acs.pg;

import acs.ConfigException;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Where a PostgreSQL store is and how to log in, read as {@code psql} reads a connection URI:
 * {@code postgresql://user:password@host:5432/db?sslmode=require}, each part optional. The password
 * comes from the URI, else {@code PGPASSWORD}, else the password file ({@code PGPASSFILE} or
 * {@code ~/.pgpass}, used only when it is 0600, as libpq requires). It never appears in
 * {@link #toString()}, messages or exceptions.
 */
public final class PgLocation {
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final String passwordFrom;
    private final Map<String, String> options;

    private PgLocation(String host, int port, String database, String user, String password, String passwordFrom, Map<String, String> options) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.passwordFrom = passwordFrom;
        this.options = options;
    }

    public static PgLocation parse(URI uri, Map<String, String> env) {
        String shown = uri.getScheme() + "://" + (uri.getHost() == null ? "" : uri.getHost()) + (uri.getPath() == null ? "" : uri.getPath());
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new ConfigException("ACS_STORE " + shown + " is not a PostgreSQL URI: expected postgresql://user:password@host:5432/db");
        }
        if (uri.getRawAuthority() != null && uri.getHost() == null) {
            throw new ConfigException("ACS_STORE " + shown + " has no host this acs can read: expected postgresql://user:password@host:5432/db"
                    + " (a password with @, : or / is written percent-encoded, as psql takes it)");
        }
        String host = uri.getHost() == null ? nonBlank(env.get("PGHOST"), "localhost") : uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : parsePort(env.get("PGPORT"));
        String user = null, password = null, from = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            if (colon >= 0) {
                password = decode(info.substring(colon + 1));
                from = "the URI";
            }
        }
        if (user == null || user.isEmpty()) user = nonBlank(env.get("PGUSER"), System.getProperty("user.name"));
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        String database = path.isEmpty() ? nonBlank(env.get("PGDATABASE"), user) : path;
        Map<String, String> options = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String kv : uri.getRawQuery().split("&")) {
                if (kv.isEmpty()) continue;
                int eq = kv.indexOf('=');
                String k = decode(eq < 0 ? kv : kv.substring(0, eq));
                if (k.equals("password") || k.equals("user")) {
                    throw new ConfigException("ACS_STORE " + shown + ": give the " + k + " before the host (postgresql://user:password@host/db), "
                            + "or in PGPASSWORD or ~/.pgpass");
                }
                options.put(k, eq < 0 ? "" : decode(kv.substring(eq + 1)));
            }
        }
        if (password == null && env.get("PGPASSWORD") != null && !env.get("PGPASSWORD").isEmpty()) {
            password = env.get("PGPASSWORD");
            from = "PGPASSWORD";
        }
        if (password == null) {
            Path file = passFile(env);
            if (file != null && Files.isRegularFile(file)) {
                password = fromPassFile(file, host, port, database, user);
                if (password != null) from = file.toString();
            }
        }
        return new PgLocation(host, port, database, user, password, from, options);
    }

    /** PGPASSFILE, else .pgpass in $HOME (the JVM's user.home ignores $HOME). */
    static Path passFile(Map<String, String> env) {
        String f = env.get("PGPASSFILE");
        if (f != null && !f.isBlank()) return Path.of(f);
        String home = nonBlank(env.get("HOME"), System.getProperty("user.home"));
        return home == null ? null : Path.of(home, ".pgpass");
    }

    /** The password of the first line matching hostname:port:database:username ({@code *} matches any; {@code \:} and {@code \\} escape). */
    static String fromPassFile(Path file, String host, int port, String database, String user) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                throw new ConfigException("the password file " + file + " can be read or written by group or others, so it is not used"
                        + " (libpq requires the same): chmod 600 " + file);
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) continue;
                List<String> f = fields(line);
                if (f.size() < 5) continue;
                if (matches(f.get(0), host) && matches(f.get(1), Integer.toString(port)) && matches(f.get(2), database) && matches(f.get(3), user)) {
                    return f.get(4);
                }
            }
            return null;
        } catch (IOException | UnsupportedOperationException e) {
            throw new ConfigException("cannot read the password file " + file + ": " + e.getClass().getSimpleName()
                    + " (fix its permissions, or set PGPASSFILE to another file)");
        }
    }

    private static List<String> fields(String line) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) sb.append(line.charAt(++i));
            else if (c == ':' && out.size() < 4) {
                out.add(sb.toString());
                sb.setLength(0);
            } else sb.append(c);
        }
        out.add(sb.toString());
        return out;
    }

    private static boolean matches(String pattern, String value) {
        return pattern.equals("*") || pattern.equals(value);
    }

    private static int parsePort(String s) {
        if (s == null || s.isBlank()) return 5432;
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw new ConfigException("PGPORT '" + s + "' is not a port number: unset it or give e.g. 5432");
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String nonBlank(String s, String otherwise) {
        return s == null || s.isBlank() ? otherwise : s.strip();
    }

    public String host() { return host; }
    public int port() { return port; }
    public String database() { return database; }
    public String user() { return user; }

    /** Where the password came from ("PGPASSWORD", a file, "the URI"), or null when none was given. */
    public String passwordFrom() { return passwordFrom; }

    String jdbcUrl() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/" + URLEncodedPath.encode(database);
    }

    /** The driver's properties: the password travels here, never in a URL. */
    Properties properties() {
        Properties p = new Properties();
        options.forEach(p::setProperty);
        p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        p.putIfAbsent("ApplicationName", "acs");
        p.putIfAbsent("connectTimeout", "10");
        p.putIfAbsent("tcpKeepAlive", "true");
        // a store cut off without a reset (a partition) fails a statement instead of hanging the run
        p.putIfAbsent("socketTimeout", "30");
        return p;
    }

    /** Removes the password from a text that might quote it (a driver's message). */
    String scrub(String text) {
        if (text == null || password == null || password.isEmpty()) return text;
        return text.replace(password, "***");
    }

    /** {@code postgresql://alice@db.example.com:5432/acs}: what messages show. */
    @Override public String toString() {
        return "postgresql://" + user + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + database;
    }

    private static final class URLEncodedPath {
        static String encode(String s) {
            return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
        }
    }
}
