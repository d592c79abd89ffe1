package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import acs.client.AcsClient;
import acs.config.AcsConfig;
import acs.config.Settings;
import acs.UploadStart;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The secret key and the signature never appear in toString, exception messages, stack traces or the trace log. */
class SecretLeakTest {
    static final String SECRET = "Sup3r-S3cret-Value";

    @Test
    void noSecretOrSignatureAnywhereAUserCanSee() throws Exception {
        List<String> seen = new ArrayList<>();
        try (RecordingServer server = new RecordingServer()) {
            AcsClient client = AcsClient.create(server.endpoint(), "ak", SECRET);
            List<String> trace = new ArrayList<>();
            client.trace(trace::add);
            seen.add(client.toString());
            seen.add(client.config().toString());
            seen.add(AcsConfig.resolve(Settings.NONE.withSecretKey(SECRET), Map.of("ACS_HOME", "/nonexistent")).toString());
            seen.add(Settings.NONE.withSecretKey(SECRET).toString());
            var prepared = client.prepare(acs.ApiCall.uploadStart(1, UploadStart.of("http://h/a.war")));
            seen.add(prepared.toString());
            seen.add(prepared.describe());

            server.answer = "{\"code\":\"1004\",\"message\":\"SignError\"}";
            seen.add(stack(catchThrowable(() -> client.node(1))));
            server.status = 502;
            server.answer = "<html>bad gateway</html>";
            seen.add(stack(catchThrowable(() -> client.uploadStart(1, UploadStart.of("http://h/a.war")))));
            seen.addAll(trace);

            String signature = server.seen.get(0).authorization();
            assertThat(signature).isNotBlank();
            assertThat(trace).isNotEmpty();
            for (String s : seen) {
                assertThat(s).doesNotContain(SECRET).doesNotContain(signature);
            }
        }
        AcsClient unreachable = AcsClient.create("http://127.0.0.1:1", "ak", SECRET).withRetry(acs.lifecycle.RetryPolicy.NONE);
        assertThat(stack(catchThrowable(unreachable::nodes))).doesNotContain(SECRET).contains("127.0.0.1:1");
    }

    static String stack(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
