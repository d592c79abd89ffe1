package acs.cli;

import acs.AcsClient;
import acs.AcsConfig;
import acs.Journal;
import acs.Profiles;
import java.io.PrintWriter;

/**
 * The connection of one CLI run: the configured endpoint, or with nothing configured the
 * library's embedded stand-in ({@link AcsClient#create(AcsConfig, java.util.function.Consumer)}:
 * the simulator, its state kept in the toolkit's home between runs), announced on stderr.
 */
public final class Session {
    /** How the journal names the embedded simulator: its state file, since its port changes each run. */
    public static final String EMBEDDED = "embedded-simulator:";

    private final AcsClient client;

    private Session(AcsClient client, String endpointIdentity) {
        // every change of a CLI run is journaled, as made on this endpoint
        this.client = client.withJournal(Journal.open(), Journal.Origin.of(client.config(), "cli").withEndpoint(endpointIdentity));
    }

    AcsClient client() {
        return client;
    }

    /** A client configured as the CLI would be (environment, profile, or the embedded simulator), journaling as the shell: for JShell. */
    public static AcsClient connect() {
        AcsConfig config = AcsConfig.load();
        PrintWriter err = new PrintWriter(System.err, true);
        config.warnings().forEach(w -> err.println("acs: warning: " + w));
        AcsClient c = open(config, err).client();
        return c.withOrigin(c.lifecycle().origin().withFace("shell"));
    }

    static Session open(AcsConfig config, PrintWriter err) {
        AcsClient client = AcsClient.create(config, err::println);
        String identity = config.nothingConfigured()
                ? EMBEDDED + Profiles.home(System.getenv()).resolve("sim-state.json")
                : Journal.Origin.of(config, "cli").endpoint();
        return new Session(client, identity);
    }
}
