package acs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import acs.journal.JournalEntry;
import acs.sim.NetworkFault;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a child process: kill -9 during --wait, then command-wait --pending; an unknown outcome, exit 5, journaled. */
@Tag("child-process")
class CrashAndUnknownOutcomeTest {
    @TempDir Path home;
    Simulator sim;
    ChildCli cli;

    @BeforeEach void start() {
        sim = Simulator.start(SimConfig.defaults().withCommandDuration(Duration.ofSeconds(6)));
        cli = ChildCli.of(home, sim);
    }

    @AfterEach void stop() {
        sim.close();
    }

    @Test void killDashNineDuringWaitThenCommandWaitPendingFinishesTheCommand() throws Exception {
        ProcessBuilder pb = cli.builder("Acs", "node-deploy", "610474", "--url", "http://repo.example.com/app-2.0.war", "--wait");
        File err = File.createTempFile("acs-err", ".txt");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err);
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (cli.journal().pending().stream().noneMatch(e -> e.state() == JournalEntry.State.ACCEPTED)) {
                assertThat(p.isAlive()).as("the CLI is still waiting; stderr: %s", Files.readString(err.toPath())).isTrue();
                assertThat(System.nanoTime()).as("the journal records the accepted command").isLessThan(deadline);
                Thread.sleep(50);
            }
        } finally {
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
        }
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(137);
        List<JournalEntry> pending = cli.journal().pending();
        assertThat(pending).hasSize(1);
        JournalEntry e = pending.get(0);
        assertThat(e.node()).isEqualTo(610474L);
        assertThat(e.operation()).isEqualTo("node-deploy");
        assertThat(e.params()).containsEntry("url", "http://repo.example.com/app-2.0.war");
        assertThat(sim.state().command(e.commandId()).orElseThrow().status().isTerminal()).isFalse();

        ChildCli.Result r = cli.run("Acs", "command-wait", "--pending");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains(e.commandId()).contains("DONE");
        assertThat(cli.journal().pending()).isEmpty();
        assertThat(cli.journal().entries()).singleElement().satisfies(x -> assertThat(x.state()).isEqualTo(JournalEntry.State.SUCCEEDED));
        assertThat(sim.state().commandIds(610474)).containsExactly(e.commandId());

        ChildCli.Result list = cli.run("JournalCommand", "-o", "table");
        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(list.out()).contains("node-deploy").contains("node 610474").contains("succeeded").contains(e.commandId());
        err.delete();
    }

    @Test void aLostAnswerIsAnUnknownOutcomeExit5JournaledAndResolvable() throws Exception {
        sim.faults().networkOnNode(610247, 1, NetworkFault.LOST_RESPONSE);
        ChildCli.Result r = cli.run("Acs", "node-deploy", "610247", "--url", "http://repo.example.com/app-3.0.war", "--wait");
        assertThat(r.exit()).as(r.toString()).isEqualTo(5);
        assertThat(r.err()).contains("the deploy to node 610247 may or may not have been applied")
                .contains("check 'acs node-get 610247' and the node's latest command before retrying")
                .contains("unknown");
        assertThat(r.out()).isEmpty();
        assertThat(sim.state().commandIds(610247)).hasSize(1); // it was applied: exactly once, never retried

        JournalEntry e = cli.journal().pending().get(0);
        assertThat(e.state()).isEqualTo(JournalEntry.State.UNKNOWN);
        assertThat(e.commandId()).isEqualTo("unknown");
        assertThat(Files.readString(cli.journal().file())).contains("\"commandId\":\"unknown\"");

        ChildCli.Result pendingList = cli.run("JournalCommand", "--pending");
        assertThat(pendingList.exit()).isZero();
        assertThat(pendingList.out()).contains(e.id()).contains("unknown").contains("610247");

        ChildCli.Result wait = cli.run("Acs", "command-wait", "--pending");
        assertThat(wait.exit()).as(wait.toString()).isEqualTo(5);
        assertThat(wait.err()).contains("unknown outcome").contains("acs node-get 610247").contains("acs journal --resolve " + e.id());

        ChildCli.Result resolve = cli.run("JournalCommand", "--resolve", e.id(), "--applied", "--note", "node-get shows the deploy ran");
        assertThat(resolve.exit()).as(resolve.toString()).isZero();
        ChildCli.Result again = cli.run("Acs", "command-wait", "--pending");
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(cli.journal().entries()).singleElement().satisfies(x -> assertThat(x.state()).isEqualTo(JournalEntry.State.RESOLVED));
    }
}
