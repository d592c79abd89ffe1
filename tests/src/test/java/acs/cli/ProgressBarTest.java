package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.fleet.FleetEvent;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fleet's progress bar as a person at a terminal sees it: one line redrawn in place (a carriage
 * return, the line cleared to its end), 30 columns of '#' for the share ended, the counts, at most
 * ten redraws a second but always the last, and a new line once the run is over. The writer is a
 * buffered one, so a missing flush shows as nothing on the screen.
 */
class ProgressBarTest {
    final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    /** The bar's clock, moved by the tests: nothing here depends on how fast the machine is. */
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final ProgressBar bar = new ProgressBar(new PrintWriter(new OutputStreamWriter(screen, StandardCharsets.UTF_8)), "deploy to", nanos::get);

    @AfterEach void terminal() {
        Terminal.use(null);
    }

    static FleetEvent<Long> event(int total, int started, int running, int succeeded, int failed, int timedOut, int batch, int batches) {
        return new FleetEvent<>(FleetEvent.Kind.ITEM_SUCCEEDED, batch, batches, List.of(1L), null, null,
                total, started, running, succeeded, failed, timedOut, 0, 2.25);
    }

    String shown() {
        return screen.toString(StandardCharsets.UTF_8);
    }

    /** The drawn lines (each starts with a carriage return), the time left out. */
    List<String> draws() {
        return java.util.Arrays.stream(shown().split("\r")).filter(s -> !s.isEmpty()).map(s -> s.replaceAll("  \\d+[.,]\\ds\033\\[K", "  Ts|")).toList();
    }

    @Test
    void theFirstEventIsDrawnAtOnceWithTheShareEndedAndTheCounts() {
        bar.update(event(3, 2, 1, 1, 0, 0, 1, 1));
        assertThat(draws()).containsExactly("deploy to [##########                    ] 1/3  running 1  ok 1  failed 0  Ts|");
        assertThat(shown()).startsWith("\r").endsWith("\033[K");
    }

    @Test
    void timedOutNodesAndBatchesAreShownOnlyWhenThereAreAny() {
        bar.update(event(4, 4, 0, 1, 1, 2, 2, 3));
        assertThat(draws()).containsExactly("deploy to [##############################] 4/4  running 0  ok 1  failed 1  timed out 2  batch 2/3  Ts|");
    }

    @Test
    void aRunOfNoNodesIsAFullBar() {
        bar.update(event(0, 0, 0, 0, 0, 0, 1, 1));
        assertThat(draws()).containsExactly("deploy to [##############################] 0/0  running 0  ok 0  failed 0  Ts|");
    }

    @Test
    void redrawsComeAtMostTenTimesASecondButTheLastIsAlwaysDrawn() {
        bar.update(event(4, 2, 2, 0, 0, 0, 1, 1));
        nanos.addAndGet(99_000_000L);
        bar.update(event(4, 3, 2, 1, 0, 0, 1, 1));                 // 99 ms after: not drawn
        bar.update(event(4, 4, 1, 3, 0, 0, 1, 1));                 // every node started, one still running: not the last
        bar.update(event(4, 1, 0, 1, 0, 0, 1, 1));                 // stopped: one ended, three never started: the last
        bar.update(event(4, 4, 0, 2, 2, 0, 1, 1));                 // all ended: the last
        assertThat(draws()).containsExactly(
                "deploy to [                              ] 0/4  running 2  ok 0  failed 0  Ts|",
                "deploy to [#######                       ] 1/4  running 0  ok 1  failed 0  Ts|",
                "deploy to [##############################] 4/4  running 0  ok 2  failed 2  Ts|");
    }

    @Test
    void aTenthOfASecondAfterTheLastDrawTheBarIsRedrawn() {
        bar.update(event(4, 2, 2, 0, 0, 0, 1, 1));
        nanos.addAndGet(100_000_000L);
        bar.update(event(4, 3, 2, 1, 0, 0, 1, 1));
        nanos.addAndGet(50_000_000L);
        bar.update(event(4, 3, 1, 2, 0, 0, 1, 1));                 // 50 ms after the second draw: not drawn
        assertThat(draws()).containsExactly(
                "deploy to [                              ] 0/4  running 2  ok 0  failed 0  Ts|",
                "deploy to [#######                       ] 1/4  running 2  ok 1  failed 0  Ts|");
    }

    @Test
    void theFirstUpdateIsDrawnWhateverTheClockSays() {
        nanos.set(0);
        bar.update(event(4, 1, 1, 0, 0, 0, 1, 1));
        assertThat(draws()).hasSize(1);
    }

    @Test
    void aStoppedRunWithSomeNodesNeitherEndedNorSkippedIsNotTheLast() {
        bar.update(event(4, 2, 2, 0, 0, 0, 1, 1));
        bar.update(event(4, 3, 0, 2, 0, 0, 1, 1));                 // 2 ended + 1 not started < 4: throttled
        assertThat(draws()).hasSize(1);
    }

    @Test
    void closingEndsTheLineOnlyWhenSomethingWasDrawn() {
        bar.close();
        assertThat(shown()).isEmpty();
        bar.update(event(1, 1, 0, 1, 0, 0, 1, 1));
        bar.close();
        assertThat(shown()).endsWith("\033[K" + System.lineSeparator());
    }

    @Test
    void aBarIsWantedOnlyWhenAPersonWatches() {
        Terminal.use(new Terminal() {
            @Override public boolean interactive() { return false; }
            @Override public String readLine(String prompt) { return null; }
        });
        assertThat(ProgressBar.wanted()).isFalse();
        Terminal.use(new Terminal() {
            @Override public boolean interactive() { return true; }
            @Override public String readLine(String prompt) { return null; }
        });
        assertThat(ProgressBar.wanted()).isTrue();
    }

    @Test
    void withoutAConsoleTheJvmsTerminalIsNotInteractiveAndReadsNoAnswer() {
        Terminal.use(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(System.console() == null, "a test JVM has no console");
        assertThat(Terminal.current().interactive()).isFalse();
        assertThat(Terminal.current().readLine("Stop? [y/N] ")).isNull();
    }
}
