package acs.cli;

import acs.AcsClient;
import acs.AcsConfig;
import acs.ConfigException;
import acs.Journal;
import acs.Profiles;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The connection of one CLI run. With no endpoint configured anywhere, it embeds the
 * simulator, seeded with the demo data and persisted in {@code ~/.acs/sim-state.json} so that
 * {@code node-deploy} in one run and {@code command-wait} in the next behave as on a real
 * service. A file lock keeps two CLI processes from editing that state at once.
 */
public final class Session {
    static final Duration EMBEDDED_COMMAND_DURATION = Duration.ofSeconds(3);

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
        if (config.hasEndpoint()) return new Session(AcsClient.create(config), Journal.Origin.of(config, "cli").endpoint());
        Path home = Profiles.home(System.getenv());
        Path state = home.resolve("sim-state.json");
        err.println("acs: no endpoint configured (--endpoint, ACS_ENDPOINT or a profile); using the embedded simulator, state in " + state);
        lock(home);
        Simulator sim = Simulator.start(SimConfig.defaults().withStateFile(state).withCommandDuration(EMBEDDED_COMMAND_DURATION));
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close, "acs-embedded-sim-close"));
        return new Session(AcsClient.create(config.withEndpoint(sim.endpoint()).withCredentials(sim.accessKey(), acs.Secret.of(sim.secretKey()))),
                EMBEDDED + state);
    }

    private static void lock(Path home) {
        try {
            Files.createDirectories(home);
            FileChannel ch = FileChannel.open(home.resolve("sim.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                System.err.println("acs: waiting for another acs process using the embedded simulator...");
                ch.lock();
            }
            // held until the process exits
        } catch (IOException e) {
            throw new ConfigException("cannot lock " + home.resolve("sim.lock") + ": " + e.getMessage(), e);
        }
    }
}
