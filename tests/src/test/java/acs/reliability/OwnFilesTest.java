package acs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import acs.sim.SimConfig;
import acs.sim.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only the user's own files (issue: a home in a folder someone else controls): a home, journal,
 * run file or script cache entry that another user owns, or that others can write, stops a change
 * or `acs run` with exit 3 naming the path and the fix; reads of the API still work.
 */
@Tag("child-process")
class OwnFilesTest {
    @TempDir Path home;
    Simulator sim;
    ChildCli cli;

    @BeforeEach void start() {
        sim = Simulator.start(SimConfig.defaults());
        cli = ChildCli.of(home, sim);
    }

    @AfterEach void stop() {
        sim.close();
    }

    static UserPrincipal nobody() throws Exception {
        return java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    }

    void refusedAndNothingSent(ChildCli.Result r, Path named) {
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).contains(named.toString());
        assertThat(sim.accessLog()).noneMatch(e -> e.method().equals("POST"));
    }

    @Test void aHomeOwnedByAnotherUserIsRefusedForChangesButReadsWork() throws Exception {
        Files.setOwner(home, nobody());
        refusedAndNothingSent(cli.run("Acs", "node-deploy", "610474", "--url", "http://repo.example.com/a.war"), home);
        assertThat(cli.run("Acs", "node-get", "610474").exit()).as("a read needs no home").isZero();
    }

    @Test void aJournalOthersCanWriteIsRefusedWithTheFix() throws Exception {
        Path journal = home.resolve("journal.jsonl");
        Files.writeString(journal, "");
        Files.setPosixFilePermissions(journal, PosixFilePermissions.fromString("rw-rw-rw-"));
        ChildCli.Result r = cli.run("Acs", "node-deploy", "610474", "--url", "http://repo.example.com/a.war");
        refusedAndNothingSent(r, journal);
        assertThat(r.err()).contains("chmod go-w");
    }

    @Test void aRunFilePlantedByAnotherUserIsNotResumed() throws Exception {
        ChildCli.Result first = cli.run("Acs", "node-stop", "610474", "610247", "--yes");
        assertThat(first.exit()).as(first.toString()).isZero();
        Path runs = home.resolve("runs");
        Path planted = runs.resolve("abcdef.json");
        try (var files = Files.list(runs)) {
            Path mine = files.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
            Files.writeString(planted, Files.readString(mine).replaceAll("\"id\" : \"[0-9a-f]+\"", "\"id\" : \"abcdef\"")
                    .replace("\"state\" : \"finished\"", "\"state\" : \"incomplete\""));
        }
        Files.setOwner(planted, nobody());
        sim.clearAccessLog();
        refusedAndNothingSent(cli.run("Acs", "resume", "abcdef"), planted);
    }

    @Test void aScriptCacheEntryOfAnotherUserIsNeverRun() throws Exception {
        Path script = home.resolveSibling(home.getFileName() + "-ops.groovy");
        Files.writeString(script, "println 'hello from the script'\n");
        ChildCli.Result first = cli.run("Acs", "run", script.toString());
        assertThat(first.exit()).as(first.toString()).isZero();
        Path cache = home.resolve("cache").resolve("scripts");
        try (var files = Files.list(cache)) {
            for (Path entry : files.filter(p -> p.toString().endsWith(".classes")).toList()) Files.setOwner(entry, nobody());
        }
        ChildCli.Result r = cli.run("Acs", "run", script.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).contains(cache.toString()).doesNotContain("hello from the script");
        assertThat(r.out()).doesNotContain("hello from the script");
    }
}
