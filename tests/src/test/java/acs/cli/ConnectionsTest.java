package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.client.AcsClient;
import acs.journal.JournalEntry;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Where the CLI and the shell journal: the journal -Dacs.journal names (as the tests' JVMs set it), and the shell's changes marked as the shell's. */
class ConnectionsTest {
    @Test
    void theJournalNamedByTheSystemPropertyIsTheOneCommandsUse() {
        String named = System.getProperty("acs.journal");
        Assumptions.assumeTrue(named != null && !named.isBlank(), "the test JVM names its journal");
        assertThat(Connections.journal(null).file()).isEqualTo(Path.of(named));
        assertThat(Connections.journal("some-profile").file()).isEqualTo(Path.of(named));
    }

    @Test
    void theShellsClientJournalsItsChangesAsTheShells() {
        Assumptions.assumeTrue(System.getenv("ACS_ENDPOINT") == null, "nothing configured: the embedded simulator");
        try (AcsClient c = Connections.connect()) {
            assertThat(c.lifecycle().origin().face()).isEqualTo(JournalEntry.Face.SHELL);
            assertThat(c.embedded()).isTrue();
        }
    }
}
