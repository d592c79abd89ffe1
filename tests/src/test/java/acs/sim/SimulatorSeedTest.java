package acs.sim;

import static org.assertj.core.api.Assertions.assertThat;

import acs.ContainerStatus;
import acs.Host;
import acs.Image;
import acs.Node;
import acs.NodeStatus;
import acs.Service;
import acs.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo seed is the documents' example, field for field. */
class SimulatorSeedTest {
    /** The node chapter's example of GET /api/v1/node/{node_id}, verbatim. */
    static final String DOC_EXAMPLE = """
            {
              "code": "0",
              "message": "success",
              "data": {
                "id": 610474,
                "name": "正式环境",
                "imageName": "registry.acs.aliyun.com/open/tomcat7:3.0.0",
                "status": "RUNNING",
                "serviceId": 12209,
                "createTime": "2016-06-23 17:56:00",
                "containers": [
                  {
                    "id": 16634,
                    "nodeId": 610474,
                    "status": "RUNNING",
                    "createTime": "2016-06-23 17:56:01",
                    "startTime": "2016-06-23 17:57:55",
                    "stopTime": "",
                    "hostId": 3505,
                    "cpu": 0,
                    "mem": 1024,
                    "disk": 10240,
                    "health": ""
                  },
                  {
                    "id": 16636,
                    "nodeId": 610474,
                    "status": "RUNNING",
                    "createTime": "2016-06-23 18:29:00",
                    "startTime": "2016-06-23 18:57:58",
                    "stopTime": "2016-06-23 18:37:39",
                    "hostId": 3505,
                    "cpu": 0,
                    "mem": 1024,
                    "disk": 10240,
                    "health": ""
                  }
                ]
              }
            }
            """;

    static Simulator sim;

    @BeforeAll static void start() {
        sim = Simulator.start();
    }

    @AfterAll static void stop() {
        sim.close();
    }

    @Test void node610474IsTheDocumentsExampleByteForByteAsJson() throws Exception {
        JsonNode expected = Json.MAPPER.readTree(DOC_EXAMPLE);
        Raw.Resp r = Raw.get(sim, "/api/v1/node/610474");
        assertThat(r.json()).isEqualTo(expected);
        // the field order is the document's too
        assertThat(r.body()).isEqualTo(Json.MAPPER.writeValueAsString(expected));
    }

    @Test void theListContainsTheSameNode() throws Exception {
        JsonNode expected = Json.MAPPER.readTree(DOC_EXAMPLE).path("data");
        Raw.Resp r = Raw.get(sim, "/api/v1/node");
        assertThat(r.code()).isEqualTo("0");
        assertThat(r.data()).contains(expected);
    }

    @Test void theRestOfTheSeed() {
        var acs = sim.client();
        Service s = acs.service(12209);
        assertThat(s.imageName()).isEqualTo("registry.acs.aliyun.com/open/tomcat7:3.0.0");
        assertThat(s.regionDisplay()).isNotEmpty();
        assertThat(s.nodes()).extracting(Node::id).containsExactly(610474L);
        Service other = acs.service(11982);
        assertThat(other.name()).isEqualTo("沐剑测试");
        Node n = acs.node(610247);
        assertThat(n.serviceId()).isEqualTo(11982);
        assertThat(n.status()).isEqualTo(NodeStatus.RUNNING);
        assertThat(n.containers()).extracting(c -> c.id()).containsExactly(16237L, 16238L);
        assertThat(n.containers()).allSatisfy(c -> {
            assertThat(c.hostId()).isEqualTo(1745);
            assertThat(c.status()).isEqualTo(ContainerStatus.RUNNING);
        });
        assertThat(acs.hosts()).extracting(Host::id).contains(3505L, 1745L);
        Host h = acs.host(3505);
        assertThat(h.internetIp()).isNotEmpty();
        assertThat(h.intranetIp()).isNotEmpty();
        assertThat(acs.images()).anySatisfy(i -> {
            assertThat(i.imageName()).isEqualTo("registry.acs.aliyun.com/open/tomcat7");
            assertThat(i.imageTag()).isEqualTo("3.0.0");
        });
        assertThat(acs.images()).extracting(Image::modifyTime).doesNotContainNull();
        assertThat(acs.containers()).hasSize(4);
        assertThat(acs.container(16636).stopTime()).isBefore(acs.container(16636).startTime());
    }

    @Test void extraNodesAreGeneratedWithoutCollisions() {
        try (Simulator big = Simulator.start(SimConfig.defaults().withExtraNodes(30))) {
            var nodes = big.client().nodes();
            assertThat(nodes).hasSize(32);
            assertThat(nodes).extracting(Node::id).doesNotHaveDuplicates();
            var containers = big.client().containers();
            assertThat(containers).hasSize(4 + 60);
            assertThat(containers).extracting(c -> c.id()).doesNotHaveDuplicates();
            var generated = nodes.stream().filter(x -> x.id() != 610474 && x.id() != 610247).toList();
            assertThat(generated).allSatisfy(x -> assertThat(x.containers()).hasSize(2));
            assertThat(generated).extracting(Node::name).contains("线下1", "预发1", "线上1", "线下2");
            var services = big.client().services();
            assertThat(services.size()).isBetween(3, 8);
            assertThat(services.stream().mapToInt(x -> x.nodes().size()).sum()).isEqualTo(32);
            assertThat(big.client().hosts()).allSatisfy(hh -> assertThat(hh.internetIp()).isNotEmpty());
        }
    }

    @Test void aSnapshotAcceptsAnyRedeployVersionButTheDemoSeedDoesNot() {
        java.util.List<Service> services;
        java.util.List<Node> nodes;
        try (Simulator real = Simulator.start()) {
            services = real.client().services();
            nodes = real.client().nodes();
            assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
                    () -> real.client().historyStart(610474, acs.HistoryStart.of("41")), acs.ApiException.class).code())
                    .isEqualTo(acs.ErrorCode.RESOURCE_NOT_EXIST);
        }
        try (Simulator copy = Simulator.start(SimConfig.ofSnapshot(services, nodes))) {
            assertThat(copy.client().historyStart(610474, acs.HistoryStart.of("41")).name()).isEqualTo("node_history_start");
            assertThat(copy.state().copy().toJson()).contains("versionsUnknown");
        }
    }
}
