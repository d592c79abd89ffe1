///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES acs/cli/CliSources.java

import acs.Profiles;
import acs.Settings;
import acs.cli.Cli;
import java.io.Console;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes or updates a named profile. */
@Command(name = "configure", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Write or update a named profile in ~/.acs/config.json (mode 0600).",
                "Asks for what is not given on a terminal; the secret key is read without echo (or from --secret-key-stdin)."},
        footer = {"", "Examples:",
                "  acs configure --profile prod --endpoint http://open-ews.cloud.tmall.com --access-key t9xuit3pt202ou09",
                "  printf '%%s\\n' \"$SK\" | acs configure --profile ci --endpoint http://127.0.0.1:8080 --access-key ak --secret-key-stdin --default"})
public class Configure implements Callable<Integer> {
    @Option(names = "--profile", paramLabel = "NAME", description = "Profile name (default: default).")
    String profile = "default";

    @Option(names = "--endpoint", paramLabel = "URL") String endpoint;
    @Option(names = "--access-key", paramLabel = "AK") String accessKey;
    @Option(names = "--secret-key-stdin", description = "Read the secret key from standard input.") boolean secretStdin;
    @Option(names = "--default", description = "Make this the default profile.") boolean makeDefault;

    @Override public Integer call() throws Exception {
        Console console = System.console();
        String secret = null;
        if (secretStdin) {
            secret = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)).readLine();
        } else if (console != null) {
            if (endpoint == null) endpoint = console.readLine("Endpoint URL: ");
            if (accessKey == null) accessKey = console.readLine("Access key: ");
            char[] sk = console.readPassword("Secret key (not echoed): ");
            secret = sk == null ? null : new String(sk);
        }
        if (endpoint != null) acs.AcsConfig.of(endpoint, "x", "x"); // validates the URL with a clear message
        Path file = Profiles.write(Profiles.home(System.getenv()), profile, new Settings(endpoint, accessKey, secret, null, null, null), makeDefault);
        System.err.println("acs: profile '" + profile + "' written to " + file + (secret == null ? " (no secret key stored)" : ""));
        return 0;
    }

    public static void main(String... args) {
        System.exit(Cli.run(new Configure(), args));
    }
}
