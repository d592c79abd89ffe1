package acs;

import java.time.OffsetDateTime;
import java.util.List;

/** A node: one environment of a service (线下 / 预发 / 线上, …) with its containers. */
public record Node(long id, String name, String imageName, NodeStatus status, long serviceId,
                   OffsetDateTime createTime, List<Container> containers) {
    public Node {
        name = name == null ? "" : name;
        imageName = imageName == null ? "" : imageName;
        status = status == null ? NodeStatus.UNKNOWN : status;
        containers = containers == null ? List.of() : List.copyOf(containers);
    }
}
