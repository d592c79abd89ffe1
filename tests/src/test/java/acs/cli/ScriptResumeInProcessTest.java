package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.journal.Journal;
import acs.sim.AccessLogEntry;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import acs.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code acs run SCRIPT} that stops part way, then {@code acs resume}, in this JVM against an
 * in-process simulator, on a journal of the test's own (the system property {@code acs.journal}):
 * what was done is answered from the journal and not sent again, a changed or removed script is
 * refused, a secret parameter must be given again.
 */
class ScriptResumeInProcessTest {
    private static final Pattern RUN = Pattern.compile("acs: run ([0-9a-f]+) \\(resume with: acs resume \\1\\)");

    @TempDir Path home;
    @TempDir Path work;
    private String saved;
    private Simulator sim;
    private Path script;

    @BeforeEach void setUp() throws Exception {
        saved = System.getProperty("acs.journal");
        System.setProperty("acs.journal", home.resolve(Journal.FILE).toString());
        sim = Simulator.start(SimConfig.defaults().withCommandDuration(Duration.ofMillis(50)));
        script = work.resolve("two-nodes.groovy");
        Files.writeString(script, String.join("\n",
                "node(610474) { deploy url: 'http://repo.example.com/app-7.war'; waitDone() }",
                "echo 'token of ' + param('token').length() + ' characters'",
                "if (param('go') != 'yes') throw new IllegalStateException('stopped before the second node')",
                "node(610247) { deploy url: 'http://repo.example.com/app-7.war'; waitDone() }", ""));
    }

    @AfterEach void tearDown() {
        sim.close();
        if (saved == null) System.clearProperty("acs.journal");
        else System.setProperty("acs.journal", saved);
    }

    private long deploys(long node) {
        return sim.accessLog().stream().filter(e -> e.method().equals("POST") && e.path().endsWith("/node/" + node + "/uploadStart")).count();
    }

    private long posts() {
        return sim.accessLog().stream().map(AccessLogEntry::method).filter("POST"::equals).count();
    }

    /** Runs the script so that it stops after the first node; the run's id. */
    private String stoppedRun() {
        CliHarness.Result r = CliHarness.runAgainst(sim, "run", script.toString(), "-Pgo=no", "-Ptoken=t0ps3cret-value");
        assertThat(r.exit()).as(r.toString()).isNotZero();
        Matcher m = RUN.matcher(r.err());
        assertThat(m.find()).as(r.toString()).isTrue();
        String id = m.group(1);
        assertThat(r.err()).as("how to finish it").contains("acs: run " + id + " did not run to its end; after fixing what failed, finish it with: acs resume " + id);
        assertThat(r.toString()).doesNotContain("t0ps3cret-value");
        return id;
    }

    @Test void aStoppedScriptIsResumedSendingOnlyWhatItHadNotDone() throws Exception {
        String id = stoppedRun();
        assertThat(deploys(610474)).isEqualTo(1);
        assertThat(deploys(610247)).isZero();
        JsonNode runs = Json.MAPPER.readTree(CliHarness.run("journal", "--runs").out());
        assertThat(runs).singleElement().satisfies(r -> {
            assertThat(r.path("run").asText()).isEqualTo(id);
            assertThat(r.path("script").asText()).isEqualTo(script.toAbsolutePath().normalize().toString());
            assertThat(r.path("state").asText()).isNotEqualTo("finished");
        });

        CliHarness.Result secret = CliHarness.runAgainst(sim, "resume", id, "-Pgo=yes");
        assertThat(secret.exit()).as(secret.toString()).isEqualTo(2);
        assertThat(secret.err()).contains("run " + id + " had secret parameters that were not kept; give them again: [-Ptoken=...]");

        long before = posts();
        CliHarness.Result dry = CliHarness.runAgainst(sim, "resume", id, "--dry-run", "-Pgo=yes", "-Ptoken=again");
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.err()).contains("acs: dry run of resuming run " + id + " (").contains("): nothing is sent");
        assertThat(dry.out()).contains("run " + id + " (").contains("  answered from the journal: 1  (changes earlier attempts made: followed, not sent again)")
                .contains("  to send: 1  (the first: POST " + sim.endpoint() + "/api/v1/node/610247/").contains("each step: acs resume " + id + " --dry-run -v")
                .doesNotContain("not sent (dry run)");
        CliHarness.Result each = CliHarness.runAgainst(sim, "resume", id, "--dry-run", "-v", "-Pgo=yes", "-Ptoken=again");
        assertThat(each.exit()).as(each.toString()).isZero();
        assertThat(each.out()).contains("=> not sent (dry run); answered as command ").contains("succeeded").contains("610474")
                .doesNotContain("each step: acs resume");
        assertThat(posts()).as("a dry run sends no change").isEqualTo(before);

        Files.writeString(script, Files.readString(script) + "// edited after the run\n");
        CliHarness.Result changed = CliHarness.runAgainst(sim, "resume", id, "-Pgo=yes", "-Ptoken=again");
        assertThat(changed.exit()).isEqualTo(2);
        assertThat(changed.err()).contains("run " + id + ": " + script.toAbsolutePath().normalize() + " changed since the run")
                .contains("--force resumes anyway");
        assertThat(posts()).isEqualTo(before);

        CliHarness.Result resumed = CliHarness.runAgainst(sim, "resume", id, "--force", "-Pgo=yes", "-Ptoken=again");
        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        assertThat(resumed.err()).contains("acs: run " + id + " (resume with: acs resume " + id + "); attempt 2, 1 change(s) of earlier attempts in the journal")
                .contains("token of 5 characters").doesNotContain("did not run to its end")
                .as("what the journal answered, as it is followed")
                .contains("acs: POST /api/v1/node/610474/uploadStart: made by an earlier attempt (command ").contains("succeeded); not sent again");
        assertThat(deploys(610474)).as("done before: not sent again").isEqualTo(1);
        assertThat(deploys(610247)).isEqualTo(1);
        JsonNode after = Json.MAPPER.readTree(CliHarness.run("journal", "--runs").out());
        assertThat(after).singleElement().satisfies(r -> assertThat(r.path("state").asText()).isEqualTo("finished"));

        CliHarness.Result again = CliHarness.runAgainst(sim, "resume", id);
        assertThat(again.exit()).isZero();
        assertThat(again.err()).contains("acs: run " + id + " (").contains(") finished at ").contains(": every node has an end; nothing to resume");
        CliHarness.Result none = CliHarness.runAgainst(sim, "resume");
        assertThat(none.exit()).isZero();
        assertThat(none.err()).contains("acs: no interrupted or incomplete run made on ").contains("'acs journal --runs' lists runs");
    }

    @Test void withoutARunIdTheLatestStoppedRunHereIsResumedAndAGoneScriptIsRefused() throws Exception {
        String first = stoppedRun();
        String second = stoppedRun();
        assertThat(second).isNotEqualTo(first);
        CliHarness.Result dry = CliHarness.runAgainst(sim, "resume", "--dry-run", "-Ptoken=x", "-Pgo=yes");
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.out()).as("the latest").contains("run " + second + " (");

        Files.delete(script);
        CliHarness.Result gone = CliHarness.runAgainst(sim, "resume", first, "-Ptoken=x");
        assertThat(gone.exit()).isEqualTo(2);
        assertThat(gone.err()).contains("run " + first + " ran " + script.toAbsolutePath().normalize() + ", which is gone; nothing was sent");
        assertThat(deploys(610247)).isZero();
    }

    @Test void aScriptThatRunsToItsEndLeavesNothingToResume() throws Exception {
        CliHarness.Result r = CliHarness.runAgainst(sim, "run", script.toString(), "-Pgo=yes", "-Ptoken=t");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).containsPattern(RUN.pattern()).doesNotContain("did not run to its end");
        JsonNode runs = Json.MAPPER.readTree(CliHarness.run("journal", "--runs").out());
        assertThat(runs).singleElement().satisfies(run -> {
            assertThat(run.path("state").asText()).isEqualTo("finished");
            assertThat(run.path("done").asInt()).isEqualTo(2);
            assertThat(run.path("left").asInt()).isZero();
        });
        assertThat(CliHarness.runAgainst(sim, "resume").err()).contains("no interrupted or incomplete run");
        assertThat(List.of(deploys(610474), deploys(610247))).containsExactly(1L, 1L);
    }

    @Test void aRunMadeOnAnotherEndpointIsNotResumedHere() throws Exception {
        String id = stoppedRun();
        try (Simulator other = Simulator.start()) {
            CliHarness.Result r = CliHarness.runAgainst(other, "resume", id, "-Ptoken=x", "-Pgo=yes");
            assertThat(r.exit()).as(r.toString()).isEqualTo(3);
            assertThat(r.err()).contains("run " + id + " was made on " + sim.endpoint()).contains(", not on " + other.endpoint())
                    .contains("nothing was sent: resume it with that endpoint (--endpoint or ACS_ENDPOINT)");
            CliHarness.Result none = CliHarness.runAgainst(other, "resume");
            assertThat(none.exit()).isZero();
            assertThat(none.err()).as("the stopped run is another endpoint's").contains("acs: no interrupted or incomplete run made on " + other.endpoint());
            assertThat(other.accessLog()).noneMatch(e -> e.method().equals("POST"));
        }
    }

    @Test void aParameterIsRefusedForAFleetRun() throws Exception {
        acs.journal.StateStore s = Journal.at(home.resolve(Journal.FILE)).store();
        acs.journal.Operator alice = new acs.journal.Operator("alice@h1", "h1", 101);
        String endpoint = sim.endpoint().toString();
        acs.journal.RunClaim c = s.start(acs.journal.RunRecord.start(s.newRunId(), acs.journal.RunRecord.Kind.FLEET, endpoint, null,
                new acs.journal.RunRecord.Fleet("node-deploy", "deploy", "POST", java.util.Map.of("url", "http://repo/app.war"), List.of(610474L), 4, 2, 0, 0, null, 60_000),
                null, alice, null), endpoint, List.of(610474L), alice, Duration.ZERO);
        c.close(); // its process is gone: interrupted, resumable
        CliHarness.Result r = CliHarness.runAgainst(sim, "resume", c.runId(), "-Pgo=yes");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("-P").contains("only for a script run; run " + c.runId() + " is a fleet run");
        assertThat(posts()).isZero();
    }
}
