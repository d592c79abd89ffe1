package acs;

import java.time.OffsetDateTime;
import java.util.List;

/** A service (服务) and its nodes. */
public record Service(long id, String name, String imageName, OffsetDateTime createTime,
                      String regionDisplay, List<Node> nodes) {
    public Service {
        name = name == null ? "" : name;
        imageName = imageName == null ? "" : imageName;
        regionDisplay = regionDisplay == null ? "" : regionDisplay;
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }
}
