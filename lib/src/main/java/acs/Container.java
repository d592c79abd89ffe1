package acs;

import java.time.OffsetDateTime;

/**
 * A container of a node, on a host. {@code cpu} is cores, -1 (or 0) meaning shared; {@code mem}
 * and {@code disk} are MB. {@code stopTime} is the last stop and may be earlier than {@code startTime}.
 */
public record Container(long id, long nodeId, ContainerStatus status, OffsetDateTime createTime,
                        OffsetDateTime startTime, OffsetDateTime stopTime, long hostId,
                        int cpu, int mem, int disk, String health) {
    public Container {
        status = status == null ? ContainerStatus.UNKNOWN : status;
        health = health == null ? "" : health;
    }
}
