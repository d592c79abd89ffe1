package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.dsl.DslScript;
import acs.reliability.ChildCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** acs run compiles a script once: its classes are kept in the toolkit's home and reused until the script changes. */
@Tag("child-process")
class ScriptCacheTest {
    @TempDir Path tmp;

    private List<Path> entries(Path home) throws Exception {
        Path dir = home.resolve("cache/scripts");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".classes")).sorted().toList();
        }
    }

    @Test void anEditedScriptIsCompiledAgainAndRunsAsEdited() throws Exception {
        Path home = tmp.resolve("home");
        ChildCli cli = new ChildCli(home, Map.of());
        Path script = tmp.resolve("ops.groovy");
        Files.writeString(script, "echo \"first version, node ${node(610474).status}\"\n");

        ChildCli.Result first = cli.run("Acs", "run", script.toString(), "--dry-run");
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.err()).contains("first version, node RUNNING");
        List<Path> afterFirst = entries(home);
        assertThat(afterFirst).hasSize(1);
        byte[] stored = Files.readAllBytes(afterFirst.get(0));

        ChildCli.Result again = cli.run("Acs", "run", script.toString(), "--dry-run");
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.err()).contains("first version, node RUNNING");
        assertThat(entries(home)).isEqualTo(afterFirst);
        assertThat(Files.readAllBytes(afterFirst.get(0))).isEqualTo(stored);

        Files.writeString(script, "echo \"second version\"\n");
        ChildCli.Result edited = cli.run("Acs", "run", script.toString(), "--dry-run");
        assertThat(edited.exit()).as(edited.toString()).isZero();
        assertThat(edited.err()).contains("second version").doesNotContain("first version");
        assertThat(entries(home)).hasSize(2).containsAll(afterFirst);
    }

    @Test void aScriptNamedLikeAnOptionGetsTheWayToNameIt() throws Exception {
        Path home = tmp.resolve("home");
        Files.writeString(tmp.resolve("-x.groovy"), "echo 'ran the dash script'\n");
        ProcessBuilder pb = new ChildCli(home, Map.of()).builder("Acs", "run", "-x.groovy", "--dry-run").directory(tmp.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isEqualTo(2);
        assertThat(out).contains("'-x.groovy' is also a file here").contains("write ./-x.groovy");

        ChildCli.Result named = new ChildCli(home, Map.of()).run("Acs", "run", tmp.resolve("-x.groovy").toString(), "--dry-run");
        assertThat(named.exit()).as(named.toString()).isZero();
        assertThat(named.err()).contains("ran the dash script");
    }

    @Test void theSecondCompileOfAnUnchangedFileIsLoadedFromTheCache() throws Exception {
        // Surefire's ACS_HOME; the text is unique to this run so no earlier entry can answer.
        Path script = tmp.resolve("cached.groovy");
        Files.writeString(script, "echo 'cached " + System.nanoTime() + "'\n");

        DslScript first = DslScript.compile(script, false);
        DslScript second = DslScript.compile(script, false);
        assertThat(first.fromCache()).isFalse();
        assertThat(second.fromCache()).isTrue();
        assertThat(second.typeChecked()).isTrue();
        // The mode is part of the key: the same text unchecked is compiled on its own.
        assertThat(DslScript.compile(script, true).fromCache()).isFalse();
        assertThat(DslScript.compile(script, true).fromCache()).isTrue();
    }

    @Test void aDamagedEntryIsIgnoredAndReplaced() throws Exception {
        Path home = tmp.resolve("home");
        ChildCli cli = new ChildCli(home, Map.of());
        Path script = tmp.resolve("ops.groovy");
        Files.writeString(script, "echo 'still runs'\n");
        assertThat(cli.run("Acs", "run", script.toString(), "--dry-run").exit()).isZero();
        Path entry = entries(home).get(0);
        byte[] good = Files.readAllBytes(entry);

        for (byte[] damaged : List.of(java.util.Arrays.copyOf(good, good.length / 2), flipped(good, good.length / 3), new byte[0])) {
            Files.write(entry, damaged);
            ChildCli.Result r = cli.run("Acs", "run", script.toString(), "--dry-run");
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.err()).contains("still runs");
            assertThat(entries(home)).containsExactly(entry);
            assertThat(Files.readAllBytes(entry)).isNotEqualTo(damaged).hasSize(good.length);
        }
    }

    @Test void aScriptThatDoesNotCheckFailsTheSameWayEveryTimeAndIsNotStored() throws Exception {
        Path home = tmp.resolve("home");
        ChildCli cli = new ChildCli(home, Map.of());
        Path script = tmp.resolve("bad.groovy");
        Files.writeString(script, "node(610474) {\n    deploy urll: 'http://repo.example.com/app.war'\n}\n");
        ChildCli.Result first = cli.run("Acs", "run", script.toString(), "--dry-run");
        ChildCli.Result second = cli.run("Acs", "run", script.toString(), "--dry-run");
        assertThat(first.exit()).as(first.toString()).isEqualTo(2);
        assertThat(first.err()).contains(script + ":2:12: 'urll' is not a named argument of deploy");
        assertThat(second.exit()).isEqualTo(2);
        assertThat(second.err()).isEqualTo(first.err());
        assertThat(entries(home)).isEmpty();
    }

    @Test void aCachedScriptStillSaysWhichParametersItNeeds() throws Exception {
        Path home = tmp.resolve("home");
        ChildCli cli = new ChildCli(home, Map.of());
        Path script = tmp.resolve("deploy.groovy");
        Files.writeString(script, "echo \"deploying ${param('url')}\"\n");
        ChildCli.Result given = cli.run("Acs", "run", script.toString(), "--dry-run", "-Purl=http://repo.example.com/a.war");
        assertThat(given.exit()).as(given.toString()).isZero();
        assertThat(entries(home)).hasSize(1);

        ChildCli.Result missing = cli.run("Acs", "run", script.toString(), "--dry-run");
        assertThat(missing.exit()).as(missing.toString()).isEqualTo(2);
        assertThat(missing.err()).contains("needs parameter url").doesNotContain("deploying");
    }

    @Test void aScriptRunsWhateverItsFileIsCalled() throws Exception {
        Path home = tmp.resolve("home");
        ChildCli cli = new ChildCli(home, Map.of());
        // Groovy names a script's class after its file: a primitive's name, a type the script uses, a dash, a digit first
        String text = "Node n = null\nList<String> seen = []\necho \"${node(610474).status} ${n == null} ${seen.size()}\"\n";
        for (String name : List.of("short", "Node", "List", "RUNNING", "my-ops", "1st")) {
            Path script = tmp.resolve(name + ".groovy");
            Files.writeString(script, text);
            for (int run = 1; run <= 2; run++) {   // compiled, then from the cache
                ChildCli.Result r = cli.run("Acs", "run", script.toString(), "--dry-run");
                assertThat(r.exit()).as(name + " run " + run + ": " + r).isZero();
                assertThat(r.err()).as(name).contains("dry run of " + script).contains("RUNNING true 0");
            }
        }
        // its problems are still reported against the file the user wrote
        Path broken = tmp.resolve("short.groovy");
        Files.writeString(broken, "node(610474) {\n    deploy urll: 'http://repo.example.com/app.war'\n}\n");
        ChildCli.Result r = cli.run("Acs", "run", broken.toString(), "--dry-run");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains(broken + ":2:12: 'urll' is not a named argument of deploy").doesNotContain("short_script");
    }

    private static byte[] flipped(byte[] b, int at) {
        byte[] c = b.clone();
        c[at] ^= 0x5A;
        return c;
    }
}
