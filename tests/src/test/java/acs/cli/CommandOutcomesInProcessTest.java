package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.journal.Journal;
import acs.sim.CommandFault;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the umbrella and a few commands tell the operator in this JVM, against an in-process simulator
 * and a journal of the test's own: usage without a command, a redeploy that fails exits 6, a script's
 * dry run and rehearsal say what they do before they do it.
 */
class CommandOutcomesInProcessTest {
    static final String V1 = "http://repo.example.com/app-1.0.war", V2 = "http://repo.example.com/app-2.0.war";
    @TempDir Path home;
    @TempDir Path work;
    private String saved;
    private Simulator sim;

    @BeforeEach void setUp() {
        saved = System.getProperty("acs.journal");
        System.setProperty("acs.journal", home.resolve(Journal.FILE).toString());
        sim = Simulator.start(SimConfig.defaults().withCommandDuration(Duration.ofMillis(50)));
    }

    @AfterEach void tearDown() {
        sim.close();
        if (saved == null) System.clearProperty("acs.journal");
        else System.setProperty("acs.journal", saved);
    }

    @Test void acsAloneShowsItsCommandsOnStderr() {
        CliHarness.Result r = CliHarness.run();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("Usage: acs").contains("node-deploy").contains("journal").contains("resume");
    }

    @Test void aRedeployThatFailsExitsSixWithAVersionOrThePreviousOne() {
        assertThat(CliHarness.runAgainst(sim, "node-deploy", "610474", "--url", V1, "--wait").exit()).isZero();
        assertThat(CliHarness.runAgainst(sim, "node-deploy", "610474", "--url", V2, "--wait").exit()).isZero();
        sim.faults().onNode(610474, CommandFault.START_FAILED);
        CliHarness.Result previous = CliHarness.runAgainst(sim, "node-redeploy", "610474", "--previous", "--wait");
        assertThat(previous.exit()).as(previous.toString()).isEqualTo(6);
        assertThat(previous.err()).contains("--previous: version 1");
        CliHarness.Result version = CliHarness.runAgainst(sim, "node-redeploy", "610474", "--package-version", "2", "--wait");
        assertThat(version.exit()).as(version.toString()).isEqualTo(6);
    }

    @Test void aScriptsDryRunAndRehearsalSayWhatTheyDoAndSendNothing() throws Exception {
        Path script = work.resolve("one.groovy");
        Files.writeString(script, "node(610474) { deploy url: '" + V1 + "'; waitDone() }\n");
        CliHarness.Result dry = CliHarness.runAgainst(sim, "run", script.toString(), "--dry-run");
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.err()).contains("acs: dry run of " + script + ": reads go to " + sim.endpoint() + "; changes are printed, not sent");
        assertThat(dry.out()).contains("=> not sent (dry run)");
        CliHarness.Result rehearsal = CliHarness.runAgainst(sim, "run", script.toString(), "--rehearse");
        assertThat(rehearsal.exit()).as(rehearsal.toString()).isZero();
        assertThat(rehearsal.err()).contains("acs: rehearsal of " + script + " against a copy of " + sim.endpoint()
                + " (in-process simulator); nothing will be sent there");
        assertThat(rehearsal.out()).contains("610474");
        assertThat(sim.accessLog()).noneMatch(e -> e.method().equals("POST"));
    }
}
