package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;

import acs.ApiCall;
import acs.DeployMethod;
import acs.HistoryStart;
import acs.NodeStart;
import acs.UploadStart;
import org.junit.jupiter.api.Test;

/**
 * The name a journal records for a call is the CLI command a user would run for it (the scripts
 * NodeDeploy.java → node-deploy, …); a call with no such command is recorded as its method and path.
 */
class OperationNamesTest {
    @Test
    void eachChangeIsNamedAsTheCommandThatMakesIt() {
        assertThat(ApiCall.uploadStart(7, UploadStart.of("http://r/a.war")).operationName()).isEqualTo("node-deploy");
        assertThat(ApiCall.historyStart(7, HistoryStart.of("1")).operationName()).isEqualTo("node-redeploy");
        assertThat(ApiCall.start(7, NodeStart.plain()).operationName()).isEqualTo("node-start");
        assertThat(ApiCall.stop(7, DeployMethod.PARALLEL).operationName()).isEqualTo("node-stop");
        assertThat(ApiCall.delete(7).operationName()).isEqualTo("node-delete");
        assertThat(ApiCall.containerStart(8).operationName()).isEqualTo("container-start");
        assertThat(ApiCall.containerStop(8).operationName()).isEqualTo("container-stop");
    }

    @Test
    void readingOneThingIsNamedAsItsGetCommandAndACallMadeByHandByMethodAndPath() {
        assertThat(ApiCall.node(7).operationName()).isEqualTo("node-get");
        assertThat(ApiCall.container(8).operationName()).isEqualTo("container-get");
        assertThat(ApiCall.command("6762ccf2-31ef-4917-9e8c-03dd6a510097").operationName()).isEqualTo("command-get");
        assertThat(ApiCall.host(9).operationName()).isEqualTo("host-get");
        assertThat(ApiCall.service(9).operationName()).isEqualTo("service-get");
        assertThat(new ApiCall<>("GET", "/api/v1/other", java.util.Map.of(), ApiCall.node(1).dataType()).operationName())
                .as("a call made by hand").isEqualTo("GET /api/v1/other");
    }
}
