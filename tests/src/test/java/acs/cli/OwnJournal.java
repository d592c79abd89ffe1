package acs.cli;

import acs.journal.Journal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A journal of the test's own for commands run in this JVM: the system property {@code acs.journal}
 * points at a file in a fresh folder for each test, and is put back after it
 * ({@code @RegisterExtension final OwnJournal own = new OwnJournal();}).
 */
final class OwnJournal implements BeforeEachCallback, AfterEachCallback {
    private String saved;
    private Path dir;
    private Journal journal;

    @Override public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("acs-own-journal");
        saved = System.getProperty("acs.journal");
        System.setProperty("acs.journal", file().toString());
        journal = Journal.at(file());
    }

    @Override public void afterEach(ExtensionContext context) throws IOException {
        if (saved == null) System.clearProperty("acs.journal");
        else System.setProperty("acs.journal", saved);
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** The folder the journal lives in. */
    Path dir() { return dir; }

    /** The journal's file. */
    Path file() { return dir.resolve(Journal.FILE); }

    Journal journal() { return journal; }
}
