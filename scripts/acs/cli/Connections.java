package acs.cli;

import acs.client.AcsClient;
import acs.config.AcsConfig;
import acs.journal.Journal;
import acs.config.AcsHome;
import acs.journal.JournalEntry;
import java.io.PrintWriter;
import java.util.Map;

/**
 * Opens the clients of the CLI and the shell: the configured endpoint, or with nothing configured the
 * library's embedded stand-in ({@link AcsClient#create(AcsConfig, java.util.function.Consumer)}: the
 * simulator, its state kept in the toolkit's home between runs), announced on stderr; every change
 * they make journaled as made on that endpoint.
 */
public final class Connections {
    /** How the journal names the embedded simulator: its state file, since its port changes each run. */
    public static final String EMBEDDED = "embedded-simulator:";

    private Connections() {}

    /** A client configured as the CLI would be (environment, profile, or the embedded simulator), journaling as the shell: for JShell. */
    public static AcsClient connect() {
        AcsConfig config = AcsConfig.load();
        PrintWriter err = new PrintWriter(System.err, true);
        config.warnings().forEach(w -> err.println("acs: warning: " + w));
        AcsClient c = open(config, err);
        return c.withOrigin(c.lifecycle().origin().withFace(JournalEntry.Face.SHELL));
    }

    /** A client of a CLI run for this configuration, journaling every change as the CLI's; the caller closes it. */
    static AcsClient open(AcsConfig config, PrintWriter err) {
        AcsClient client = AcsClient.create(config, err::println);
        String identity = config.nothingConfigured()
                ? EMBEDDED + AcsHome.of(System.getenv()).resolve("sim-state.json")
                : Journal.Origin.of(config, JournalEntry.Face.CLI).endpoint();
        return client.withJournal(journal(config.profile()).noticesTo(err::println),
                Journal.Origin.of(client.config(), JournalEntry.Face.CLI).withEndpoint(identity));
    }

    /**
     * The user's journal: the team's store when ACS_STORE or the profile's {@code store} names one, else
     * the home's file store; its notices (a lock waited for, a team's store unreachable) on stderr.
     */
    public static Journal journal(String profile) {
        String p = System.getProperty("acs.journal");
        Map<String, String> env = System.getenv();
        Journal j = p != null && !p.isBlank() ? Journal.open() : Journal.open(env, Journal.profileStore(env, profile));
        return j.noticesTo(Connections::stderr);
    }

    /**
     * A line for the person, on stderr: the library writes none itself. {@code System.err} at the time
     * of the line, which a resident JVM sets per command.
     */
    public static void stderr(String line) {
        System.err.println(line);
    }
}
