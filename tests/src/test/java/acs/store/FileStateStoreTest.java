package acs.store;

import acs.journal.Journal;
import acs.journal.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The contract on the file store of one home (two stores on one home stand for two processes of one machine). */
class FileStateStoreTest extends StateStoreContract {
    private Path home;

    @Override protected void freshState() {
        try {
            home = Files.createTempDirectory("acs-file-store");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override protected boolean processesAreReal() {
        return true;
    }

    @Override protected StateStore open() {
        return Journal.at(home.resolve("journal.jsonl")).store();
    }
}
