package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import acs.ApiCall;
import acs.ApiException;
import acs.UploadStart;
import acs.lifecycle.DryRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * README "--dry-run": a change is not sent; the node or container it acts on is read once, and a
 * missing one is the error the real run would meet, said as the dry run's finding.
 */
class DryRunTest {
    static final ApiCall<?> DEPLOY = ApiCall.uploadStart(7, UploadStart.of("http://r/a.war"));

    @Test
    void aChangeIsCheckedByReadingWhatItActsOn() {
        assertThat(DryRun.targetOf(DEPLOY)).isEqualTo(ApiCall.node(7));
        assertThat(DryRun.targetOf(ApiCall.delete(7))).isEqualTo(ApiCall.node(7));
        assertThat(DryRun.targetOf(ApiCall.containerStop(8))).isEqualTo(ApiCall.container(8));
        assertThat(DryRun.targetOf(ApiCall.node(7))).as("a read changes nothing").isNull();
        assertThat(DryRun.targetOf(new ApiCall<>("POST", "/api/v1/service/3/scale", Map.of(), ApiCall.node(1).dataType())))
                .as("a change to no node or container").isNull();
    }

    @Test
    void aMissingTargetIsTheRealRunsErrorMarkedAsTheDryRunsFinding() {
        List<ApiCall<?>> reads = new ArrayList<>();
        Throwable t = catchThrowable(() -> DryRun.checkTarget(DEPLOY, read -> {
            reads.add(read);
            throw new ApiException("1005", "ResourceNotExist", 200, read.method(), read.path());
        }));
        assertThat(reads).containsExactly(ApiCall.node(7));
        assertThat(t).isInstanceOf(DryRun.Finding.class)
                .hasMessageStartingWith("dry run: POST /api/v1/node/7/uploadStart failed: code 1005 ResourceNotExist")
                .hasMessageEndingWith("; the real run fails here (found by GET /api/v1/node/7; nothing was sent)");
        assertThat(((ApiException) t).exitCode()).isEqualTo(new ApiException("1005", "ResourceNotExist", 200, "POST", "/x").exitCode());
    }

    @Test
    void anyOtherFailedReadFailsTheDryRunAsItIsAndAFoundTargetPasses() {
        ApiException refused = new ApiException("1006", "NoPermission", 200, "GET", "/api/v1/node/7");
        assertThat(catchThrowable(() -> DryRun.checkTarget(DEPLOY, read -> { throw refused; }))).isSameAs(refused);
        List<ApiCall<?>> reads = new ArrayList<>();
        DryRun.checkTarget(DEPLOY, reads::add);
        assertThat(reads).containsExactly(ApiCall.node(7));
        DryRun.checkTarget(ApiCall.node(7), reads::add);
        assertThat(reads).as("a read is not checked").hasSize(1);
    }
}
