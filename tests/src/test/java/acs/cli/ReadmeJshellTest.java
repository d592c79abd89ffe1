package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JShell snippets as written: docs/LIBRARY.md's in a plain {@code jshell} on the class path
 * JBang reports, and as the body of a Java program (it reaches the embedded simulator with nothing
 * configured, and the JVM exits when the user is done); the README's in {@code acs shell}.
 */
@Tag("child-process")
class ReadmeJshellTest {
    static final Path REPO = JbangEndToEndTest.REPO;
    static String classPath;
    static String snippet;
    @TempDir static Path home;

    @BeforeAll
    static void classPathAndSnippet() throws Exception {
        String library = Files.readString(REPO.resolve("docs/LIBRARY.md"));
        String section = library.substring(library.indexOf("## The library, from Java or JShell"));
        snippet = javaBlock(section, "docs/LIBRARY.md's library section");
        assertThat(section).contains("jshell --class-path \"$(./jbang info classpath scripts/Acs.java)\"");
        Proc build = Proc.jbang(home, Map.of(), "build", "scripts/Acs.java");
        assertThat(build.exit()).as(build.toString()).isZero();
        Proc cp = Proc.jbang(home, Map.of(), "info", "classpath", "scripts/Acs.java");
        assertThat(cp.exit()).as(cp.toString()).isZero();
        classPath = cp.out().trim();
    }

    static String javaBlock(String text, String where) {
        Matcher java = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(text);
        assertThat(java.find()).as("a java block in " + where).isTrue();
        return java.group(1);
    }

    static String jdkTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    @Test
    void theSnippetRunsInPlainJshellOnTheEmbeddedSimulatorAndJshellExits() throws Exception {
        Proc r = Proc.run(home, REPO, Map.of(), snippet, List.of(jdkTool("jshell"), "--class-path", classPath));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).contains("610474 正式环境").contains("status DONE result 200").doesNotContain("Error:");
        assertThat(r.err() + r.out()).contains("embedded simulator");
    }

    @Test
    void aProgramThatNeverClosesItsClientStillExits() throws Exception {
        Path dir = Files.createTempDirectory(home, "prog");
        String body = snippet.lines().filter(l -> !l.startsWith("import ") && !l.contains("acs.close()"))
                .reduce("", (a, b) -> a + "        " + b + "\n");
        Path main = dir.resolve("Snippet.java");
        Files.writeString(main, "import acs.*;\nimport acs.client.AcsClient;\npublic class Snippet {\n    public static void main(String[] args) {\n" + body + "    }\n}\n");
        Proc r = Proc.run(home, REPO, Map.of(), null, List.of(jdkTool("java"), "--class-path", classPath, main.toString()));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).contains("status DONE result 200");
        assertThat(r.err()).contains("embedded simulator");
    }

    @Test
    void theReadmesJshellLinesRunInAcsShell() throws Exception {
        String readme = Files.readString(REPO.resolve("README.md"));
        String lines = javaBlock(readme.substring(readme.indexOf("**JShell.**")), "the README's JShell example");
        Proc r = Proc.run(home, REPO, Map.of(), lines + "/exit\n", List.of(REPO.resolve("jbang").toString(), "acs", "shell"));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).contains("610474 正式环境 RUNNING").contains("DONE 200");
        assertThat(r.out() + r.err()).as(r.toString()).doesNotContain("Error:").doesNotContain("Exception");
    }
}
