package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The API's paths are written in one place, {@code ApiCall}'s factories: everyone else reads an
 * operation and a target ({@code acs.Operation}, {@code acs.Target}), so a new operation is taught
 * once. The simulator, the server side, is the one other reader of paths (its route table and
 * fault matching). A source scan, like the known-variables test.
 */
class OnePlaceForPathsTest {
    static final Path REPO = Path.of(System.getProperty("acs.repo", "..")).toAbsolutePath().normalize();
    // a path literal, or a test of a path's end: both are the API's paths being written or parsed
    static final Pattern PATH = Pattern.compile("\"/api/v1|/uploadStart\"|/historyStart\"|endsWith\\(\"/(start|stop)\"\\)");

    @Test
    void noCodeButApiCallWritesOrParsesAnApiPath() throws IOException {
        List<String> found = new ArrayList<>();
        for (String dir : List.of("lib/src/main", "dsl/src/main", "scripts", "pg/src/main", "templates")) {
            if (!Files.exists(REPO.resolve(dir))) continue;
            try (Stream<Path> files = Files.walk(REPO.resolve(dir))) {
                files.filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".groovy") || f.toString().endsWith(".qute"))
                        .filter(f -> !f.getFileName().toString().equals("ApiCall.java"))
                        .filter(f -> !f.toString().contains("/target/"))
                        .forEach(f -> {
                            try {
                                List<String> lines = Files.readAllLines(f);
                                for (int i = 0; i < lines.size(); i++) {
                                    if (PATH.matcher(lines.get(i)).find()) found.add(REPO.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).strip());
                                }
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
            }
        }
        assertThat(found).as("read call.operation() and call.target() instead").isEmpty();
    }

    @Test
    void theScanFindsAPathWhereThereIsOne() throws IOException {
        assertThat(PATH.matcher(Files.readString(REPO.resolve("lib/src/main/java/acs/ApiCall.java"))).find())
                .as("ApiCall writes them: the pattern would see any other").isTrue();
    }
}
