package acs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import acs.journal.Journal;
import acs.journal.JournalEntry;
import acs.sim.AccessLogEntry;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import java.io.File;
import java.nio.charset.StandardCharsets;
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

/** Every face journals its changes like the single-node CLI: the DSL, the shell, fleets; and the journal lives where the user's home says. */
@Tag("child-process")
class FacesJournalTest {
    @TempDir Path home;
    @TempDir Path work;
    Simulator sim;
    ChildCli cli;

    @BeforeEach void start() {
        sim = Simulator.start(SimConfig.defaults().withCommandDuration(Duration.ofMillis(600)));
        cli = ChildCli.of(home, sim);
    }

    @AfterEach void stop() {
        sim.close();
    }

    @Test void aDslDeployIsJournaledWithItsScriptLineAndItsEnd() throws Exception {
        Path script = work.resolve("deploy.groovy");
        Files.writeString(script, String.join("\n",
                "node(610474) {",
                "    deploy url: 'http://repo.example.com/app-7.war', method: SEQUENTIAL",
                "    waitDone(timeout: '1m')",
                "}", ""));
        ProcessBuilder pb = cli.builder("Acs", "run", "deploy.groovy").directory(work.toFile());
        pb.redirectErrorStream(true).redirectOutput(work.resolve("out.txt").toFile());
        Process p = pb.start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(work.resolve("out.txt"))).isZero();
        assertThat(cli.journal().entries()).singleElement().satisfies(e -> {
            assertThat(e.face()).isEqualTo(JournalEntry.Face.DSL);
            assertThat(e.source()).isEqualTo("deploy.groovy:2");
            assertThat(e.node()).isEqualTo(610474L);
            assertThat(e.operation()).isEqualTo("node-deploy");
            assertThat(e.params()).containsEntry("url", "http://repo.example.com/app-7.war");
            assertThat(e.state()).isEqualTo(JournalEntry.State.SUCCEEDED);
            assertThat(e.endpoint()).isEqualTo(sim.endpoint().toString());
        });
    }

    @Test void aDryRunOrARehearsalJournalsNothing() throws Exception {
        Path script = work.resolve("deploy.groovy");
        Files.writeString(script, "node(610474) { deploy url: 'http://repo.example.com/app-7.war'; waitDone() }\n");
        assertThat(cli.run("Acs", "run", "--dry-run", script.toString()).exit()).isZero();
        assertThat(cli.run("Acs", "run", "--rehearse", script.toString()).exit()).isZero();
        assertThat(cli.journal().entries()).isEmpty();
    }

    @Test void aShellDeployIsJournaledAsTheShellsAndFinishes() throws Exception {
        ProcessBuilder pb = cli.builder("Acs", "shell");
        File out = File.createTempFile("acs-shell", ".txt");
        pb.redirectErrorStream(true).redirectOutput(out);
        Process p = pb.start();
        p.getOutputStream().write(String.join("\n",
                "var done = acs.waitFor(acs.uploadStart(610474, UploadStart.of(\"http://repo.example.com/app-8.war\")));",
                "System.out.println(\"RESULT \" + done.result());",
                "/exit", "").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("the shell ends on /exit").isTrue();
        assertThat(Files.readString(out.toPath())).contains("RESULT 200");
        assertThat(cli.journal().entries()).singleElement().satisfies(e -> {
            assertThat(e.face()).isEqualTo(JournalEntry.Face.SHELL);
            assertThat(e.state()).isEqualTo(JournalEntry.State.SUCCEEDED);
        });
    }

    @Test void aFleetRunJournalsEveryNodeAsTheFleetsAndTheirEnds() throws Exception {
        ChildCli.Result r = cli.run("Acs", "node-deploy", "610474", "610247", "--url", "http://repo.example.com/app-9.war");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(cli.journal().entries()).hasSize(2).allSatisfy(e -> {
            assertThat(e.face()).isEqualTo(JournalEntry.Face.FLEET);
            assertThat(e.state()).isEqualTo(JournalEntry.State.SUCCEEDED);
        });
    }

    @Test void withoutAcsHomeTheJournalIsUnderHomeNotTheAccountsHome() throws Exception {
        Path userHome = work.resolve("user");
        Files.createDirectories(userHome);
        ProcessBuilder pb = cli.builder("Acs", "node-deploy", "610474", "--url", "http://repo.example.com/app-10.war");
        pb.environment().remove("ACS_HOME");
        pb.environment().put("HOME", userHome.toString());
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(Journal.at(userHome.resolve(".acs/journal.jsonl")).entries()).singleElement()
                .satisfies(e -> assertThat(e.node()).isEqualTo(610474L));
        assertThat(home.resolve("journal.jsonl")).doesNotExist();
    }

    @Test void commandWaitPendingNeverPollsAnotherEndpointAndAllEndpointsVisitsEach() throws Exception {
        try (Simulator other = Simulator.start(SimConfig.defaults().withCommandDuration(Duration.ofMillis(600)))) {
            ChildCli onOther = ChildCli.of(home, other);
            assertThat(cli.run("Acs", "node-deploy", "610474", "--url", "http://repo.example.com/a.war").exit()).isZero();
            assertThat(onOther.run("Acs", "node-deploy", "610247", "--url", "http://repo.example.com/b.war").exit()).isZero();
            String here = cli.journal().pending().stream().filter(e -> e.node() == 610474L).findFirst().orElseThrow().commandId();
            String there = cli.journal().pending().stream().filter(e -> e.node() == 610247L).findFirst().orElseThrow().commandId();
            sim.clearAccessLog();
            other.clearAccessLog();

            ChildCli.Result r = cli.run("Acs", "command-wait", "--pending");
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.err()).contains("skipping node-deploy node 610247").contains(other.endpoint().toString());
            assertThat(paths(sim)).anyMatch(p -> p.endsWith(here)).noneMatch(p -> p.endsWith(there));
            assertThat(other.accessLog()).as("nothing is sent to the endpoint the run does not talk to").isEmpty();
            assertThat(cli.journal().pending()).extracting(JournalEntry::node).containsExactly(610247L);

            r = cli.run("Acs", "command-wait", "--pending", "--all-endpoints");
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(paths(other)).anyMatch(p -> p.endsWith(there));
            assertThat(cli.journal().pending()).isEmpty();
        }
    }

    private static List<String> paths(Simulator s) {
        return s.accessLog().stream().map(AccessLogEntry::path).toList();
    }
}
