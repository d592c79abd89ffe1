package acs;

import java.time.OffsetDateTime;

/**
 * A host that runs containers. The documents only show {@code internetIp}; the other fields
 * are this project's choice (README, "Deviations").
 */
public record Host(long id, String name, String intranetIp, String internetIp, String status,
                   int cpu, int mem, int disk, OffsetDateTime createTime) {
    public Host {
        name = name == null ? "" : name;
        intranetIp = intranetIp == null ? "" : intranetIp;
        internetIp = internetIp == null ? "" : internetIp;
        status = status == null ? "" : status;
    }
}
