package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./jbang runs a repository alias again without JBang's JVM while nothing of the toolkit changed,
 * and asks JBang again once something did. A small checkout (the wrapper, its bootstrapped JBang,
 * a catalog with one alias) stands for the repository; hiding JBang's jars shows which path ran.
 */
@Tag("child-process")
class JbangFastPathTest {
    @TempDir Path tmp;

    private Path root;
    private Path jars;

    private Proc run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("jbang").toString()));
        cmd.addAll(List.of(args));
        return Proc.run(tmp.resolve("home"), root, Map.of("JBANG_DIR", tmp.resolve("jbang-home").toString(),
                "ACS_JBANG_NO_PATH", "1", "ACS_JBANG_CDS", "0"), null, cmd);
    }

    private void hideJbang(boolean hide) throws Exception {
        Path lib = root.resolve(".jbang-bootstrap/lib");
        try (Stream<Path> s = Files.list(hide ? lib : jars)) {
            for (Path jar : s.filter(p -> p.toString().endsWith(".jar")).toList()) {
                Files.move(jar, (hide ? jars : lib).resolve(jar.getFileName()));
            }
        }
    }

    private void script(String says) throws Exception {
        Files.writeString(root.resolve("scripts/Hello.java"),
                "class Hello { public static void main(String[] a) { System.out.println(\"" + says + " \" + String.join(\",\", a)); } }");
    }

    @Test void anUnchangedAliasRunsWithoutJbangAndAChangedOneIsBuiltAgain() throws Exception {
        root = Files.createDirectories(tmp.resolve("repo"));
        jars = Files.createDirectories(tmp.resolve("hidden-jars"));
        Files.copy(Proc.REPO.resolve("jbang"), root.resolve("jbang"));
        root.resolve("jbang").toFile().setExecutable(true);
        Files.createDirectories(root.resolve("build/jbang"));
        Files.copy(Proc.REPO.resolve("build/jbang/jbang.lock"), root.resolve("build/jbang/jbang.lock"));
        Files.createDirectories(root.resolve("scripts"));
        Files.writeString(root.resolve("jbang-catalog.json"), "{\n  \"aliases\": {\n    \"hello\": {\n      \"script-ref\": \"scripts/Hello.java\"\n    }\n  }\n}\n");
        script("first");

        Proc built = run("hello", "a b", "c");
        assertThat(built.exit()).as(built.toString()).isZero();
        assertThat(built.out()).isEqualTo("first a b,c\n");

        hideJbang(true);   // from here on, a run that needs JBang fails
        Proc fast = run("hello", "x");
        assertThat(fast.exit()).as(fast.toString()).isZero();
        assertThat(fast.out()).isEqualTo("first x\n");

        script("second");
        Proc stale = run("hello", "x");
        assertThat(stale.exit()).as("an edited script must go through JBang: " + stale).isNotZero();

        hideJbang(false);
        Proc rebuilt = run("hello", "y");
        assertThat(rebuilt.exit()).as(rebuilt.toString()).isZero();
        assertThat(rebuilt.out()).isEqualTo("second y\n");
        assertThat(run("hello", "it's", "$HOME").out()).as("arguments pass through as given").isEqualTo("second it's,$HOME\n");
    }
}
