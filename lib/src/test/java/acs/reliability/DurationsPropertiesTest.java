package acs.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.Durations;
import acs.InvalidInputException;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Durations as operators write them ({@code 1h30m}, {@code 500ms}), over generated values: the
 * text is built from parts whose sum is known, so parsing has an oracle; formatting must read
 * back as the same duration, in its largest whole unit.
 */
class DurationsPropertiesTest {
    static Stream<Long> seeds() { return Gen.seeds(200); }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void textBuiltFromPartsParsesToTheirSum(long seed) {
        Gen g = new Gen(seed);
        String[] units = {"d", "h", "m", "s", "ms"};
        long[] millis = {86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};
        StringBuilder text = new StringBuilder();
        long expected = 0;
        for (int i = 0; i < units.length; i++) {
            if (text.length() > 0 && g.r.nextBoolean()) continue;
            if (g.r.nextInt(3) == 0 && i < units.length - 1) continue;
            long n = g.r.nextInt(g.r.nextBoolean() ? 10 : 5000);
            text.append(n).append(g.r.nextInt(4) == 0 ? units[i].toUpperCase() : units[i]);
            expected += n * millis[i];
        }
        String written = (g.r.nextBoolean() ? " " : "") + text + (g.r.nextBoolean() ? "\t" : "");
        assertThat(Durations.parse("--wait-timeout", written)).as(written).isEqualTo(Duration.ofMillis(expected));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void formatReadsBackInItsLargestWholeUnit(long seed) {
        Gen g = new Gen(seed);
        long[] scale = {1, 1000, 60_000, 3_600_000};
        Duration d = Duration.ofMillis(g.r.nextInt(1, 5000) * scale[g.r.nextInt(scale.length)]);
        String text = Durations.format(d);
        assertThat(Durations.parse("x", text)).as(text).isEqualTo(d);
        long ms = d.toMillis();
        String unit = ms % 3_600_000 == 0 ? "h" : ms % 60_000 == 0 ? "m" : ms % 1000 == 0 ? "s" : "ms";
        assertThat(text).as("%d ms", ms).matches("[1-9][0-9]*" + unit);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anythingElseIsRefusedNamingTheParameter(long seed) {
        Gen g = new Gen(seed);
        String[] bad = {"", " ", "10", "m", "10 m", "1h 30m", "-5s", "5x", "1.5h", "30sec", "h1", "10mm", "1h30", "ms10", "PT", "P1Y"};
        String text = g.r.nextBoolean() ? bad[g.r.nextInt(bad.length)] : g.string(1, 6).replaceAll("[0-9]", "") + g.r.nextInt(100);
        assertThatThrownBy(() -> Durations.parse("--pause", text)).as("'%s'", text)
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.parameter()).isEqualTo("--pause"))
                .hasMessageContaining("--pause");
    }
}
