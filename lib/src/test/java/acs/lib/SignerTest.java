package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;

import acs.auth.Secret;
import acs.auth.Signer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignerTest {

    private static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void vector1BasicParameters() {
        assertThat(Signer.sign(Secret.of("secretKey123"), params("accesskey", "t9xuit3pt202ou09", "timestamp", "1467000000000")))
                .isEqualTo("20A6B0255F7999F9AEA4ACAA14E8B9DC");
    }

    @Test
    void vector2DeployParametersInAnyInsertionOrder() {
        Map<String, String> p = params("update", "false", "method", "SEQUENTIAL", "url", "http://oss.example.com/app-1.2.war",
                "timestamp", "1467000000000", "accesskey", "t9xuit3pt202ou09");
        assertThat(Signer.sign(Secret.of("secretKey123"), p)).isEqualTo("F455F8EA298DC07CCBF59381131B0A10");
    }

    @Test
    void vector3UnicodeSecretAndValueAreSignedAsUtf8() {
        assertThat(Signer.sign(Secret.of("秘密"), params("accesskey", "ak", "timestamp", "1", "comment", "发布 v2")))
                .isEqualTo("FFF6F4482B87653F10147647735B3034");
    }

    @Test
    void vector4SortsByByteOrder() {
        Map<String, String> p = params("foo", "1", "bar", "2", "foo_bar", "3", "foobar", "4");
        assertThat(Signer.canonical(p)).isEqualTo("bar2foo1foo_bar3foobar4");
        assertThat(Signer.sign(Secret.of("s"), p)).isEqualTo("052B04F546D3D5BC8C44724BA91F6156");
    }

    /** The signer keeps a keyed HMAC per thread: a signature under one secret never carries the key of the one before. */
    @Test
    void secretsTakenInTurnOnOneThreadAndOnSeveralEachSignWithTheirOwnKey() throws Exception {
        Map<String, String> p1 = params("accesskey", "t9xuit3pt202ou09", "timestamp", "1467000000000");
        Map<String, String> p3 = params("accesskey", "ak", "timestamp", "1", "comment", "发布 v2");
        for (int i = 0; i < 3; i++) {
            assertThat(Signer.sign(Secret.of("secretKey123"), p1)).isEqualTo("20A6B0255F7999F9AEA4ACAA14E8B9DC");
            assertThat(Signer.sign(Secret.of("秘密"), p3)).isEqualTo("FFF6F4482B87653F10147647735B3034");
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<String>>();
            for (int i = 0; i < 200; i++) {
                boolean first = i % 2 == 0;
                futures.add(pool.submit(() -> first ? Signer.sign(Secret.of("secretKey123"), p1) : Signer.sign(Secret.of("秘密"), p3)));
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get()).isEqualTo(i % 2 == 0 ? "20A6B0255F7999F9AEA4ACAA14E8B9DC" : "FFF6F4482B87653F10147647735B3034");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @CsvSource({"20A6B0255F7999F9AEA4ACAA14E8B9DC,true", "20a6b0255f7999f9aea4acaa14e8b9dc,true",
            "20A6B0255F7999F9AEA4ACAA14E8B9DD,false", "'',false"})
    void signaturesCompareCaseInsensitively(String given, boolean ok) {
        assertThat(Signer.matches("20A6B0255F7999F9AEA4ACAA14E8B9DC", given)).isEqualTo(ok);
    }

    @Test
    void secretNeverPrints() {
        Secret s = Secret.of("secretKey123");
        assertThat(s.toString()).doesNotContain("secretKey123");
        assertThat(Secret.of("  ")).isNull();
    }
}
