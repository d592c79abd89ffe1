package acs.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.Command;
import acs.CommandStatus;
import acs.wire.ApiTime;
import acs.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * API.md §6: a time never reached is {@code ""}, written back the same way; other empty fields stay
 * null. And the lazily built TLS context of plain-HTTP clients is, once used, the JDK's default one.
 */
class JsonAndLazyTlsTest {
    record Noted(String note, OffsetDateTime at) {}

    @Test
    void aTimeNeverReachedIsWrittenAsTheApiWritesItAndReadBack() throws Exception {
        Command running = new Command("c-1", "node_upload_start", CommandStatus.RUNNING, null, "",
                OffsetDateTime.of(2026, 12, 1, 10, 0, 0, 0, ApiTime.ZONE), null, List.of());
        JsonNode json = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(running));
        assertThat(json.get("endTime").isTextual()).isTrue();
        assertThat(json.get("endTime").asText()).isEmpty();
        assertThat(json.get("createTime").asText()).isEqualTo("2026-12-01 10:00:00");
        JsonNode other = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(new Noted(null, null)));
        assertThat(other.get("note").isNull()).as("a field that is not a time stays null").isTrue();
        assertThat(other.get("at").asText()).isEmpty();
        assertThat(Json.MAPPER.readValue(json.toString(), Command.class)).isEqualTo(running);
        assertThat(Json.pretty(running)).contains("\"endTime\" : \"\"").contains("\n");
    }

    @Test
    void aTimeInNeitherFormatIsNamedWithTheValue() {
        assertThatThrownBy(() -> Json.MAPPER.readValue("{\"commandId\":\"c-1\",\"endTime\":\"yesterday\"}", Command.class))
                .hasMessageContaining("yesterday").hasMessageContaining("yyyy-MM-dd HH:mm:ss");
    }

    @Test
    void theLazyTlsContextIsTheDefaultOneOnceUsed() throws Exception {
        SSLContext lazy = Transport.LazySsl.CONTEXT, real = SSLContext.getDefault();
        assertThat(lazy.getSupportedSSLParameters().getProtocols()).containsExactly(real.getSupportedSSLParameters().getProtocols());
        assertThat(lazy.getDefaultSSLParameters().getCipherSuites()).containsExactly(real.getDefaultSSLParameters().getCipherSuites());
        assertThat(lazy.createSSLEngine("acs.example.com", 8443).getPeerPort()).isEqualTo(8443);
        assertThat(lazy.createSSLEngine().getUseClientMode()).isEqualTo(real.createSSLEngine().getUseClientMode());
        assertThat(lazy.getSocketFactory().getDefaultCipherSuites()).containsExactly(real.getSocketFactory().getDefaultCipherSuites());
        assertThat(lazy.getServerSocketFactory().getSupportedCipherSuites()).containsExactly(real.getServerSocketFactory().getSupportedCipherSuites());
        assertThat(lazy.getClientSessionContext()).isSameAs(real.getClientSessionContext());
        assertThat(lazy.getServerSessionContext()).isSameAs(real.getServerSessionContext());
        assertThatThrownBy(() -> lazy.init(null, null, null)).isInstanceOf(UnsupportedOperationException.class);
    }
}
