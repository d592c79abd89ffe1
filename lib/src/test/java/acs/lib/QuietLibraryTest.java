package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library is a guest in its user's JVM: it never writes to stdout or stderr itself (a warning
 * goes to the consumer its user gave, else to the JDK's logging) and sets no system property,
 * which would change every other user of the JDK's HTTP client or common pool in that JVM.
 */
class QuietLibraryTest {
    private static final Pattern LOUD = Pattern.compile("System\\s*\\.\\s*(err|out)\\b|System\\s*\\.\\s*(setProperty|clearProperty|setErr|setOut|setIn)\\s*\\(");

    @Test
    void noLibrarySourceWritesToStdoutOrStderrOrSetsASystemProperty() throws Exception {
        Path src = Path.of(System.getProperty("acs.repo", "..")).toAbsolutePath().normalize().resolve("lib/src/main/java");
        List<String> found = new ArrayList<>();
        int files = 0;
        try (Stream<Path> s = Files.walk(src)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".java")).toList()) {
                files++;
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String code = lines.get(i).strip();
                    if (code.startsWith("*") || code.startsWith("/**") || code.startsWith("//")) continue;   // documentation and examples
                    if (LOUD.matcher(code).find()) found.add(src.relativize(f) + ":" + (i + 1) + ": " + code);
                }
            }
        }
        assertThat(files).as("the library's sources under " + src).isGreaterThan(50);
        assertThat(found).as("a library line that writes to the JVM's stdout/stderr or sets a JVM-wide property").isEmpty();
    }
}
