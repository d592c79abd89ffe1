package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import acs.ApiCall;
import acs.ApiException;
import acs.DeployMethod;
import acs.InvalidInputException;
import acs.NodeStart;
import acs.wire.Envelope;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What an error envelope tells the user (its message, its detail when it is text), and the node
 * start's parameters as API.md §5 names them.
 */
class ErrorDetailsTest {
    static ApiException error(String body) {
        return catchThrowableOfType(ApiException.class, () -> Envelope.data(200, body, "POST", "/api/v1/node/7/start"));
    }

    @Test
    void aTextDetailIsShownAndAnythingElseIsLeftOut() {
        ApiException text = error("{\"code\":\"1005\",\"message\":\"StatusError\",\"detail\":\"a command is still running\"}");
        assertThat(text.apiMessage()).isEqualTo("StatusError");
        assertThat(text.detail()).isEqualTo("a command is still running");
        assertThat(text).hasMessageStartingWith("POST /api/v1/node/7/start failed: code 1005 StatusError: a command is still running");
        ApiException object = error("{\"code\":\"1005\",\"message\":\"StatusError\",\"detail\":{\"not\":\"text\"}}");
        assertThat(object.detail()).isNull();
        assertThat(object).hasMessageStartingWith("POST /api/v1/node/7/start failed: code 1005 StatusError (");
        assertThat(error("{\"code\":\"1005\",\"message\":\"StatusError\"}").detail()).isNull();
    }

    @Test
    void aMissingOrNullMessageIsEmptyNotTheWordNull() {
        assertThat(error("{\"code\":\"1005\"}").apiMessage()).isEmpty();
        assertThat(error("{\"code\":\"1005\",\"message\":null}").apiMessage()).isEmpty();
        assertThat(error("{\"code\":\"1005\",\"message\":null}")).hasMessageNotContaining("null");
    }

    @Test
    void aNodeStartSendsEachParameterItWasGiven() {
        NodeStart all = NodeStart.image("app", "1.2").withMethod(DeployMethod.SEQUENTIAL).withUpdate(true);
        assertThat(ApiCall.start(7, all).params())
                .isEqualTo(Map.of("imageName", "app", "imageTag", "1.2", "method", "SEQUENTIAL", "update", "true"));
        assertThat(ApiCall.start(7, NodeStart.plain().withUpdate(false)).params()).isEqualTo(Map.of("update", "false"));
        assertThat(ApiCall.start(7, NodeStart.plain()).params()).isEmpty();
    }

    @Test
    void anImageNeedsBothItsNameAndItsTagAndAMethodMustBeKnown() {
        assertThatThrownBy(() -> NodeStart.image("app", " ")).isInstanceOf(InvalidInputException.class)
                .hasMessage("imageTag: is required together with imageName; give both or neither");
        assertThatThrownBy(() -> NodeStart.image(null, "1.2")).isInstanceOf(InvalidInputException.class)
                .hasMessage("imageName: is required together with imageTag; give both or neither");
        assertThatThrownBy(() -> NodeStart.plain().withMethod(DeployMethod.UNKNOWN)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("method: ");
        assertThatThrownBy(() -> acs.HistoryStart.of("2").withMethod(DeployMethod.UNKNOWN)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("method: ");
    }

    @Test
    void aMistypedMethodListsOnlyTheMethodsAUserMayChoose() {
        assertThatThrownBy(() -> DeployMethod.parse("paralel")).isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith("expected one of PARALLEL, SEQUENTIAL");
    }

    @Test
    void aBadAnswerQuotesTheStartOfItsBodyOnOneLineUpTo200Characters() {
        String exactly200 = "x".repeat(200), longer = "y".repeat(201);
        assertThat(new acs.BadResponseException("response is not JSON", 502, "GET", "/api/v1/node", exactly200).bodyStart()).isEqualTo(exactly200);
        assertThat(new acs.BadResponseException("response is not JSON", 502, "GET", "/api/v1/node", longer).bodyStart()).isEqualTo("y".repeat(200) + "…");
        acs.BadResponseException page = new acs.BadResponseException("response is not JSON", 502, "GET", "/api/v1/node", "<html>\n  <b>Bad Gateway</b>\n</html>\n");
        assertThat(page).hasMessage("GET /api/v1/node: response is not JSON (HTTP 502); body starts: <html> <b>Bad Gateway</b> </html>");
        assertThat(page.bodyStart()).isEqualTo("<html> <b>Bad Gateway</b> </html>");
        assertThat(new acs.BadResponseException("empty response body", 200, "GET", "/api/v1/node", "")).hasMessage("GET /api/v1/node: empty response body (HTTP 200)");
        assertThat(new acs.BadResponseException("empty response body", 200, "GET", "/api/v1/node", null).bodyStart()).isEmpty();
    }
}
