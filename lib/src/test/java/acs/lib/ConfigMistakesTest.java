package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.ConfigException;
import acs.config.AcsConfig;
import acs.config.Profiles;
import acs.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README "Configuration": a setting meant for the toolkit that it does not know stops the run when it
 * would be used (the file's own keys, the chosen profile's) and only warns in a profile not used now.
 */
class ConfigMistakesTest {
    @TempDir Path home;

    Path write(String name, String text, String mode) throws Exception {
        Path f = home.resolve(name);
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    AcsConfig resolve(String profile) {
        return AcsConfig.resolve(Settings.NONE.withProfile(profile), Map.of("ACS_HOME", home.toString()));
    }

    @Test
    void aTypoStopsTheProfileThatHoldsItAndOnlyWarnsInTheOthers() throws Exception {
        Path f = write(Profiles.JSON, "{\"defualt\":\"a\",\"profiles\":{"
                + "\"a\":{\"endpoint\":\"http://a:1\",\"accessKey\":\"ak\",\"secretKey\":\"sk\",\"endpiont\":\"http://typo\"},"
                + "\"b\":{\"endpoint\":\"http://b:1\",\"accessKey\":\"ak\",\"secretKey\":\"sk\",\"secretkey\":\"x\"}}}", "rw-------");
        String fileTypo = "key 'defualt' of " + f + " (did you mean default?)";
        String typoA = "key 'endpiont' in profile 'a' of " + f + " (did you mean endpoint?)";
        String typoB = "key 'secretkey' in profile 'b' of " + f + " (did you mean secretKey?)";

        AcsConfig a = resolve("a");
        assertThatThrownBy(a::requireComplete).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("not understood: " + fileTypo + ", " + typoA + "; nothing was sent.");
        assertThat(a.warnings()).containsExactly("unknown " + typoB + " (a profile not used now)");

        AcsConfig b = resolve("b");
        assertThatThrownBy(b::requireComplete).hasMessageStartingWith("not understood: " + fileTypo + ", " + typoB + "; nothing was sent.");
        assertThat(b.warnings()).containsExactly("unknown " + typoA + " (a profile not used now)");
    }

    @Test
    void aCompleteConfigurationIsUsedAsResolved() throws Exception {
        write(Profiles.JSON, "{\"default\":\"a\",\"profiles\":{\"a\":{\"endpoint\":\"http://a:1\",\"accessKey\":\"ak\",\"secretKey\":\"sk\"}}}", "rw-------");
        AcsConfig complete = resolve(null).requireComplete();
        assertThat(complete.endpoint().toString()).isEqualTo("http://a:1");
        assertThat(complete.accessKey()).isEqualTo("ak");
        assertThat(complete.secretKey().reveal()).isEqualTo("sk");
    }

    @Test
    void whatCodeLeftOutIsNamedAsMissingNotAsFound() {
        assertThatThrownBy(() -> AcsConfig.of("http://e:1", null, null).requireComplete()).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("incomplete configuration: found endpoint (from code); missing: the access key");
        assertThatThrownBy(() -> AcsConfig.of(null, "ak", null).requireComplete())
                .hasMessageStartingWith("incomplete configuration: found accessKey (from code); missing: the endpoint");
    }

    @Test
    void aPropertiesFileOthersCanReadIsUsedWithAWarning() throws Exception {
        Path f = write(Profiles.PROPERTIES, "default=p\np.endpoint=http://p:1\n", "rw-r--r--");
        assertThat(Profiles.read(home).warnings()).singleElement().asString().contains("chmod 600 " + f);
        assertThat(Profiles.read(home).profiles().get("p").endpoint()).isEqualTo("http://p:1");
    }
}
