package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.ConfigException;
import acs.Durations;
import acs.InvalidInputException;
import acs.config.AcsHome;
import acs.config.Profiles;
import acs.config.Settings;
import acs.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profile file as README "Configuration" describes it: written privately, read back, its mistakes named. */
class ProfilesTest {
    @TempDir Path home;

    Path file(String name, String text) throws Exception {
        Path f = home.resolve(name);
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    @Test
    void theHomeIsAcsHomeElseHomeDotAcsElseTheAccountsHome() {
        assertThat(AcsHome.of(Map.of("ACS_HOME", "/x/acs", "HOME", "/h"))).isEqualTo(Path.of("/x/acs"));
        assertThat(AcsHome.of(Map.of("ACS_HOME", " ", "HOME", "/h"))).isEqualTo(Path.of("/h/.acs"));
        assertThat(AcsHome.of(Map.of("HOME", "/h"))).isEqualTo(Path.of("/h/.acs"));
        assertThat(AcsHome.of(Map.of())).isEqualTo(Path.of(System.getProperty("user.home"), ".acs"));
    }

    @Test
    void theFirstProfileWrittenIsTheDefaultUntilAnotherIsMadeIt() throws Exception {
        Path f = Profiles.write(home, "prod", Settings.NONE.withEndpoint("http://prod").withAccessKey("ak").withSecretKey("sk"), false);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        Profiles.write(home, "test", Settings.NONE.withEndpoint("http://test"), false);
        Profiles read = Profiles.read(home);
        assertThat(read.defaultName()).isEqualTo("prod");
        assertThat(read.profiles()).containsOnlyKeys("prod", "test");
        assertThat(read.profiles().get("prod").secretKey()).isEqualTo("sk");
        assertThat(read.profiles().get("test").accessKey()).isNull();
        assertThat(read.warnings()).isEmpty();
        assertThat(read.unknownKeys()).isEmpty();
        Profiles.write(home, "test", Settings.NONE.withEndpoint("http://test2"), true);
        read = Profiles.read(home);
        assertThat(read.defaultName()).isEqualTo("test");
        assertThat(read.profiles().get("test").endpoint()).isEqualTo("http://test2");
        assertThat(read.file()).isEqualTo(f);
    }

    @Test
    void timeoutsAreWrittenAsPeopleWriteThemAndReadBackTheSame() throws Exception {
        Settings s = Settings.NONE.withEndpoint("http://e").withConnectTimeout(Duration.ofMillis(1500)).withRequestTimeout(Duration.ofMinutes(2));
        Profiles.write(home, "p", s, true);
        JsonNode p = Json.MAPPER.readTree(home.resolve(Profiles.JSON).toFile()).path("profiles").path("p");
        assertThat(p.path("connectTimeout").asText()).isEqualTo("1500ms");
        assertThat(p.path("requestTimeout").asText()).isEqualTo("2m");
        Settings back = Profiles.read(home).profiles().get("p");
        assertThat(back.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(back.requestTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(p.has("accessKey")).as("what was not given is not written").isFalse();
    }

    @Test
    void durationsFormatInTheLargestWholeUnit() {
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Durations.format(Duration.ofHours(3))).isEqualTo("3h");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        for (String text : new String[] {"1500ms", "30s", "90s", "2m", "90m", "3h"}) {
            assertThat(Durations.format(Durations.parse("t", text))).isEqualTo(text);
        }
        assertThat(Durations.positive("timeout", "45s")).isEqualTo(Duration.ofSeconds(45));
        assertThatThrownBy(() -> Durations.positive("timeout", "0s")).isInstanceOf(InvalidInputException.class)
                .hasMessage("timeout: '0s' must be more than zero; expected e.g. 30s");
    }

    @Test
    void aProfileNameIsLettersDigitsUnderscoreOrDash() {
        for (String bad : new String[] {"", "a b", "a/b", "x".repeat(65)}) {
            assertThatThrownBy(() -> Profiles.write(home, bad, Settings.NONE, false)).as(bad).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("is not a profile name; use letters, digits, _ or -");
        }
        assertThatThrownBy(() -> Profiles.write(home, null, Settings.NONE, false)).isInstanceOf(InvalidInputException.class);
        assertThat(Profiles.write(home, "x".repeat(64), Settings.NONE, false)).exists();
        assertThat(Profiles.write(home, "Prod_2-b", Settings.NONE, false)).exists();
    }

    @Test
    void aBrokenFileIsKeptUnlessReplacingItAndThenMovedAsideNotLost() throws Exception {
        Path f = file(Profiles.JSON, "{\"profiles\": [1]}");
        assertThatThrownBy(() -> Profiles.write(home, "p", Settings.NONE.withEndpoint("http://e"), false)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("nothing written").hasMessageContaining("acs configure --force");
        assertThat(Files.readString(f)).isEqualTo("{\"profiles\": [1]}");
        Profiles.write(home, "p", Settings.NONE.withEndpoint("http://e"), false, true);
        assertThat(Profiles.read(home).profiles().get("p").endpoint()).isEqualTo("http://e");
        try (Stream<Path> aside = Files.list(home).filter(x -> x.getFileName().toString().startsWith("config.json.broken-"))) {
            assertThat(aside.toList()).singleElement().satisfies(b -> {
                assertThat(Files.readString(b)).isEqualTo("{\"profiles\": [1]}");
                assertThat(b.getFileName().toString()).as("named with a time a person reads").matches("config\\.json\\.broken-\\d{8}-\\d{6}Z");
            });
        }
        file(Profiles.JSON, "not json at all");
        assertThatThrownBy(() -> Profiles.write(home, "q", Settings.NONE, false)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot read " + f).hasMessageContaining("(line 1, column ")
                .hasMessageNotContaining("StreamReadFeature").hasMessageNotContaining("[Source:");
    }

    @Test
    void mistakesInTheJsonFileAreNamed() throws Exception {
        file(Profiles.JSON, "{\"defualt\":\"p\",\"profiles\":{\"p\":{\"endpiont\":\"http://e\",\"accessKey\":\"ak\"}}}");
        Profiles p = Profiles.read(home);
        assertThat(p.unknownKeys()).containsExactly(
                "key 'defualt' of " + home.resolve(Profiles.JSON) + " (did you mean default?)",
                "key 'endpiont' in profile 'p' of " + home.resolve(Profiles.JSON) + " (did you mean endpoint?)");
        assertThat(p.defaultName()).isNull();
        file(Profiles.JSON, "{\"profiles\":\"p\"}");
        assertThatThrownBy(() -> Profiles.read(home)).isInstanceOf(ConfigException.class).hasMessageContaining("\"profiles\" must be an object of named profiles");
        file(Profiles.JSON, "{\"profiles\":{\"p\":\"http://e\"}}");
        assertThatThrownBy(() -> Profiles.read(home)).isInstanceOf(ConfigException.class).hasMessageContaining("profile 'p' must be an object");
        file(Profiles.JSON, "[]");
        assertThatThrownBy(() -> Profiles.read(home)).isInstanceOf(ConfigException.class).hasMessageContaining("is not a JSON object");
        file(Profiles.JSON, "{\"profiles\":{\"p\":{\"requestTimeout\":\"soon\"}}}");
        assertThatThrownBy(() -> Profiles.read(home)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(home.resolve(Profiles.JSON) + ": profile 'p': requestTimeout: 'soon' is not a duration");
        file(Profiles.JSON, "{\"profiles\":{\"p\":{\"endpoint\":null}}}");
        assertThat(Profiles.read(home).profiles().get("p").endpoint()).as("null is unset").isNull();
        file(Profiles.JSON, "{\"profiles\":");
        assertThatThrownBy(() -> Profiles.read(home)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot read profile file " + home.resolve(Profiles.JSON)).hasMessageContaining("acs configure --force")
                .hasMessageContaining("(line 1, column ").hasMessageNotContaining("StreamReadFeature").hasMessageNotContaining("[Source:");
    }

    @Test
    void aPropertiesFileWorksAndItsStrayKeysAreNamed() throws Exception {
        Path f = file(Profiles.PROPERTIES, "default = prod\nprod.endpoint=http://prod\nprod.requestTimeout=30s\nstray=1\n.endpoint=x\nprod.colour=red\n");
        Profiles p = Profiles.read(home);
        assertThat(p.file()).isEqualTo(f);
        assertThat(p.defaultName()).isEqualTo("prod");
        assertThat(p.profiles().get("prod").endpoint()).isEqualTo("http://prod");
        assertThat(p.profiles().get("prod").requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.profiles().get("prod").profile()).isEqualTo("prod");
        assertThat(p.unknownKeys()).containsExactlyInAnyOrder(
                "key '.endpoint' of " + f + " (expected default=NAME or NAME.endpoint=…)",
                "key 'stray' of " + f + " (expected default=NAME or NAME.endpoint=…)",
                "key 'colour' in profile 'prod' of " + f);
        file(Profiles.JSON, "{\"profiles\":{}}");
        assertThat(Profiles.read(home).warnings()).contains("both " + home.resolve(Profiles.JSON) + " and " + f + " exist; using "
                + home.resolve(Profiles.JSON));
        assertThat(Profiles.read(home.resolve("none")).profiles()).isEmpty();
        assertThat(Profiles.read(home.resolve("none")).file()).isNull();
    }

    @Test
    void aFileOthersCanReadIsUsedWithAWarning() throws Exception {
        Path f = file(Profiles.JSON, "{\"profiles\":{}}");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        assertThat(Profiles.read(home).warnings()).singleElement().asString().contains("readable by other users (mode rw-r-----)")
                .contains("chmod 600 " + f);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw----r--"));
        assertThat(Profiles.read(home).warnings()).hasSize(1);
    }
}
