package acs.sim;

import acs.ContainerStatus;
import acs.Host;
import acs.Image;
import acs.Node;
import acs.NodeStatus;
import acs.Service;
import acs.Container;
import acs.wire.ApiTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a state comes from when not from a file. The demo seed, from the documents: service 12209 with node 610474 "正式环境" and containers
 * 16634 and 16636 exactly as the node chapter's example shows them; service 11982 "沐剑测试"
 * with node 610247 "预发" (containers 16237 and 16238); hosts 3505 and 1745; a few images.
 *
 * <p>Generated nodes ({@code extraNodes}): node ids from 700001, two containers each (ids from
 * 800001, RUNNING), names cycling 线下 / 预发 / 线上 with a number (线下1, 预发1, 线上1, 线下2, …),
 * spread round-robin over up to five generated services (ids from 20001) on eight generated
 * hosts (ids from 4001). None of these ids collides with the demo's. Or lib models, e.g. read
 * from a real endpoint ({@link #fromModels}).
 */
final class Seed {
    static final long GEN_SERVICE = 20001, GEN_NODE = 700001, GEN_CONTAINER = 800001, GEN_HOST = 4001;
    private static final String TOMCAT = "registry.acs.aliyun.com/open/tomcat7:3.0.0";

    private Seed() {}

    /** The demo seed plus {@code extraNodes} generated nodes. */
    static Store demo(int extraNodes) {
        Store s = new Store();
        demo(s);
        extra(s, extraNodes);
        s.fixNextId();
        return s;
    }

    /** Only {@code extraNodes} generated nodes. */
    static Store generated(int extraNodes) {
        Store s = new Store();
        extra(s, extraNodes);
        s.fixNextId();
        return s;
    }

    /** See {@link SimState#of(List, List, List, List)}. */
    static Store fromModels(List<Service> services, List<Node> nodes, List<Host> hosts, List<Image> images) {
        Store s = new Store();
        Map<Long, Node> all = new LinkedHashMap<>();
        for (Node n : nodes == null ? List.<Node>of() : nodes) all.put(n.id(), n);
        for (Service sv : services == null ? List.<Service>of() : services) {
            for (Node n : sv.nodes()) all.putIfAbsent(n.id(), n);
        }
        for (Service sv : services == null ? List.<Service>of() : services) s.addService(sv);
        for (Host h : hosts == null ? List.<Host>of() : hosts) s.addHost(h);
        for (Node n : all.values()) {
            if (!s.hasService(n.serviceId())) {
                s.addService(new Service(n.serviceId(), "service-" + n.serviceId(), n.imageName(), n.createTime(), "", List.of()));
            }
            s.addNode(n);
            s.versionsUnknown(n.id());
            for (Container c : n.containers()) {
                if (!s.hasHost(c.hostId())) s.addHost(new Host(c.hostId(), "host-" + c.hostId(), "", "", "RUNNING", 0, 0, 0, null));
            }
        }
        if (images != null && !images.isEmpty()) {
            images.forEach(s::addImage);
        } else {
            Set<String> names = new LinkedHashSet<>(s.serviceImageNames());
            for (Node n : all.values()) names.add(n.imageName());
            long id = 1;
            for (String name : names) {
                if (name.isBlank()) continue;
                int colon = name.lastIndexOf(':');
                boolean tagged = colon > name.lastIndexOf('/');
                s.addImage(new Image(id++, tagged ? name.substring(0, colon) : name, tagged ? name.substring(colon + 1) : "latest",
                        "", "", null));
            }
        }
        s.fixNextId();
        return s;
    }

    private static void demo(Store s) {
        s.addService(new Service(12209, "tomcat-demo", TOMCAT, t("2016-06-23 17:50:12"), "华东1", List.of()));
        s.addService(new Service(11982, "沐剑测试", "registry.acs.aliyun.com/open/tomcat7:2.0.0", t("2016-06-20 10:02:41"), "华北2", List.of()));
        s.addNode(new Node(610474, "正式环境", TOMCAT, NodeStatus.RUNNING, 12209, t("2016-06-23 17:56:00"), List.of(
                container(16634, 610474, ContainerStatus.RUNNING, "2016-06-23 17:56:01", "2016-06-23 17:57:55", "", 3505, 0, 1024, 10240),
                container(16636, 610474, ContainerStatus.RUNNING, "2016-06-23 18:29:00", "2016-06-23 18:57:58", "2016-06-23 18:37:39", 3505, 0, 1024, 10240))));
        s.addNode(new Node(610247, "预发", "registry.acs.aliyun.com/open/tomcat7:2.0.0", NodeStatus.RUNNING, 11982, t("2016-06-20 10:05:17"), List.of(
                container(16237, 610247, ContainerStatus.RUNNING, "2016-06-20 10:05:18", "2016-06-20 10:06:40", "", 1745, -1, 512, 10240),
                container(16238, 610247, ContainerStatus.RUNNING, "2016-06-20 10:05:18", "2016-06-21 09:12:03", "2016-06-21 09:11:50", 1745, -1, 512, 10240))));
        // Documentation addresses (RFC 5737) stand in for the real ones.
        s.addHost(new Host(3505, "ews-host-3505", "10.117.35.5", "198.51.100.35", "RUNNING", 8, 16384, 512000, t("2016-06-01 09:00:00")));
        s.addHost(new Host(1745, "ews-host-1745", "10.117.17.45", "198.51.100.45", "RUNNING", 4, 8192, 256000, t("2016-05-18 14:30:00")));
        s.addImage(new Image(101, "registry.acs.aliyun.com/open/tomcat7", "3.0.0", "tomcat7", "Tomcat 7 on JDK 7", t("2016-06-15 11:20:00")));
        s.addImage(new Image(102, "registry.acs.aliyun.com/open/tomcat7", "2.0.0", "tomcat7", "Tomcat 7 on JDK 7", t("2016-05-10 16:45:00")));
        s.addImage(new Image(103, "registry.acs.aliyun.com/open/jetty9", "1.0.0", "jetty9", "Jetty 9 on JDK 8", t("2016-06-02 10:00:00")));
        s.addImage(new Image(104, "registry.acs.aliyun.com/open/nginx", "1.10.1", "nginx", "Nginx 1.10", t("2016-06-08 08:30:00")));
    }

    private static void extra(Store s, int count) {
        if (count <= 0) return;
        int services = (int) Math.min(5, Math.max(1, (count + 2) / 3));
        String[] regions = {"华东1", "华北2", "华南1"};
        for (int k = 0; k < services; k++) {
            s.addService(new Service(GEN_SERVICE + k, "demo-app-" + (k + 1), TOMCAT, t("2016-07-01 09:00:00"),
                    regions[k % regions.length], List.of()));
        }
        for (int h = 0; h < 8; h++) {
            s.addHost(new Host(GEN_HOST + h, "ews-host-" + (GEN_HOST + h), "10.118.0." + (h + 10), "198.51.100." + (h + 100),
                    "RUNNING", 16, 32768, 1024000, t("2016-06-01 09:00:00")));
        }
        OffsetDateTime created = t("2016-07-01 10:00:00");
        OffsetDateTime cCreated = t("2016-07-01 10:00:01");
        OffsetDateTime started = t("2016-07-01 10:01:00");
        String[] envs = {"线下", "预发", "线上"};
        for (int i = 0; i < count; i++) {
            long nodeId = GEN_NODE + i;
            List<Container> cs = new ArrayList<>(2);
            for (int j = 0; j < 2; j++) {
                long cid = GEN_CONTAINER + 2L * i + j;
                cs.add(new Container(cid, nodeId, ContainerStatus.RUNNING, cCreated, started, null,
                        GEN_HOST + (cid % 8), -1, 1024, 10240, ""));
            }
            s.addNode(new Node(nodeId, envs[i % 3] + (i / 3 + 1), TOMCAT, NodeStatus.RUNNING,
                    GEN_SERVICE + (i % services), created, cs));
        }
    }

    private static Container container(long id, long nodeId, ContainerStatus st, String created, String started, String stopped,
                                       long hostId, int cpu, int mem, int disk) {
        return new Container(id, nodeId, st, t(created), t(started), t(stopped), hostId, cpu, mem, disk, "");
    }

    private static OffsetDateTime t(String apiTime) {
        return ApiTime.parse(apiTime);
    }
}
