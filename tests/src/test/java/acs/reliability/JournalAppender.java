package acs.reliability;

import acs.config.AcsConfig;
import acs.ApiCall;
import acs.journal.Journal;
import acs.journal.JournalEntry;
import acs.UploadStart;
import java.nio.file.Path;

/** A child process that appends to a journal: {@code JournalAppender FILE COUNT TAG}. */
public final class JournalAppender {
    public static void main(String[] args) {
        Journal j = Journal.at(Path.of(args[0]));
        int n = Integer.parseInt(args[1]);
        AcsConfig c = AcsConfig.of("http://127.0.0.1:1", "ak", "sk-not-journaled");
        for (int i = 0; i < n; i++) {
            JournalEntry e = j.begin(c, args[2] + "-" + i, ApiCall.uploadStart(700001 + i, UploadStart.of("http://repo.example.com/" + args[2] + "-" + i + ".war")));
            if (e == null) System.exit(1);
        }
    }
}
