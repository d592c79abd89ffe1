package acs.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import acs.ApiCall;
import acs.Node;
import acs.NodeStatus;
import acs.cli.CliHarness;
import acs.cli.Output;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import com.fasterxml.jackson.databind.JsonNode;
import io.burt.jmespath.jackson.JacksonRuntime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * node-list --query: the filters, projections and counts that stream print exactly what the
 * library's search of the whole answer prints, in every format; other queries still use the
 * whole answer. (100,000 nodes with a query in a 64 MB heap: {@link StreamingListTest}.)
 */
@Timeout(120)
class StreamingQueryTest {
    static Simulator sim;
    static JsonNode whole;

    @BeforeAll
    static void start() {
        // statuses, names and shapes that differ from node to node, so filters keep some and drop others
        List<Node> nodes = new ArrayList<>();
        try (Simulator seed = Simulator.start(SimConfig.defaults().withExtraNodes(30))) {
            NodeStatus[] statuses = {NodeStatus.RUNNING, NodeStatus.STOPPED, NodeStatus.RUNNING, NodeStatus.CREATED};
            int i = 0;
            for (Node n : seed.client().nodes()) {
                String name = i % 5 == 0 ? "web-" + n.name() : i % 7 == 0 ? n.name() + "\tweb" : n.name();
                nodes.add(new Node(n.id(), name, n.imageName(), statuses[i % statuses.length], n.serviceId(), n.createTime(),
                        i % 6 == 0 ? List.of() : n.containers()));
                i++;
            }
            sim = Simulator.start(SimConfig.defaults().withSnapshot(seed.client().services(), nodes));
        }
        whole = sim.client().callRaw(ApiCall.nodes());
        assertThat(new JacksonRuntime().compile("length([?status=='STOPPED'])").search(whole).asInt()).isBetween(1, whole.size() - 1);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[?status=='RUNNING']",
            "[?status=='STOPPED'].id",
            "[*].name",
            "[].{id: id, name: name}",
            "[?contains(name,'web')].[id,name]",
            "[?status=='RUNNING'] | [*].id",
            "[?status!='STOPPED'] | [].{id: id, containers: length(containers)}",
            "[*].containers[*].id",
            "[].containers[]",
            "[].[containers[0], id][]",
            "[].[{id: id}, name][]",
            "[*].nothing",
            "[?status=='DELETING']",
            "length(@)",
            "length([?status=='STOPPED'])",
            "[?contains(name,'web')] | length(@)",
    })
    void streamedQueriesPrintWhatTheWholeAnswerSearchedPrints(String query) {
        assertSameOutputAsTheWholeAnswer(query, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "@",
            "[0]",
            "[0:3].id",
            "[*].name | [0]",
            "[].id | sort(@)",
            "sort_by(@, &name)[*].id",
            "[?status=='RUNNING'] | [-1]",
            "length([*].name) == `30`",
            "{count: length(@)}",
    })
    void otherQueriesStillUseTheWholeAnswer(String query) {
        assertSameOutputAsTheWholeAnswer(query, false);
    }

    /** In every format: the CLI's output is the library's search of the whole answer, rendered; -v tells whether it was streamed. */
    /** A valid expression that fails on the data is the user's to fix: exit 2 and the reason, streamed or not. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"[?abs(name) > `1`]", "sort_by(@, &id)[?abs(name) > `1`]"})
    void aQueryThatDoesNotFitTheDataIsBadInput(String query) {
        CliHarness.Result r = CliHarness.runAgainst(sim, "node-list", "--query", query);
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--query").contains("abs").contains("expected number");
    }

    static void assertSameOutputAsTheWholeAnswer(String query, boolean streamed) {
        JsonNode expected = new JacksonRuntime().compile(query).search(whole);
        for (Output.Format format : Output.Format.values()) {
            CliHarness.Result r = CliHarness.runAgainst(sim, "node-list", "--query", query, "-o", format.name(), "-v");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).as(query + " -o " + format).isEqualTo(Output.render(expected, format, null));
            assertThat(r.err().contains(" elements)")).as(query + " streamed").isEqualTo(streamed);
        }
    }
}
