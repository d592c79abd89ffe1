package acs.journal;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Where the journal's lines live. A file in the toolkit's home today ({@link FileJournalStore});
 * a store shared by a team can come later without touching the command lifecycle.
 */
public interface JournalStore {
    /**
     * Appends whole lines, durably, in one write and one sync: they are all on disk when this
     * returns. Safe against other threads and other processes appending at once.
     * A store that cannot be written throws {@link acs.ConfigException} saying where and what to do.
     */
    void append(List<String> lines);

    /** Every line, oldest first (a torn or foreign line included: the reader decides). */
    List<String> lines();

    /**
     * Called before an append when the store has grown past its limit: {@code keep} chooses,
     * from the current lines, the ones the compacted store holds (it must keep every pending entry).
     */
    void compactWith(UnaryOperator<List<String>> keep);

    /** Where it is, for messages: a path. */
    String where();
}
