package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.client.AcsClient;
import acs.config.AcsConfig;
import acs.ConfigException;
import acs.config.Profiles;
import acs.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
    @TempDir Path home;

    Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("ACS_HOME", home.toString());
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    void profiles(String json) throws Exception {
        Path f = home.resolve("config.json");
        Files.writeString(f, json);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void nothingConfiguredMeansNoEndpoint() {
        AcsConfig c = AcsConfig.resolve(Settings.NONE, env());
        assertThat(c.hasEndpoint()).isFalse();
        assertThatThrownBy(() -> AcsClient.create(c)).isInstanceOf(ConfigException.class).hasMessageContaining("ACS_ENDPOINT");
    }

    @Test
    void theEmbeddedSimulatorRuleIsNothingOrEverything() throws Exception {
        assertThat(AcsConfig.resolve(Settings.NONE, env()).useEmbeddedSimulator()).isTrue();
        assertThat(AcsConfig.resolve(Settings.NONE, env("ACS_ENDPOINT", "http://e", "ACS_ACCESS_KEY", "ak", "ACS_SECRET_KEY", "sk"))
                .useEmbeddedSimulator()).isFalse();
        AcsConfig keysOnly = AcsConfig.resolve(Settings.NONE.withAccessKey("ak"), env("ACS_SECRET_KEY", "sk"));
        assertThat(keysOnly.nothingConfigured()).isFalse();
        assertThatThrownBy(keysOnly::useEmbeddedSimulator).isInstanceOf(ConfigException.class)
                .hasMessageContaining("accessKey (from --access-key)").hasMessageContaining("secretKey (from ACS_SECRET_KEY)")
                .hasMessageContaining("missing: the endpoint").satisfies(e -> assertThat(e.getMessage()).doesNotContain("sk,"));
        AcsConfig typo = AcsConfig.resolve(Settings.NONE, env("ACS_ENDPONT", "http://e"));
        assertThat(typo.nothingConfigured()).as("a misspelt variable is a configuration attempt").isFalse();
        assertThatThrownBy(typo::useEmbeddedSimulator).hasMessageContaining("ACS_ENDPONT (did you mean ACS_ENDPOINT?)");
        profiles("{\"profiles\":{\"p\":{\"endpoint\":\"http://profile:1\"}}}");
        assertThatThrownBy(() -> AcsConfig.resolve(Settings.NONE, env()).useEmbeddedSimulator())
                .hasMessageContaining("endpoint (from profile 'p' of").hasMessageContaining("missing: the access key");
    }

    @Test
    void explicitBeatsEnvironmentBeatsProfile() throws Exception {
        profiles("{\"default\":\"p\",\"profiles\":{\"p\":{\"endpoint\":\"http://profile:1\",\"accessKey\":\"pak\",\"secretKey\":\"psk\"}}}");
        AcsConfig fromProfile = AcsConfig.resolve(Settings.NONE, env());
        assertThat(fromProfile.endpoint().toString()).isEqualTo("http://profile:1");
        assertThat(fromProfile.accessKey()).isEqualTo("pak");
        assertThat(fromProfile.profile()).isEqualTo("p");

        AcsConfig fromEnv = AcsConfig.resolve(Settings.NONE, env("ACS_ENDPOINT", "http://env:2", "ACS_ACCESS_KEY", "eak"));
        assertThat(fromEnv.endpoint().toString()).isEqualTo("http://env:2");
        assertThat(fromEnv.accessKey()).isEqualTo("eak");
        assertThat(fromEnv.secretKey().reveal()).as("unset in env: falls through to the profile").isEqualTo("psk");

        AcsConfig explicit = AcsConfig.resolve(Settings.NONE.withEndpoint("http://flag:3/"), env("ACS_ENDPOINT", "http://env:2"));
        assertThat(explicit.endpoint().toString()).isEqualTo("http://flag:3");
    }

    @Test
    void anEmptyVariableCountsAsUnset() throws Exception {
        profiles("{\"default\":\"p\",\"profiles\":{\"p\":{\"endpoint\":\"http://profile:1\",\"accessKey\":\"pak\",\"secretKey\":\"psk\"}}}");
        AcsConfig c = AcsConfig.resolve(Settings.NONE, env("ACS_ENDPOINT", "", "ACS_ACCESS_KEY", "  ", "ACS_PROFILE", ""));
        assertThat(c.endpoint().toString()).isEqualTo("http://profile:1");
        assertThat(c.accessKey()).isEqualTo("pak");
    }

    @Test
    void profileIsChosenByFlagThenEnvironmentThenDefault() throws Exception {
        profiles("{\"default\":\"a\",\"profiles\":{\"a\":{\"endpoint\":\"http://a\"},\"b\":{\"endpoint\":\"http://b\"},\"c\":{\"endpoint\":\"http://c\"}}}");
        assertThat(AcsConfig.resolve(Settings.NONE, env()).endpoint().getHost()).isEqualTo("a");
        assertThat(AcsConfig.resolve(Settings.NONE, env("ACS_PROFILE", "b")).endpoint().getHost()).isEqualTo("b");
        assertThat(AcsConfig.resolve(Settings.NONE.withProfile("c"), env("ACS_PROFILE", "b")).endpoint().getHost()).isEqualTo("c");
    }

    @Test
    void aMissingProfileIsAnErrorNeverAFallback() throws Exception {
        profiles("{\"default\":\"a\",\"profiles\":{\"a\":{\"endpoint\":\"http://a\"}}}");
        assertThatThrownBy(() -> AcsConfig.resolve(Settings.NONE.withProfile("prod"), env()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'prod'").hasMessageContaining("known profiles: a");
        assertThatThrownBy(() -> AcsConfig.resolve(Settings.NONE, env("ACS_PROFILE", "nope")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ACS_PROFILE");
    }

    @Test
    void aBrokenProfileFileIsAnError() throws Exception {
        profiles("{\"default\":\"a\",\"profiles\":{\"a\":{\"endpoint\":");
        assertThatThrownBy(() -> AcsConfig.resolve(Settings.NONE, env()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("config.json");
    }

    @Test
    void propertiesProfilesWork() throws Exception {
        Files.writeString(home.resolve("config.properties"), "default=prod\nprod.endpoint=http://p:8080\nprod.accessKey=ak\nprod.secretKey=sk\nprod.requestTimeout=30s\n");
        Files.setPosixFilePermissions(home.resolve("config.properties"), PosixFilePermissions.fromString("rw-------"));
        AcsConfig c = AcsConfig.resolve(Settings.NONE, env());
        assertThat(c.endpoint().toString()).isEqualTo("http://p:8080");
        assertThat(c.requestTimeout()).hasSeconds(30);
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void aProfileReadableByOthersGetsAWarning() throws Exception {
        profiles("{\"profiles\":{\"a\":{\"endpoint\":\"http://a\"}}}");
        Files.setPosixFilePermissions(home.resolve("config.json"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(AcsConfig.resolve(Settings.NONE, env()).warnings()).anySatisfy(w -> assertThat(w).contains("chmod 600"));
    }

    @Test
    void writingAProfileIsPrivateAndReadable() throws Exception {
        Path f = Profiles.write(home, "prod", new Settings("http://x:1", "ak", "sk", null, null, null), true);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        Profiles.write(home, "dev", new Settings("http://y:2", "ak2", "sk2", null, null, null), false);
        AcsConfig c = AcsConfig.resolve(Settings.NONE, env());
        assertThat(c.profile()).isEqualTo("prod");
        assertThat(AcsConfig.resolve(Settings.NONE.withProfile("dev"), env()).secretKey().reveal()).isEqualTo("sk2");
    }

    @Test
    void aBadEndpointNamesWhereItCameFrom() {
        assertThatThrownBy(() -> AcsConfig.resolve(Settings.NONE, env("ACS_ENDPOINT", "ftp://x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ACS_ENDPOINT").hasMessageContaining("ftp://x");
    }

    @Test
    void proxyVariablesAreHonouredWithNoProxyExceptions() {
        AcsConfig c = AcsConfig.resolve(Settings.NONE, env("HTTP_PROXY", "http://proxy.local:3128", "NO_PROXY", "localhost,.internal"));
        assertThat(c.proxy().select(java.net.URI.create("http://api.example.com/x")).get(0).address().toString()).contains("proxy.local").contains("3128");
        assertThat(c.proxy().select(java.net.URI.create("http://localhost/x")).get(0)).isEqualTo(java.net.Proxy.NO_PROXY);
        assertThat(c.proxy().select(java.net.URI.create("http://svc.internal/x")).get(0)).isEqualTo(java.net.Proxy.NO_PROXY);
        assertThat(AcsConfig.resolve(Settings.NONE, env()).proxy()).isNull();
    }
}
