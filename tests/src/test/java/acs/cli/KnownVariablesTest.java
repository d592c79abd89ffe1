package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import acs.config.AcsConfig;
import acs.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unknown ACS_* variable stops a run, so every one the toolkit itself reads (the ./jbang wrapper,
 * the launcher, the scripts and modules) must be accepted and named in docs/CONFIGURATION.md: a new variable
 * added in one place and forgotten in the list would break its own users.
 */
class KnownVariablesTest {
    static final Path REPO = Path.of(System.getProperty("acs.repo", "..")).toAbsolutePath().normalize();
    static final Pattern VARIABLE = Pattern.compile("\\bACS_[A-Z][A-Z0-9_]*");
    /** In the wrapper's first lines, a marker that tells another copy of it on PATH: never a variable. */
    static final String MARKER = "ACS_JBANG_WRAPPER";

    @TempDir Path home;

    static Set<String> readByTheToolkit() throws IOException {
        Set<String> found = new TreeSet<>();
        Stream<Path> files = Stream.of(Stream.of(REPO.resolve("jbang")), walk("build"), walk("templates"), walk("scripts"),
                walk("lib/src/main"), walk("dsl/src/main"), walk("sim/src/main"), walk("pg/src/main")).flatMap(s -> s);
        files.filter(Files::isRegularFile).filter(KnownVariablesTest::source).forEach(f -> {
            try {
                Matcher m = VARIABLE.matcher(Files.readString(f));
                while (m.find()) found.add(m.group());
            } catch (IOException e) {
                throw new UncheckedIOException(f.toString(), e);
            }
        });
        found.remove(MARKER);
        return found;
    }

    /** Sources and scripts, not build output. */
    static boolean source(Path f) {
        String name = f.getFileName().toString();
        return !REPO.relativize(f).toString().contains("target") && (!name.contains(".") || name.matches(".*\\.(java|groovy|sh|jsh|txt|json)"));
    }

    static Stream<Path> walk(String dir) {
        try {
            return Files.exists(REPO.resolve(dir)) ? Files.walk(REPO.resolve(dir)).toList().stream() : Stream.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyVariableTheToolkitReadsIsAcceptedAndDocumented() throws Exception {
        Set<String> read = readByTheToolkit();
        assertThat(read).as("the scan found the wrapper's and the launcher's variables").contains("ACS_JBANG_FAST", "ACS_JAVA_OPTS", "ACS_HOME");
        String doc = Files.readString(REPO.resolve("docs/CONFIGURATION.md"));
        String rule = doc.substring(doc.indexOf("**Nothing is ignored**"));
        Path file = Files.writeString(home.resolve("config.json"), "{\"profiles\":{\"p\":{\"endpoint\":\"http://127.0.0.1:9\"}}}");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        for (String name : read) {
            Map<String, String> env = new java.util.HashMap<>(Map.of("ACS_HOME", home.toString(), "ACS_ENDPOINT", "http://127.0.0.1:9",
                    "ACS_ACCESS_KEY", "ak", "ACS_SECRET_KEY", "sk"));
            env.putIfAbsent(name, name.equals("ACS_PROFILE") ? "p" : "1");
            assertThatCode(() -> AcsConfig.resolve(Settings.NONE, env).requireComplete()).as(name).doesNotThrowAnyException();
            assertThat(rule.substring(0, rule.indexOf("\n\n"))).as("docs/CONFIGURATION.md's rule names " + name).contains("`" + name + "`");
        }
    }
}
