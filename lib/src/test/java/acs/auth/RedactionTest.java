package acs.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parameters as the journal keeps them, the same whether they come once, again, or changed by one value. */
class RedactionTest {
    static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @Test void theSameParametersAgainAndOneValueChangedAreEachRedactedAsThemselves() {
        Map<String, String> deploy = params("url", "http://alice:pw@repo.example.com/app.war?signature=abc&v=1", "token", "t0k", "method", "SEQUENTIAL", "timestamp", "1");
        Map<String, String> expected = params("url", "http://<redacted>@repo.example.com/app.war?signature=<redacted>&v=1", "token", "<redacted>", "method", "SEQUENTIAL");
        for (int i = 0; i < 3; i++) assertThat(Redaction.params(deploy)).containsExactlyEntriesOf(expected);

        Map<String, String> other = new LinkedHashMap<>(deploy);
        other.put("url", "http://repo.example.com/app-2.war");
        assertThat(Redaction.params(other)).containsEntry("url", "http://repo.example.com/app-2.war").containsEntry("token", "<redacted>");
        Map<String, String> reordered = params("method", "SEQUENTIAL", "token", "t0k", "url", deploy.get("url"));
        assertThat(Redaction.params(reordered).keySet()).containsExactly("method", "token", "url");

        Map<String, String> mutated = Redaction.params(deploy);
        mutated.put("url", "changed by a caller");
        assertThat(Redaction.params(deploy)).containsExactlyEntriesOf(expected);
    }
}
