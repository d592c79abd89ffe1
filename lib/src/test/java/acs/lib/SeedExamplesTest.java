package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;

import acs.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The examples kept in test resources are the seed document's own: every "返回示例" block of
 * the seed (../shared/seeds, beside the repository) equals one of them.
 */
class SeedExamplesTest {

    static List<JsonNode> seedExamples(Path seed) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        String[] parts = Files.readString(seed, StandardCharsets.UTF_8).split("返回示例");
        for (int i = 1; i < parts.length; i++) {
            String block = parts[i].substring(0, parts[i].indexOf("返回字段说明"));
            // The document elides further list items with a line "...".
            out.add(Json.MAPPER.readTree(block.replaceAll("(?m)^\\s*\\.\\.\\.\\s*$", "")));
        }
        return out;
    }

    @Test
    void everySeedExampleIsKeptVerbatimInTestResources() throws Exception {
        Path repo = Path.of(System.getProperty("acs.repo", "..")).toAbsolutePath().normalize();
        Path seeds = repo.getParent().resolve("shared/seeds");
        Assumptions.assumeTrue(Files.isDirectory(seeds), "shared/seeds is not beside the repository");
        Path seed = Files.list(seeds).filter(p -> p.toString().endsWith(".txt")).findFirst().orElseThrow();
        List<JsonNode> kept = List.of(Examples.tree("node-list.json"), Examples.tree("node-get.json"),
                Examples.tree("command-upload-start.json"), Examples.tree("command-start.json"), Examples.tree("command-stop.json"));
        List<JsonNode> fromSeed = seedExamples(seed);
        assertThat(fromSeed).hasSize(7);
        assertThat(kept).containsAll(fromSeed);
    }
}
