package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.wire.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code acs install}: the direct launcher installs into $HOME/.local/bin, runs (a DSL script compiled once, again
 * after a toolkit update), notices a toolkit update, and is removed.
 */
@Tag("child-process")
class InstallTest {
    @TempDir static Path home;

    @Test
    void installRunRemove() throws Exception {
        Path userHome = Files.createDirectories(home.resolve("user"));
        Map<String, String> env = Map.of("HOME", userHome.toString(), "PATH", "/usr/bin:/bin");
        Proc install = Proc.run(home, Proc.REPO, env, null, List.of(Proc.REPO.resolve("jbang").toString(), "acs", "install"));
        assertThat(install.exit()).as(install.toString()).isZero();
        Path bin = userHome.resolve(".local/bin");
        Path acs = bin.resolve("acs");
        assertThat(install.err()).contains("installed " + acs).contains("export PATH=\"" + bin + ":$PATH\"")
                .contains("source " + bin.resolve("acs-completion.bash"));
        assertThat(Files.exists(bin.resolve("acs.d/acs.aot")) || Files.exists(bin.resolve("acs.d/acs.jsa"))).as("a trained class archive").isTrue();
        assertThat(Files.readString(bin.resolve("acs-completion.bash"))).contains("node-deploy").contains("--fault-node");

        Proc get = Proc.run(home, userHome, Map.of(), null, List.of(acs.toString(), "node-get", "610474", "-o", "json"));
        assertThat(get.exit()).as(get.toString()).isZero();
        assertThat(Json.MAPPER.readTree(get.out()).get("name").asText()).isEqualTo("正式环境");
        assertThat(get.err()).doesNotContain("has changed");
        Proc missing = Proc.run(home, userHome, Map.of(), null, List.of(acs.toString(), "node-get", "999"));
        assertThat(missing.exit()).as(missing.toString()).isEqualTo(4);

        // A DSL script is compiled once; an updated toolkit (its jars rewritten, as a re-install does) compiles it again.
        Path script = Files.writeString(home.resolve("ops.groovy"), "echo \"ops sees ${node(610474).status}\"\n");
        Path cache = home.resolve("cache/scripts");
        for (int run = 1; run <= 2; run++) {
            Proc ops = Proc.run(home, userHome, Map.of(), null, List.of(acs.toString(), "run", script.toString(), "--dry-run"));
            assertThat(ops.exit()).as(ops.toString()).isZero();
            assertThat(ops.err()).contains("ops sees RUNNING");
            assertThat(entries(cache)).as("run " + run).hasSize(1);
        }
        Path firstEntry = entries(cache).get(0);
        Path jar = bin.resolve("acs.d/Acs.jar");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
        Proc updated = Proc.run(home, userHome, Map.of(), null, List.of(acs.toString(), "run", script.toString(), "--dry-run"));
        assertThat(updated.exit()).as(updated.toString()).isZero();
        assertThat(updated.err()).contains("ops sees RUNNING");
        assertThat(entries(cache)).hasSize(2).contains(firstEntry);

        // as if the checkout had been updated after the install
        Files.setLastModifiedTime(bin.resolve("acs.d/installed"), FileTime.fromMillis(0));
        Proc stale = Proc.run(home, userHome, Map.of(), null, List.of(acs.toString(), "--version"));
        assertThat(stale.exit()).isZero();
        assertThat(stale.err()).contains("has changed since this launcher was installed").contains("acs install");

        Proc remove = Proc.run(home, userHome, env, null, List.of(acs.toString(), "install", "--remove"));
        assertThat(remove.exit()).as(remove.toString()).isZero();
        assertThat(bin).isEmptyDirectory();
    }

    /**
     * Issue 25 #6 and a rough edge: on a machine without jbang, the install puts one beside acs, so the
     * template's script runs as the README writes it (jbang myops.java, ./myops.java); the installed
     * launcher removes itself from its own folder without being told --dir.
     */
    @Test
    void withoutJbangOnPathTemplatesRunAsWrittenAndTheLauncherRemovesItselfFromItsOwnFolder() throws Exception {
        Path bin = home.resolve("dir-install/bin");
        Path work = Files.createDirectories(home.resolve("dir-install/work"));
        Map<String, String> noJbang = Map.of("PATH", "/usr/bin:/bin", "JBANG_DIR", home.resolve("dir-install/jbang-home").toString());
        Proc install = Proc.run(home, Proc.REPO, noJbang, null, List.of(Proc.REPO.resolve("jbang").toString(), "acs", "install", "--dir", bin.toString()));
        assertThat(install.exit()).as(install.toString()).isZero();
        assertThat(install.err()).contains("installed " + bin.resolve("jbang"));

        Map<String, String> onPath = Map.of("PATH", bin + ":/usr/bin:/bin", "JBANG_DIR", noJbang.get("JBANG_DIR"));
        Proc script = Proc.run(home, work, onPath, null, List.of("bash", "-c",
                "jbang init -t acs-script myops.java && ./myops.java http://repo.example.com/path-5.war && jbang init -t acs-dsl ops.groovy"));
        assertThat(script.exit()).as(script.toString()).isZero();
        assertThat(script.out()).containsPattern("deployed http://repo.example.com/path-5.war to node \\d+ .*: command \\S+ DONE");
        assertThat(script.err()).contains("[acs] a DSL script runs with acs, not jbang: acs run ops.groovy --dry-run");

        Proc remove = Proc.run(home, work, Map.of("PATH", "/usr/bin:/bin"), null, List.of(bin.resolve("acs").toString(), "install", "--remove"));
        assertThat(remove.exit()).as(remove.toString()).isZero();
        assertThat(remove.err()).contains("removed " + bin.resolve("acs"));
        assertThat(bin).isEmptyDirectory();
    }

    private static List<Path> entries(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) return List.of();
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".classes")).sorted().toList();
        }
    }

    @Test
    void aFileItDidNotWriteIsLeftAlone() throws Exception {
        Path bin = Files.createDirectories(home.resolve("other/bin"));
        Files.writeString(bin.resolve("acs"), "#!/bin/sh\necho mine\n");
        Proc install = Proc.jbang(home, Map.of(), "acs", "install", "--dir", bin.toString());
        assertThat(install.exit()).as(install.toString()).isEqualTo(3);
        assertThat(install.err()).contains("was not written by 'acs install'");
        Proc remove = Proc.jbang(home, Map.of(), "acs", "install", "--remove", "--dir", bin.toString());
        assertThat(remove.exit()).isEqualTo(3);
        assertThat(Files.readString(bin.resolve("acs"))).contains("echo mine");
    }
}
