package acs.sim;

import java.time.OffsetDateTime;

/** A package version a node recorded when an uploadStart succeeded (1, 2, 3, … per node); historyStart redeploys one. */
public record PackageVersion(int version, String url, String comment, OffsetDateTime createTime) {
    public PackageVersion {
        url = url == null ? "" : url;
        comment = comment == null ? "" : comment;
    }
}
