package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.ApiCall;
import acs.ConfigException;
import acs.UploadStart;
import acs.journal.Journal;
import acs.journal.JournalEntry;
import acs.journal.JournalEntry.State;
import acs.journal.StateStore;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team's store that goes away mid-run: the outcomes of changes already sent are kept in the home
 * and recorded once it is back; no new change begins without it.
 */
class StoreOutageTest {
    @TempDir Path home;

    @Test void outcomesLearntWhileTheStoreIsDownAreKeptAndRecordedWhenItIsBack() throws Exception {
        StateStore real = Journal.at(home.resolve("team.jsonl")).store();
        AtomicBoolean down = new AtomicBoolean();
        StateStore flaky = (StateStore) Proxy.newProxyInstance(StateStore.class.getClassLoader(), new Class<?>[] {StateStore.class}, (p, m, args) -> {
            if (m.getName().equals("append") && down.get()) throw new ConfigException("cannot reach the store postgresql://db/acs");
            try {
                return m.invoke(real, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        });
        Path spool = home.resolve("store-spool.jsonl");
        Journal j = Journal.on(flaky, spool);
        Journal.Origin cli = new Journal.Origin(JournalEntry.Face.CLI, "http://acs.example.com", null, null, 0, "tester", () -> null);
        JournalEntry sent = j.begin(cli, null, ApiCall.uploadStart(610474, UploadStart.of("http://repo.example.com/a.war")));

        down.set(true);
        JournalEntry accepted = j.accepted(sent, "c-1"); // the answer came while the store was down: kept, not lost
        assertThat(accepted.state()).isEqualTo(State.ACCEPTED);
        assertThat(Files.readString(spool)).contains(sent.id()).contains("accepted");
        assertThatThrownBy(() -> j.begin(cli, null, ApiCall.stop(610247, null))).as("no new change without the store")
                .isInstanceOf(ConfigException.class);

        down.set(false);
        Journal later = Journal.on(flaky, spool);
        assertThat(later.pending()).as("the next process that opens the store records what was kept").extracting(JournalEntry::state)
                .containsExactly(State.ACCEPTED);
        later.append(accepted.with(State.SUCCEEDED, "c-1", null));
        assertThat(later.entries()).singleElement().satisfies(e -> assertThat(e.state()).isEqualTo(State.SUCCEEDED));
        assertThat(Files.size(spool)).as("handed over, then forgotten").isZero();
    }
}
