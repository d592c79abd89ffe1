package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.wire.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code path/to/repo/jbang acs ...} works from any folder, not only the repository's root. */
@Tag("child-process")
class JbangAnyFolderTest {
    @TempDir static Path home;

    @Test
    void theRepositoryAliasIsFoundFromAnotherFolder() throws Exception {
        Path elsewhere = Files.createDirectories(home.resolve("some/other/folder"));
        Proc r = Proc.run(home, elsewhere, Map.of(), null, List.of(Proc.REPO.resolve("jbang").toString(), "acs", "node-list"));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(Json.MAPPER.readTree(r.out()).findValuesAsText("name")).contains("正式环境", "预发");
    }

    @Test
    void aCatalogWhereItRunsStillWins() throws Exception {
        Path project = Files.createDirectories(home.resolve("project"));
        Files.writeString(project.resolve("Hello.java"), "class Hello { public static void main(String[] a) { System.out.println(\"local hello\"); } }");
        Files.writeString(project.resolve("jbang-catalog.json"), "{ \"aliases\": { \"acs\": { \"script-ref\": \"Hello.java\" } } }");
        Proc r = Proc.run(home, project, Map.of(), null, List.of(Proc.REPO.resolve("jbang").toString(), "acs"));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("local hello");
    }
}
