package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;

import acs.AcsException;
import acs.ApiException;
import acs.Command;
import acs.CommandFailedException;
import acs.CommandStatus;
import acs.WaitTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a failed call, command or wait says: the server's detail once, the hint that fits, and the exit code by kind. */
class ErrorMessagesOfTheLibraryTest {
    @Test
    void theServersDetailIsAddedOnceAndOnlyWhenItSaysMore() {
        ApiException more = new ApiException("1002", "ParamError", "url must be http(s)", 200, "POST", "/api/v1/node/1/uploadStart");
        assertThat(more.getMessage()).isEqualTo("POST /api/v1/node/1/uploadStart failed: code 1002 ParamError: url must be http(s)");
        assertThat(more.detail()).isEqualTo("url must be http(s)");
        ApiException same = new ApiException("1002", "ParamError", "ParamError", 200, "GET", "/p");
        assertThat(same.getMessage()).isEqualTo("GET /p failed: code 1002 ParamError");
        ApiException blank = new ApiException("1002", "ParamError", "  ", 200, "GET", "/p");
        assertThat(blank.detail()).isNull();
        assertThat(blank.getMessage()).isEqualTo("GET /p failed: code 1002 ParamError");
        assertThat(more.exitCode()).isEqualTo(AcsException.EXIT_API);
        assertThat(more.rawCode()).isEqualTo("1002");
        assertThat(more.apiMessage()).isEqualTo("ParamError");
        assertThat(more.httpStatus()).isEqualTo(200);
        assertThat(more.method()).isEqualTo("POST");
        assertThat(more.path()).isEqualTo("/api/v1/node/1/uploadStart");
    }

    @Test
    void aMissingVersionOnRedeployExplainsHowVersionsAreNumbered() {
        assertThat(new ApiException("1005", "ResourceNotExist", null, 200, acs.Operation.NODE_REDEPLOY, "POST", "/api/v1/node/1/historyStart").getMessage())
                .endsWith("(no such node, or no such package version: versions are 1, 2, 3, … in the order the node's packages were deployed)");
        assertThat(new ApiException("1005", "ResourceNotExist", 200, "GET", null).getMessage()).endsWith("(no such resource: check the id)");
        assertThat(new ApiException("1005", "ResourceNotExist", 200, "GET", "/x").exitCode()).isEqualTo(AcsException.EXIT_API);
    }

    @Test
    void aFailedCommandSaysItsStatusResultAndFirstFailedStep() {
        Command bare = new Command("c-1", "node_stop", CommandStatus.PUBLISH_FAILED, "", "", null, null, null);
        assertThat(new CommandFailedException(bare).getMessage()).isEqualTo("command c-1 (node_stop) failed: status PUBLISH_FAILED");
        Command withResult = new Command("c-2", "node_start", CommandStatus.DONE, "500", "", null, null,
                java.util.List.of(new acs.Activity("c-2", "StartContainer", "500", java.util.List.of(), null, null)));
        assertThat(new CommandFailedException(withResult).getMessage())
                .isEqualTo("command c-2 (node_start) failed: status DONE, result 500; at StartContainer -> 500");
        assertThat(new CommandFailedException(withResult).command()).isSameAs(withResult);
    }

    @Test
    void aTimedOutWaitSaysHowToCheckAndTheLastStatusSeen() {
        Command running = new Command("c-3", "", CommandStatus.RUNNING, "", "", null, null, null);
        assertThat(new WaitTimeoutException("c-3", Duration.ofMinutes(10), running).getMessage())
                .isEqualTo("command c-3 did not finish within 10m (last status RUNNING); it may still be running: check it with 'acs command-get c-3'");
        assertThat(new WaitTimeoutException("c-3", Duration.ofSeconds(90), null).getMessage())
                .isEqualTo("command c-3 did not finish within 90s; it may still be running: check it with 'acs command-get c-3'");
        assertThat(new WaitTimeoutException("c-3", Duration.ofSeconds(90), null).lastSeen()).isNull();
    }
}
