package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tables as a person reads them, the expected text written out by hand: columns three spaces
 * apart and aligned on terminal columns (a CJK character takes two), nested values summarised
 * so a row stays one line, any JSON after --query as a KEY VALUE or VALUE table.
 */
class TableRenderTest {
    static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    @Test
    void aNodeTableCountsRunningContainersAndWideAddsItsColumns() throws Exception {
        JsonNode nodes = json("""
                [{"id": 7, "name": "线上1", "status": "RUNNING", "serviceId": 3, "imageName": "app", "createTime": "2026-01-02",
                  "containers": [{"status": "RUNNING"}, {"status": "STOPPED"}, {"status": "RUNNING"}]},
                 {"id": 12345, "name": "web", "status": "STOPPED", "serviceId": 3, "containers": []}]""");
        assertThat(Table.NODE.render(nodes, false)).isEqualTo("""
                ID      NAME    STATUS    SERVICE   CONTAINERS
                7       线上1   RUNNING   3         2/3 running
                12345   web     STOPPED   3         0/0 running
                """);
        assertThat(Table.NODE.render(nodes.get(1), true)).as("one object: one row").isEqualTo("""
                ID      NAME   STATUS    SERVICE   CONTAINERS    IMAGE   CREATED
                12345   web    STOPPED   3         0/0 running
                """);
    }

    @Test
    void countColumnsShowTheSizeOfAList() throws Exception {
        JsonNode services = json("[{\"id\": 3, \"name\": \"shop\", \"nodes\": [{\"id\": 1}, {\"id\": 2}], \"imageName\": \"app\"}]");
        assertThat(Table.SERVICE.render(services, false)).isEqualTo("""
                ID   NAME   NODES   IMAGE
                3    shop   2       app
                """);
        JsonNode command = json("{\"commandId\": \"c-1\", \"name\": \"node_start\", \"status\": \"DONE\", \"result\": \"200\", \"resultMsg\": \"ok\", \"activitys\": [{}, {}, {}]}");
        assertThat(Table.COMMAND.render(command, true)).isEqualTo("""
                COMMAND_ID   NAME         STATUS   RESULT   MESSAGE   ACTIVITIES   CREATED   ENDED
                c-1          node_start   DONE     200      ok        3
                """);
    }

    @Test
    void nestedValuesAreSummarisedAndLineBreaksFlattened() throws Exception {
        JsonNode row = json("{\"commandId\": \"c-2\", \"name\": [1, 2], \"status\": {\"a\": 1}, \"result\": null, \"resultMsg\": \"line one\\r\\n\\tline two\"}");
        assertThat(Table.COMMAND.render(row, false)).isEqualTo("""
                COMMAND_ID   NAME   STATUS    RESULT   MESSAGE
                c-2          [2]    {"a":1}            line one line two
                """);
    }

    @Test
    void aPlainCellIsCutToItsLimitWithAnEllipsisAndOneOfExactlyTheLimitIsKept() {
        assertThat(Table.shortened("abcde", 5)).isEqualTo("abcde");
        assertThat(Table.shortened("abcdef", 5)).isEqualTo("abcd…");
        assertThat(Table.shortened("", 1)).isEmpty();
    }

    @Test
    void anyJsonAfterAQueryIsATable() throws Exception {
        assertThat(Table.generic(json("42"))).isEqualTo("42\n");
        assertThat(Table.generic(json("\"RUNNING\""))).isEqualTo("RUNNING\n");
        assertThat(Table.generic(json("null"))).isEqualTo("\n");
        assertThat(Table.generic(json("{\"id\": 7, \"name\": \"web\", \"tags\": [1, 2, 3], \"owner\": {\"a\": 1}}"))).isEqualTo("""
                KEY     VALUE
                id      7
                name    web
                tags    [3]
                owner   {"a":1}
                """);
        assertThat(Table.generic(json("[{\"id\": 7, \"serviceId\": 3}, {\"id\": 12, \"imageName\": \"app\"}]"))).as("the union of the fields, in order")
                .isEqualTo("""
                ID   SERVICE_ID   IMAGE_NAME
                7    3
                12                app
                """);
        assertThat(Table.generic(json("[7, \"web\", {\"a\": 1}]"))).isEqualTo("""
                VALUE
                7
                web
                {"a":1}
                """);
        assertThat(Table.generic(json("[{}, {}]"))).as("objects without fields").isEqualTo("""
                VALUE
                {}
                {}
                """);
    }

    /** East Asian Wide and Fullwidth characters take two terminal columns; their neighbours one. */
    @ParameterizedTest(name = "U+{0}: {1}")
    @CsvSource({
            "10FF, 1", "1100, 2", "115F, 2", "1160, 1",
            "2E7F, 1", "2E80, 2", "7EBF, 2", "A4CF, 2", "A4D0, 1",
            "ABFF, 1", "AC00, 2", "D7A3, 2", "D7A4, 1",
            "F8FF, 1", "F900, 2", "FAFF, 2", "FB00, 1",
            "FE2F, 1", "FE30, 2", "FE4F, 2", "FE50, 1",
            "FEFF, 1", "FF00, 2", "FF60, 2", "FF61, 1",
            "FFDF, 1", "FFE0, 2", "FFE6, 2", "FFE7, 1",
            "1FFFF, 1", "20000, 2", "3FFFD, 2", "3FFFE, 1",
            "41, 1"})
    void terminalColumnsOfACharacter(String hex, int columns) {
        String c = Character.toString(Integer.parseInt(hex, 16));
        assertThat(Table.displayWidth(c)).isEqualTo(columns);
        assertThat(Table.displayWidth("a" + c + "b")).isEqualTo(columns + 2);
    }

    @Test
    void wideCharactersPushTheNextColumnByTheirColumnsNotTheirLength() {
        assertThat(Table.align(java.util.List.of(java.util.List.of("NAME", "ID"), java.util.List.of("线上", "1"), java.util.List.of("ｗｅｂ", "2"))))
                .isEqualTo("""
                NAME     ID
                线上     1
                ｗｅｂ   2
                """);
    }
}
