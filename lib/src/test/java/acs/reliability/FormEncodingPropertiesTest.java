package acs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import acs.wire.PreparedRequest;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parameters on the wire, over generated names and values (Unicode, controls, reserved URL
 * characters): the JDK's decoder reads back exactly what was encoded, in order, and a request
 * shown to a person never shows its signature.
 */
class FormEncodingPropertiesTest {
    static Stream<Long> seeds() { return Gen.seeds(200); }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void formEncodingReadsBackExactly(long seed) {
        Map<String, String> params = new Gen(seed).params();
        String form = PreparedRequest.form(params);
        assertThat(form).doesNotContain(" ").doesNotContain("+").matches("[A-Za-z0-9%&=._*-]*");
        Map<String, String> decoded = new LinkedHashMap<>();
        if (!form.isEmpty()) {
            for (String pair : form.split("&", -1)) {
                String[] kv = pair.split("=", -1);
                assertThat(kv).as(pair).hasSize(2);
                decoded.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        assertThat(decoded).containsExactlyEntriesOf(params);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aRequestShownToAPersonNeverShowsItsSignature(long seed) {
        Gen g = new Gen(seed);
        String signature = SignerPropertiesTest.reference(g.secret(), g.params());
        String body = g.r.nextBoolean() ? "" : PreparedRequest.form(g.params());
        PreparedRequest p = new PreparedRequest("POST", URI.create("http://127.0.0.1:8080/api/v1/node/610474/uploadStart"), Map.of(), signature, body);
        for (String shown : new String[] {p.describe(), p.toString()}) {
            assertThat(shown).doesNotContain(signature).contains(PreparedRequest.REDACTED).contains("/api/v1/node/610474/uploadStart");
            if (!body.isEmpty()) assertThat(shown).contains(body);
        }
        assertThat(p.describe()).startsWith("POST http://127.0.0.1:8080/api/v1/node/610474/uploadStart\n");
        assertThat(p.describe().contains("Content-Type: application/x-www-form-urlencoded")).isEqualTo(!body.isEmpty());
    }
}
