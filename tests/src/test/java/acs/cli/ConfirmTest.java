package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.sim.SimConfig;
import acs.sim.Simulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The question a destructive command asks at a terminal (a fake one here) and what an answer
 * does: only y or yes (any case, spaces around) goes on; anything else, or no answer, sends nothing.
 */
class ConfirmTest {
    Simulator sim;
    final List<String> prompts = new ArrayList<>();

    @BeforeEach void start() {
        sim = Simulator.start(SimConfig.defaults().withExtraNodes(22).withCommandDuration(Duration.ofMillis(50)));
    }

    @AfterEach void stop() {
        Terminal.use(null);
        sim.close();
    }

    void answer(String a) {
        Terminal.use(new Terminal() {
            @Override public boolean interactive() { return true; }
            @Override public String readLine(String prompt) {
                prompts.add(prompt);
                return a;
            }
        });
    }

    String where() {
        return sim.endpoint().toString().replaceAll("/$", "") + " (from --endpoint)";
    }

    long posts() {
        return sim.accessLog().stream().filter(e -> !e.method().equals("GET")).count();
    }

    @Test
    void yesOrYInAnyCaseGoesOn() {
        answer(" Yes ");
        CliHarness.Result r = CliHarness.runAgainst(sim, "node-stop", "700001", "--wait");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(prompts).containsExactly("Stop node 700001 on " + where() + "? [y/N] ");
        answer("y");
        assertThat(CliHarness.runAgainst(sim, "node-start", "700001", "--wait").exit()).isZero();
        assertThat(CliHarness.runAgainst(sim, "node-delete", "700002").exit()).isZero();
        assertThat(posts()).isEqualTo(3);
    }

    @Test
    void anyOtherAnswerOrNoneSendsNothing() {
        for (String a : new String[] {"n", "", "yess", null}) {
            answer(a);
            CliHarness.Result r = CliHarness.runAgainst(sim, "node-stop", "700001");
            assertThat(r.exit()).as("%s: %s", a, r).isEqualTo(2);
            assertThat(r.err()).isEqualTo("acs: error: --yes: not confirmed; nothing was sent\n");
        }
        assertThat(posts()).isZero();
    }

    @Test
    void aFleetQuestionNamesTwentyNodesAndCountsTheRest() {
        answer("n");
        String[] twenty = LongStream.rangeClosed(700001, 700020).mapToObj(Long::toString).toArray(String[]::new);
        String listed = String.join(", ", twenty);
        List<String> args = new ArrayList<>(List.of("node-stop"));
        args.addAll(List.of(twenty));
        assertThat(CliHarness.runAgainst(sim, args.toArray(String[]::new)).exit()).isEqualTo(2);
        args.addAll(List.of("700021", "700022"));
        assertThat(CliHarness.runAgainst(sim, args.toArray(String[]::new)).exit()).isEqualTo(2);
        assertThat(prompts).containsExactly(
                "Stop 20 nodes on " + where() + ": " + listed + "? [y/N] ",
                "Stop 22 nodes on " + where() + ": " + listed + " and 2 more? [y/N] ");
        assertThat(posts()).isZero();
    }

    @Test
    void offATerminalTheRefusalNamesWhatWouldHaveChanged() {
        Terminal.use(new Terminal() {
            @Override public boolean interactive() { return false; }
            @Override public String readLine(String prompt) { throw new AssertionError("no question off a terminal"); }
        });
        CliHarness.Result r = CliHarness.runAgainst(sim, "node-stop", "700001");
        assertThat(r.err()).isEqualTo("acs: error: --yes: refusing to stop node 700001 on " + where() + " without --yes: standard input is not a terminal\n");
        assertThat(CliHarness.runAgainst(sim, "node-stop", "700001", "--yes").exit()).isZero();
        assertThat(CliHarness.runAgainst(sim, "node-stop", "700002", "--dry-run").exit()).as("a dry run needs no confirmation").isZero();
    }

    @Test
    void onTheEmbeddedSimulatorItsNoticeComesBeforeTheQuestionWhichNamesIt() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("ACS_ENDPOINT") == null, "nothing configured: the embedded simulator");
        answer("n");
        CliHarness.Result r = CliHarness.run("node-stop", "610474");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(prompts).containsExactly("Stop node 610474 on the embedded simulator (http://embedded-simulator)? [y/N] ");
        assertThat(r.err()).as("the notice, though nothing was sent").contains("embedded").endsWith("acs: error: --yes: not confirmed; nothing was sent\n");
        assertThat(r.err().indexOf("embedded")).isLessThan(r.err().indexOf("not confirmed"));
    }
}
