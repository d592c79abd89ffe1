///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES acs/cli/CliSources.java

import acs.Durations;
import acs.config.AcsConfig;
import acs.ConfigException;
import acs.InvalidInputException;
import acs.config.AcsHome;
import acs.config.Profiles;
import acs.config.Settings;
import acs.cli.Cli;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes or updates a named profile: always a complete one (endpoint, access key, secret key). */
@Command(name = "configure", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Write or update a named profile in ~/.acs/config.json (mode 0600, or $ACS_HOME/config.json).",
                "Asks for each value not given by a flag: on a terminal (the secret key without echo, Enter keeps the profile's "
                        + "current value), else one answer per line on standard input, in the order endpoint, access key, secret key.",
                "A profile is written only when it has all three."},
        footer = {"", "Examples:",
                "  acs configure --profile prod --endpoint http://open-ews.cloud.tmall.com --access-key t9xuit3pt202ou09",
                "  printf '%%s\\n' \"$SK\" | acs configure --profile ci --endpoint http://127.0.0.1:8080 --access-key ak --secret-key-stdin --default",
                "  printf '%%s\\n' http://127.0.0.1:8080 ak \"$SK\" | acs configure --profile ci",
                "  acs configure --profile prod --request-timeout 30s      # on a terminal: Enter keeps each current value"})
public class Configure implements Callable<Integer> {
    @Option(names = "--profile", paramLabel = "NAME", description = "Profile name: letters, digits, _ or - (default: default).")
    String profile = "default";

    @Option(names = "--endpoint", paramLabel = "URL", description = "API base URL, e.g. http://open-ews.cloud.tmall.com (no /api/v1).")
    String endpoint;

    @Option(names = "--access-key", paramLabel = "AK", description = "Access key.")
    String accessKey;

    @Option(names = "--secret-key-stdin", description = "Read the secret key from the first line of standard input (never a flag: it would show in ps).")
    boolean secretStdin;

    @Option(names = "--request-timeout", paramLabel = "DURATION", description = "Timeout of one HTTP request for this profile, e.g. 30s (default 10s).")
    String requestTimeout;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", description = "Timeout of opening a connection for this profile, e.g. 3s (default 5s).")
    String connectTimeout;

    @Option(names = "--store", paramLabel = "URI", description = "The team's store for this profile, e.g. postgresql://acs@db.example.com:5432/acs"
            + " (ACS_STORE wins over it; put the password in ~/.pgpass or PGPASSWORD, not here). An empty value removes it.")
    String store;

    @Option(names = "--default", description = "Make this the default profile (the first profile written is the default anyway).")
    boolean makeDefault;

    @Option(names = "--force", description = "Rewrite a profile file that cannot be read, after showing what is wrong with it; the broken file is kept as config.json.broken-<time>.")
    boolean force;

    @Override public Integer call() throws Exception {
        Path home = AcsHome.of(System.getenv());
        Settings current = Settings.NONE;
        try {
            Settings p = Profiles.read(home).profiles().get(profile);
            if (p != null) current = p;
        } catch (ConfigException broken) {
            if (!force) throw broken;
            System.err.println("acs: " + broken.getMessage());
            System.err.println("acs: --force: writing a new profile file; the broken one is kept beside it");
        }
        var timeout = requestTimeout == null ? current.requestTimeout() : positive("--request-timeout", requestTimeout);
        var connect = connectTimeout == null ? current.connectTimeout() : positive("--connect-timeout", connectTimeout);

        String secret = null;
        Console console = System.console();
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (secretStdin) {
            secret = line(stdin);
            if (secret == null) throw new InvalidInputException("--secret-key-stdin", "standard input was empty; pipe the secret key in");
        }
        if (console != null) {
            if (endpoint == null) endpoint = keep(console.readLine("Endpoint URL%s: ", shown(current.endpoint())), current.endpoint());
            if (accessKey == null) accessKey = keep(console.readLine("Access key%s: ", shown(current.accessKey())), current.accessKey());
            if (secret == null) {
                char[] sk = console.readPassword("Secret key (not echoed)%s: ", current.secretKey() == null ? "" : " [keep current]");
                secret = keep(sk == null ? null : new String(sk), current.secretKey());
            }
        } else if (!secretStdin) {
            // piped answers, one per line, for what no flag gave; an empty line keeps the current value
            if (endpoint == null) endpoint = keep(line(stdin), current.endpoint());
            if (accessKey == null) accessKey = keep(line(stdin), current.accessKey());
            secret = keep(line(stdin), current.secretKey());
        } else {
            if (endpoint == null) endpoint = current.endpoint();
            if (accessKey == null) accessKey = current.accessKey();
        }
        List<String> missing = new ArrayList<>();
        if (Settings.NONE.withEndpoint(endpoint).endpoint() == null) missing.add("endpoint (--endpoint)");
        if (Settings.NONE.withAccessKey(accessKey).accessKey() == null) missing.add("access key (--access-key)");
        if (Settings.NONE.withSecretKey(secret).secretKey() == null) missing.add("secret key (--secret-key-stdin)");
        if (!missing.isEmpty()) {
            throw new InvalidInputException("configure", "profile '" + profile + "' would lack the " + String.join(", the ", missing)
                    + "; nothing was written. Give them as flags, answer on a terminal, or pipe one answer per line"
                    + " (endpoint, access key, secret key, for those no flag gives)");
        }
        AcsConfig.of(endpoint, "x", "x"); // validates the URL with a clear message
        String team = store == null ? current.store() : store.strip();
        if (team != null && !team.isEmpty() && !team.matches("(?i)postgres(ql)?://.*")) {
            throw new InvalidInputException("--store", "'" + acs.auth.Redaction.url(team) + "' is not a store URI;"
                    + " expected postgresql://user@host:5432/db; nothing was written");
        }
        Settings s = new Settings(endpoint, accessKey, secret, null, connect, timeout, team);
        Path file = Profiles.write(home, profile, s, makeDefault, force);
        System.err.println("acs: profile '" + profile + "' written to " + file);
        return 0;
    }

    private static java.time.Duration positive(String option, String text) {
        return Durations.positive(option, text);
    }

    private static String line(BufferedReader in) throws IOException {
        String l = in.readLine();
        return l == null ? null : l.strip();
    }

    private static String keep(String answer, String current) {
        return answer == null || answer.isBlank() ? current : answer.strip();
    }

    private static String shown(String current) {
        return current == null ? "" : " [" + current + "]";
    }

    public static void main(String... args) {
        System.exit(Cli.run(new Configure(), args));
    }
}
