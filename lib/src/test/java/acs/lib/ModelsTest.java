package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;

import acs.Command;
import acs.CommandStatus;
import acs.Container;
import acs.ContainerStatus;
import acs.Host;
import acs.Image;
import acs.Node;
import acs.NodeStatus;
import acs.Service;
import acs.wire.ApiTime;
import acs.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every JSON example of the seed and of API.md parses and serialises back field for field. */
class ModelsTest {

    @ParameterizedTest(name = "{0} round-trips as {1}")
    @CsvSource({
            "node-list.json, Node[]", "node-get.json, Node", "command-upload-start.json, Command",
            "command-start.json, Command", "command-stop.json, Command", "command-done.json, Command",
            "service-get.json, Service", "image-list.json, Image[]", "host-get.json, Host", "container-get.json, Container"})
    void documentedExampleRoundTripsFieldForField(String file, String type) throws Exception {
        JsonNode data = Examples.tree(file).get("data");
        Class<?> c = switch (type) {
            case "Node[]" -> Node[].class;
            case "Image[]" -> Image[].class;
            default -> Class.forName("acs." + type);
        };
        Object model = Json.MAPPER.treeToValue(data, c);
        assertThat(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(model))).isEqualTo(data);
    }

    @Test
    void nodeExampleParsesToTypedValues() {
        Node n = Json.MAPPER.convertValue(Examples.tree("node-get.json").get("data"), Node.class);
        assertThat(n.id()).isEqualTo(610474);
        assertThat(n.name()).isEqualTo("正式环境");
        assertThat(n.status()).isEqualTo(NodeStatus.RUNNING);
        assertThat(n.createTime()).isEqualTo(OffsetDateTime.of(2016, 6, 23, 17, 56, 0, 0, ZoneOffset.ofHours(8)));
        Container first = n.containers().get(0), second = n.containers().get(1);
        assertThat(first.stopTime()).as("\"\" means never").isNull();
        assertThat(second.stopTime()).as("the last stop may precede the start").isBefore(second.startTime());
        assertThat(first.status()).isEqualTo(ContainerStatus.RUNNING);
    }

    @Test
    void wireSpellingsAreKept() {
        JsonNode cmd = Json.MAPPER.valueToTree(Json.MAPPER.convertValue(Examples.tree("command-done.json").get("data"), Command.class));
        assertThat(cmd.has("activitys")).isTrue();
        assertThat(cmd.has("activities")).isFalse();
        JsonNode img = Json.MAPPER.valueToTree(Json.MAPPER.convertValue(Examples.tree("image-list.json").get("data").get(0), Image.class));
        assertThat(img.has("ImageModifyTime")).isTrue();
        assertThat(img.has("modifyTime")).isFalse();
    }

    @Test
    void unknownEnumValuesAndFieldsDoNotCrash() {
        ObjectNode raw = (ObjectNode) Examples.tree("node-get.json").get("data").deepCopy();
        raw.put("status", "MIGRATING");
        raw.put("brandNewField", 42);
        ((ObjectNode) raw.get("containers").get(0)).put("status", "HIBERNATING");
        Node n = Json.MAPPER.convertValue(raw, Node.class);
        assertThat(n.status()).isEqualTo(NodeStatus.UNKNOWN);
        assertThat(n.containers().get(0).status()).isEqualTo(ContainerStatus.UNKNOWN);
    }

    @Test
    void commandOutcomeFollowsTheDocumentedRules() {
        Command done = Json.MAPPER.convertValue(Examples.tree("command-done.json").get("data"), Command.class);
        assertThat(done.succeeded()).isTrue();
        assertThat(done.activities()).extracting(a -> a.name()).containsExactly("PrepareParams", "StartContainer");
        Command created = Json.MAPPER.convertValue(Examples.tree("command-start.json").get("data"), Command.class);
        assertThat(created.status()).isEqualTo(CommandStatus.CREATED);
        assertThat(created.succeeded()).isFalse();
        assertThat(created.failed()).isFalse();
        Command bad = new Command("c", "node_start", CommandStatus.DONE, "500", "image pull failed", null, null, List.of());
        assertThat(bad.failed()).isTrue();
    }

    @Test
    void absentTimeIsWrittenAsEmptyStringNeverNull() {
        Host h = new Host(1, null, null, null, null, 1, 2, 3, null);
        JsonNode j = Json.MAPPER.valueToTree(h);
        assertThat(j.get("createTime").asText()).isEmpty();
        assertThat(j.toString()).doesNotContain("null");
        Service s = new Service(1, null, null, null, null, null);
        assertThat(Json.MAPPER.valueToTree(s).toString()).doesNotContain("null");
    }

    @Test
    void apiTimeIsChinaTime() {
        OffsetDateTime t = ApiTime.parse("2016-06-27 09:21:36");
        assertThat(t.toInstant().toString()).isEqualTo("2016-06-27T01:21:36Z");
        assertThat(ApiTime.format(t.withOffsetSameInstant(ZoneOffset.UTC))).isEqualTo("2016-06-27 09:21:36");
        assertThat(ApiTime.parse("")).isNull();
    }
}
