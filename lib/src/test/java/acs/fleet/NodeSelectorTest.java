package acs.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.InvalidInputException;
import acs.Node;
import acs.NodeStatus;
import acs.client.AcsClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which nodes a fleet command runs on: each criterion alone, their intersection, and bad selections refused before anything is sent. */
class NodeSelectorTest {
    static Node node(long id, String name, NodeStatus status, long service) {
        return new Node(id, name, "img", status, service, null, List.of());
    }

    static final Node WEB1 = node(610474, "线上-web-1", NodeStatus.RUNNING, 20001);
    static final Node WEB2 = node(610247, "线上-web-2", NodeStatus.STOPPED, 20001);
    static final Node DB = node(700001, "db-1", NodeStatus.RUNNING, 20002);

    @Test
    void eachCriterionAloneAndTogetherAsAnIntersection() {
        NodeSelector all = NodeSelector.all();
        assertThat(List.of(WEB1, WEB2, DB)).allMatch(all::matches);
        assertThat(List.of(WEB1, WEB2, DB)).filteredOn(all.withService(20001L)::matches).containsExactly(WEB1, WEB2);
        assertThat(List.of(WEB1, WEB2, DB)).filteredOn(all.withStatus(NodeStatus.RUNNING)::matches).containsExactly(WEB1, DB);
        assertThat(List.of(WEB1, WEB2, DB)).filteredOn(all.withName("web")::matches).as("a match anywhere in the name").containsExactly(WEB1, WEB2);
        assertThat(List.of(WEB1, WEB2, DB)).filteredOn(all.withName("^web")::matches).isEmpty();
        assertThat(List.of(WEB1, WEB2, DB)).filteredOn(all.withService(20001L).withStatus(NodeStatus.RUNNING)::matches).containsExactly(WEB1);
        assertThat(List.of(WEB1, WEB2, DB)).filteredOn(NodeSelector.ids(List.of(610247L, 700001L)).withStatus(NodeStatus.RUNNING)::matches)
                .containsExactly(DB);
        assertThat(List.of(WEB1, WEB2, DB)).filteredOn(all.withName("1$").withService(20002L)::matches).containsExactly(DB);
    }

    @Test
    void whatNeedsTheNodeListAndWhatIsNoSelectionAtAll() {
        assertThat(NodeSelector.ids(List.of(1L)).filters()).isFalse();
        assertThat(NodeSelector.all().filters()).as("--all alone is no filter").isFalse();
        assertThat(NodeSelector.ids(List.of()).withService(5L).filters()).isTrue();
        assertThat(NodeSelector.ids(List.of()).withStatus(NodeStatus.STOPPED).filters()).isTrue();
        assertThat(NodeSelector.ids(List.of()).withName("x").filters()).isTrue();
        assertThat(NodeSelector.ids(List.of()).withName("x").withName(null).filters()).as("a name removed").isFalse();

        assertThat(NodeSelector.ids(List.of()).empty()).isTrue();
        assertThat(NodeSelector.ids(null).empty()).isTrue();
        assertThat(NodeSelector.ids(List.of(1L)).empty()).isFalse();
        assertThat(NodeSelector.all().empty()).isFalse();
        assertThat(NodeSelector.ids(List.of()).withStatus(NodeStatus.RUNNING).empty()).isFalse();
    }

    @Test
    void explicitIdsAloneNeedNoListingAndKeepTheirOrderOnceEach() {
        try (AcsClient nowhere = AcsClient.create("http://127.0.0.1:1", "ak", "sk")) {
            // nothing listens on port 1: a listing would fail, so these came without a request
            assertThat(NodeSelector.ids(List.of(3L, 1L, 3L, 2L)).select(nowhere)).containsExactly(3L, 1L, 2L);
            assertThatThrownBy(() -> NodeSelector.ids(List.of()).select(nowhere)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("give node ids, --all, --service, --status or --name");
        }
    }

    @Test
    void badSelectionsAreRefusedNamingWhatWasWrong() {
        assertThatThrownBy(() -> NodeSelector.ids(List.of(5L, 0L))).isInstanceOf(InvalidInputException.class).hasMessageContaining("node_id");
        assertThatThrownBy(() -> NodeSelector.all().withService(0L)).isInstanceOf(InvalidInputException.class).hasMessageContaining("service_id");
        assertThat(NodeSelector.all().withService(null).serviceId()).isNull();
        assertThatThrownBy(() -> NodeSelector.all().withName("web-(")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("--name: 'web-(' is not a regular expression");
    }
}
