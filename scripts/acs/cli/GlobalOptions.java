package acs.cli;

import acs.Durations;
import acs.client.AcsClient;
import acs.config.AcsConfig;
import acs.ApiCall;
import acs.config.Settings;
import com.fasterxml.jackson.databind.JsonNode;
import io.burt.jmespath.Expression;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every command that talks to the API takes (those of {@link OutputOptions}, and the
 * connection's), and the connection they lead to. Precedence: these flags,
 * then the environment (ACS_*), then the profile; with no endpoint anywhere, the embedded simulator.
 */
public final class GlobalOptions extends OutputOptions {
    @Option(names = "--endpoint", paramLabel = "URL", description = "API base URL, e.g. http://open-ews.cloud.tmall.com (env ACS_ENDPOINT).")
    String endpoint;

    @Option(names = "--profile", paramLabel = "NAME", description = "Profile of ~/.acs/config.json to use (env ACS_PROFILE).")
    String profile;

    @Option(names = "--access-key", paramLabel = "AK", description = "Access key (env ACS_ACCESS_KEY).")
    String accessKey;

    @Option(names = "--secret-key", paramLabel = "SK", description = "Secret key. Visible to other users in ps: prefer ACS_SECRET_KEY, a profile or --secret-key-stdin.")
    String secretKey;

    @Option(names = "--secret-key-stdin", description = "Read the secret key from the first line of standard input.")
    boolean secretKeyStdin;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Timeout of one HTTP request (default 10s), e.g. 30s.")
    String timeout;

    private AcsClient client;

    /**
     * The journal and the runs: the store ACS_STORE names, else the {@code store} of the profile
     * (--profile, ACS_PROFILE, the default), else the acs home's files.
     */
    @Override public acs.journal.Journal journal() {
        return Connections.journal(profile);
    }

    /** The resolved configuration (flags over environment over profile). */
    public AcsConfig config() {
        Map<String, String> env = System.getenv();
        String sk = secretKey;
        if (secretKey != null) {
            err().println("acs: warning: a secret key on the command line is visible to other users (ps, shell history); "
                    + "prefer ACS_SECRET_KEY, a profile ('acs configure') or --secret-key-stdin");
        }
        if (secretKeyStdin) sk = readSecretFromStdin();
        Settings explicit = new Settings(endpoint, accessKey, sk, profile, null,
                timeout == null ? null : Durations.positive("--timeout", timeout));
        AcsConfig c = AcsConfig.resolve(explicit, env);
        c.warnings().forEach(w -> err().println("acs: warning: " + w));
        return c;
    }

    private static String readSecretFromStdin() {
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isBlank()) {
                throw new acs.InvalidInputException("--secret-key-stdin", "standard input was empty; pipe the secret key in");
            }
            return line.strip();
        } catch (IOException e) {
            throw new acs.InvalidInputException("--secret-key-stdin", "cannot read standard input: " + e.getMessage());
        }
    }

    /** The client for this run: the configured endpoint, or the embedded simulator when there is none. */
    public AcsClient client() {
        if (client == null) client = RunSession.of(spec.commandLine()).closeAfterRun(Connections.open(config(), err()));
        if (verbose) client.trace(line -> err().println(line.replaceAll("(?m)^", "  ")));
        return client;
    }

    /**
     * A client for an endpoint the journal recorded (a URL, or the embedded simulator), with the
     * profile recorded beside it: credentials from that profile, else as this run resolves them.
     */
    public AcsClient clientFor(String recordedEndpoint, String recordedProfile) {
        if (recordedEndpoint.startsWith(Connections.EMBEDDED)) {
            throw new acs.ConfigException("it was made on the embedded simulator whose state is "
                    + recordedEndpoint.substring(Connections.EMBEDDED.length()) + "; run 'acs command-wait --pending' with that ACS_HOME and no endpoint");
        }
        Settings explicit = new Settings(recordedEndpoint, null, null, recordedProfile != null ? recordedProfile : profile, null,
                timeout == null ? null : Durations.parse("--timeout", timeout));
        return RunSession.of(spec.commandLine()).closeAfterRun(Connections.open(AcsConfig.resolve(explicit, System.getenv()), err()));
    }

    /** Fetches and prints a read (a failure is thrown, as an {@link acs.AcsException} with its exit code). */
    public void print(ApiCall<?> call, Table table) {
        Expression<JsonNode> q = compiledQuery();
        JsonNode data = client().callRaw(call);
        Output.print(out(), data, output, q, table);
    }
}
