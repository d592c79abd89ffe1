package acs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import acs.journal.JournalEntry;
import acs.journal.JournalLines;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A journal line is written without building a JSON tree; over generated entries (any field absent
 * or present, Unicode, controls, quotes) it is the very text of the entry's JSON object, so a
 * journal written now reads as before, and every line reads back as its entry.
 */
class JournalLinePropertiesTest {
    static Stream<Long> seeds() { return Gen.seeds(300); }

    static JournalEntry entry(Gen g) {
        var r = g.r;
        JournalEntry.State[] states = JournalEntry.State.values();
        Instant t = Instant.ofEpochMilli(1_700_000_000_000L + r.nextLong(1_000_000_000L)).plusNanos(r.nextInt(1_000_000));
        return new JournalEntry(g.string(1, 12), t, t.plusMillis(r.nextInt(5000)), maybe(g), maybe(g), maybe(g), maybe(g), maybe(g),
                r.nextBoolean() ? null : r.nextLong(1, Long.MAX_VALUE), r.nextBoolean() ? null : r.nextLong(1, 1_000_000),
                g.params(), maybe(g), states[r.nextInt(states.length)], maybe(g), r.nextLong(1, 1 << 22),
                r.nextBoolean() ? null : JournalEntry.Face.values()[r.nextInt(JournalEntry.Face.values().length)], maybe(g),
                r.nextBoolean() ? null : g.string(6, 6), r.nextInt(5), maybe(g),
                r.nextBoolean() ? null : JournalEntry.Resolution.values()[r.nextInt(JournalEntry.Resolution.values().length)]);
    }

    static String maybe(Gen g) {
        return g.r.nextInt(4) == 0 ? null : g.value() + "\"\\\t\n\u001f";
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aLineIsTheEntrysJsonObjectAndReadsBackAsTheEntry(long seed) {
        JournalEntry e = entry(new Gen(seed));
        String line = JournalLines.line(e);
        // a tree's text, as older versions wrote lines: same escaping, so old and new lines compare equal
        assertThat(line).isEqualTo(JournalLines.toJson(e).toString()).doesNotContain("\n");
        if (e.run() != null) assertThat(line).endsWith(",\"run\":" + JournalLines.toJson(e).get("run") + "}");
        JournalEntry back = JournalLines.parse(line);
        assertThat(back).usingRecursiveComparison().ignoringFields("attempt").isEqualTo(e);
        if (e.run() != null) assertThat(back.attempt()).isEqualTo(e.attempt());
    }
}
