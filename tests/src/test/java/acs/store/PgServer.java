package acs.store;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for the tests: Debian's server (the {@code postgresql} package; {@code .ci/run}
 * installs it), one per test JVM, started on first use in a temporary folder, on loopback at a
 * free port, without fsync (a stop loses nothing: the OS keeps what was written). PostgreSQL refuses to run as root, so when the tests run as root the
 * server runs as the {@code postgres} user. Its superuser's password is random and never on a
 * command line. Stopped when the JVM exits.
 */
public final class PgServer {
    private static PgServer instance;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path base;
    private final Path bin;
    private final int port;
    private final String password;

    private PgServer(Path base, Path bin, int port, String password) {
        this.base = base;
        this.bin = bin;
        this.port = port;
        this.password = password;
    }

    /** The server of this JVM, started on first use. */
    public static synchronized PgServer get() {
        if (instance == null) {
            instance = start();
            PgServer s = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(s::destroy, "acs-test-postgres-stop"));
        }
        return instance;
    }

    public int port() { return port; }

    /** The superuser's password (for PGPASSWORD, never a command line). */
    public String password() { return password; }

    /** {@code postgresql://postgres@127.0.0.1:PORT/db}: the password goes in PGPASSWORD. */
    public String uri(String database) {
        return "postgresql://postgres@127.0.0.1:" + port + "/" + database;
    }

    /** An environment for the store with the superuser's password. */
    public Map<String, String> env() {
        return Map.of("PGPASSWORD", password);
    }

    /** A new, empty database, named after what it is for. */
    public String createDatabase(String forWhat) {
        String name = (forWhat.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_") + "_" + DATABASES.incrementAndGet());
        name = name.length() > 60 ? name.substring(name.length() - 60) : name;
        if (!Character.isLetter(name.charAt(0))) name = "t" + name;
        sql("CREATE DATABASE " + name);
        return name;
    }

    /** Runs SQL as the superuser in database {@code postgres} (roles, databases). */
    public void sql(String... statements) {
        sqlIn("postgres", statements);
    }

    public void sqlIn(String database, String... statements) {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", password);
        try (Connection c = new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:" + port + "/" + database, p);
             Statement s = c.createStatement()) {
            for (String sql : statements) s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Stops the server at once, as a crash would (the tests of a store that goes away mid-run). */
    public synchronized void stop() {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", base.resolve("data").toString(), "-m", "immediate", "-w", "stop"));
    }

    /** Starts it again on the same port and data. */
    public synchronized void restart() {
        startServer(bin, base, port);
    }

    private static PgServer start() {
        Path bin = findBin();
        try {
            Path base = Files.createTempDirectory("acs-pg-");
            byte[] b = new byte[18];
            new SecureRandom().nextBytes(b);
            String password = HexFormat.of().formatHex(b);
            Path pw = base.resolve("pwfile");
            Files.writeString(pw, password + "\n", StandardCharsets.UTF_8);
            if (root()) run(List.of("chown", "-R", "postgres:postgres", base.toString()));
            run(List.of(bin.resolve("initdb").toString(), "-D", base.resolve("data").toString(), "-U", "postgres", "--auth=scram-sha-256",
                    "--pwfile=" + pw, "--no-sync", "--no-locale", "-E", "UTF8"));
            Files.delete(pw);
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            startServer(bin, base, port);
            return new PgServer(base, bin, port, password);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test PostgreSQL: " + e, e);
        }
    }

    private static void startServer(Path bin, Path base, int port) {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", base.resolve("data").toString(), "-l", base.resolve("server.log").toString(),
                "-w", "-t", "60", "-o", "-c listen_addresses=127.0.0.1 -p " + port + " -c unix_socket_directories=" + base
                        + " -c fsync=off -c full_page_writes=off -c max_connections=200", "start"));
    }

    private void destroy() {
        try {
            stop();
        } catch (RuntimeException ignored) {
            // already stopped
        }
        try (Stream<Path> files = Files.walk(base)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder the OS cleans
        }
    }

    /** initdb and pg_ctl: on PATH, else Debian's newest /usr/lib/postgresql/N/bin. */
    private static Path findBin() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "initdb")) && Files.isExecutable(Path.of(dir, "pg_ctl"))) {
                return Path.of(dir, "initdb").toAbsolutePath().toFile().toPath().getParent();
            }
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server: apt-get install postgresql (.ci/run does)"));
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL server (initdb, pg_ctl): apt-get install postgresql (.ci/run does)", e);
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs a server tool, as {@code postgres} when we are root (PostgreSQL refuses root). */
    private static void run(List<String> command) {
        List<String> cmd = new ArrayList<>();
        boolean asPostgres = root() && !command.get(0).equals("chown");
        if (asPostgres) cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        cmd.addAll(command);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
