package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded simulator only when nothing is configured; anything partial is exit 3 naming what was found where. */
class EmbeddedSimulatorRuleTest {
    @TempDir Path home;

    void profiles(String json) throws Exception {
        Files.writeString(home.resolve("config.json"), json);
        Files.setPosixFilePermissions(home.resolve("config.json"), PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void keysWithAMisspeltEndpointVariableDeployNowhere() throws Exception {
        ChildAcs.Result r = new ChildAcs(home).env("ACS_ACCESS_KEY", "ak", "ACS_SECRET_KEY", "sk", "ACS_ENDPIONT", "http://127.0.0.1:9")
                .run("node-deploy", "--all", "--url", "http://repo.example.com/a.war");
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).contains("ACS_ENDPIONT").contains("did you mean ACS_ENDPOINT?")
                .contains("accessKey (from ACS_ACCESS_KEY)").contains("secretKey (from ACS_SECRET_KEY)")
                .contains("missing: the endpoint").doesNotContain("using the embedded simulator").doesNotContain("sk,");
        assertThat(home.resolve("sim-state.json")).as("the simulator never started").doesNotExist();
    }

    @Test
    void aMisspeltVariableAloneIsNotNothing() throws Exception {
        ChildAcs.Result r = new ChildAcs(home).env("ACS_SECRT_KEY", "sk").run("node-list");
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).contains("ACS_SECRT_KEY (did you mean ACS_SECRET_KEY?)");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aSelectedProfileWithoutEndpointIsAnErrorNamingTheProfileAndFile() throws Exception {
        profiles("{\"default\":\"prod\",\"profiles\":{\"prod\":{\"endpiont\":\"http://x\",\"accessKey\":\"ak\",\"secretKey\":\"sk\"}}}");
        ChildAcs.Result r = new ChildAcs(home).run("node-stop", "610474", "--yes");
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).contains("profile (from the 'default' of " + home.resolve("config.json"))
                .contains("accessKey (from profile 'prod' of " + home.resolve("config.json"))
                .contains("key 'endpiont' in profile 'prod'").contains("did you mean endpoint?")
                .contains("missing: the endpoint");
        assertThat(home.resolve("sim-state.json")).doesNotExist();
    }

    @Test
    void severalProfilesAndNoneChosenIsNotNothing() throws Exception {
        profiles("{\"profiles\":{\"a\":{\"endpoint\":\"http://a\"},\"b\":{\"endpoint\":\"http://b\"}}}");
        ChildAcs.Result r = new ChildAcs(home).run("node-list");
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).contains("profiles a, b, none chosen").contains("--profile NAME");
    }

    @Test
    void nothingConfiguredUsesTheDemoAndSaysSoBeforeAChange() throws Exception {
        ChildAcs.Result r = new ChildAcs(home).run("node-deploy", "610247", "--url", "http://repo.example.com/a.war");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).contains("using the embedded simulator").contains("not on a real service");
        assertThat(r.out()).contains("commandId");
    }
}
