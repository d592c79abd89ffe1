package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.sim.SimConfig;
import acs.sim.Simulator;
import acs.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * node-list with --query, in each format, as its user reads it: filters, projections and counts
 * (answered element by element) and other queries (on the whole list) print what the query says
 * of the list; the expected text written out by hand for the simulator's nodes 700023–700025.
 */
@Timeout(120)
class QueryOutputTest {
    static Simulator sim;
    static final String LAST3 = "[?id > `700022`]";

    @BeforeAll static void start() {
        sim = Simulator.start(SimConfig.defaults().withExtraNodes(25));
    }

    @AfterAll static void stop() {
        sim.close();
    }

    static String list(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "node-list";
        System.arraycopy(args, 0, all, 1, args.length);
        CliHarness.Result r = CliHarness.runAgainst(sim, all);
        assertThat(r.exit()).as(r.toString()).isZero();
        return r.out();
    }

    @Test
    void aFilterAndProjectionPrintOnlyWhatTheyKeep() throws Exception {
        assertThat(list("--query", LAST3 + ".id")).isEqualTo("[ 700023, 700024, 700025 ]\n");
        assertThat(list("--query", LAST3 + ".{id: id, name: name}", "-o", "yaml")).isEqualTo("""
                - id: 700023
                  name: 预发8
                - id: 700024
                  name: 线上8
                - id: 700025
                  name: 线下9
                """);
        assertThat(list("--query", LAST3 + ".{id: id, name: name}", "-o", "table")).isEqualTo("""
                ID       NAME
                700023   预发8
                700024   线上8
                700025   线下9
                """);
    }

    @Test
    void countsPrintTheNumber() throws Exception {
        assertThat(list("--query", "length(" + LAST3 + ")")).isEqualTo("3\n");
        assertThat(list("--query", LAST3 + " | length(@)", "-o", "table")).isEqualTo("3\n");
        int all = Json.MAPPER.readTree(list()).size();
        assertThat(all).isGreaterThan(25);
        assertThat(list("--query", "length(@)")).isEqualTo(all + "\n");
        assertThat(list("--query", "length([])")).as("flattened: the same count").isEqualTo(all + "\n");
    }

    @Test
    void aQueryOfTheWholeListPrintsItsAnswer() {
        assertThat(list("--query", LAST3 + " | [0].name")).isEqualTo("\"预发8\"\n");
        assertThat(list("--query", "sort_by(" + LAST3 + ", &name)[].id", "-o", "table")).isEqualTo("""
                VALUE
                700024
                700025
                700023
                """);
    }

    @Test
    void aTableOfScalarsIsOneValueColumnAndObjectsBeforeTheFirstScalarJoinIt() {
        assertThat(list("--query", LAST3 + ".id", "-o", "table")).isEqualTo("""
                VALUE
                700023
                700024
                700025
                """);
        String mixed = LAST3 + ".[{id: id}, id][]";
        assertThat(StreamingQuery.of(mixed)).as("answered element by element").isPresent();
        assertThat(list("--query", mixed, "-o", "wide")).isEqualTo("""
                VALUE
                {"id":700023}
                700023
                {"id":700024}
                700024
                {"id":700025}
                700025
                """);
    }

    @Test
    void withoutAQueryJsonAndYamlHoldEveryNodeAndEndWithOneNewLine() throws Exception {
        String json = list();
        JsonNode nodes = Json.MAPPER.readTree(json);
        assertThat(json).startsWith("[ {\n").endsWith("} ]\n");
        String yaml = list("-o", "yaml");
        assertThat(yaml).startsWith("- id: ").endsWith("\n").doesNotEndWith("\n\n");
        assertThat(yaml.lines().filter(l -> l.startsWith("- id: ")).count()).isEqualTo(nodes.size());
        String table = list("-o", "table");
        assertThat(table.lines().count()).isEqualTo(nodes.size() + 1L);
        assertThat(table).contains("\n700025   线下9   ");
    }

    @Test
    void theStreamedFormsAreTheQueriesOfOneElementAtATime() {
        assertThat(StreamingQuery.of("[?status == 'RUNNING'].id")).get().extracting(StreamingQuery::counts).isEqualTo(false);
        assertThat(StreamingQuery.of("length([?status == 'RUNNING'])")).get().extracting(StreamingQuery::counts).isEqualTo(true);
        assertThat(StreamingQuery.of("[?status == 'RUNNING'] | length(@)")).get().extracting(StreamingQuery::counts).isEqualTo(true);
        assertThat(StreamingQuery.of("[].containers[]")).isPresent();
        assertThat(StreamingQuery.of("@")).as("the identity: nothing to stream").isEmpty();
        assertThat(StreamingQuery.of("[0]")).isEmpty();
        assertThat(StreamingQuery.of("[?a] | [0]")).isEmpty();
        assertThat(StreamingQuery.of("length(sort(@))")).isEmpty();
        assertThat(StreamingQuery.of("sort_by(@, &id)")).isEmpty();
        assertThat(StreamingQuery.of("max([].id)")).isEmpty();
        assertThat(StreamingQuery.of("name")).isEmpty();

        StreamingQuery q = StreamingQuery.of("[?status == 'RUNNING'].containers[].id").orElseThrow();
        java.util.List<String> got = new java.util.ArrayList<>();
        q.results(node("{\"status\": \"RUNNING\", \"containers\": [{\"id\": 1}, {\"id\": 2}]}"), n -> got.add(n.toString()));
        q.results(node("{\"status\": \"STOPPED\", \"containers\": [{\"id\": 3}]}"), n -> got.add(n.toString()));
        q.results(node("{\"status\": \"RUNNING\", \"containers\": [{\"id\": 4}]}"), n -> got.add(n.toString()));
        assertThat(got).containsExactly("1", "2", "4");
        assertThat(StreamingQuery.of("length(@)").orElseThrow().count(7).toString()).isEqualTo("7");
    }

    static JsonNode node(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
