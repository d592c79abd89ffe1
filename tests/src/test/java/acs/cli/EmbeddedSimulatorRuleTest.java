package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.sim.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded simulator only when nothing is configured; anything partial is exit 3 naming what was found where. */
@Tag("child-process")
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

    /** A complete setup on a simulator that records whether anything reached it. */
    ChildAcs.Result againstSimulator(Simulator sim, String... envAndArgs) throws Exception {
        int split = java.util.Arrays.asList(envAndArgs).indexOf("--");
        ChildAcs acs = new ChildAcs(home).env("ACS_ENDPOINT", sim.endpoint().toString(), "ACS_ACCESS_KEY", sim.accessKey(),
                "ACS_SECRET_KEY", sim.secretKey()).env(java.util.Arrays.copyOfRange(envAndArgs, 0, split));
        return acs.run(java.util.Arrays.copyOfRange(envAndArgs, split + 1, envAndArgs.length));
    }

    @Test
    void aMisspeltVariableBesideACompleteSetupStopsTheRunBeforeAnythingIsSent() throws Exception {
        try (Simulator sim = Simulator.start()) {
            ChildAcs.Result r = againstSimulator(sim, "ACS_PROFLE", "prod", "--", "node-stop", "610474", "--yes");
            assertThat(r.exit()).as(r.toString()).isEqualTo(3);
            assertThat(r.err()).contains("not understood: variable ACS_PROFLE (did you mean ACS_PROFILE?)").contains("Rename or remove it");
            assertThat(sim.accessLog()).as("nothing sent").isEmpty();
        }
    }

    @Test
    void aMisspeltKeyInTheSelectedProfileStopsTheRunAnotherProfilesOnlyWarns() throws Exception {
        try (Simulator sim = Simulator.start()) {
            String prod = "{\"endpoint\":\"" + sim.endpoint() + "\",\"accessKey\":\"" + sim.accessKey() + "\",\"secretKey\":\""
                    + sim.secretKey() + "\"";
            profiles("{\"default\":\"prod\",\"profiles\":{\"prod\":" + prod + ",\"requestTimout\":\"30s\"},"
                    + "\"dev\":{\"endpoint\":\"http://dev\",\"acessKey\":\"x\"}}}");
            ChildAcs.Result r = new ChildAcs(home).run("node-list");
            assertThat(r.exit()).as(r.toString()).isEqualTo(3);
            assertThat(r.err()).contains("key 'requestTimout' in profile 'prod' of " + home.resolve("config.json"))
                    .contains("did you mean requestTimeout?");
            assertThat(sim.accessLog()).as("nothing sent").isEmpty();

            profiles("{\"default\":\"prod\",\"profiles\":{\"prod\":" + prod + "},\"dev\":{\"endpoint\":\"http://dev\",\"acessKey\":\"x\"}}}");
            ChildAcs.Result other = new ChildAcs(home).run("node-list");
            assertThat(other.exit()).as(other.toString()).isZero();
            assertThat(other.err()).contains("warning: unknown key 'acessKey' in profile 'dev'").contains("did you mean accessKey?")
                    .contains("a profile not used now");
        }
    }

    @Test
    void theVariablesOfTheLauncherAndTheWrapperAreNotTypos() throws Exception {
        try (Simulator sim = Simulator.start()) {
            ChildAcs.Result r = againstSimulator(sim, "ACS_SIM_SECRET_KEY", "s", "ACS_JAVA_OPTS", "-Xss1m", "ACS_JBANG_NO_PATH", "1",
                    "ACS_JBANG_CDS", "0", "ACS_JBANG_FAST", "1", "ACS_MAVEN_URL", "https://repo1.maven.org/maven2", "ACS_NO_UPDATE_CHECK", "1",
                    "--", "node-list");
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.err()).doesNotContain("warning").doesNotContain("not understood");
        }
    }

    @Test
    void nothingConfiguredUsesTheDemoAndSaysSoBeforeAChange() throws Exception {
        ChildAcs.Result r = new ChildAcs(home).run("node-deploy", "610247", "--url", "http://repo.example.com/a.war");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).contains("using the embedded simulator").contains("not on a real service");
        assertThat(r.out()).contains("commandId");
    }

    @Test
    void readsAndHelpGoWithoutTheNoticeAndADryRunNamesTheSimulatorNotItsPort() throws Exception {
        ChildAcs acs = new ChildAcs(home);
        for (String[] read : new String[][] {{"node-list", "-o", "table"}, {"node-get", "610474"}, {"node-deploy", "--help"}}) {
            ChildAcs.Result r = acs.run(read);
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.err()).as(String.join(" ", read)).doesNotContain("embedded simulator");
        }
        ChildAcs.Result dry = acs.run("node-deploy", "610474", "610247", "--url", "http://repo.example.com/a.war", "--dry-run");
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.err()).as("a change is shown: the notice comes once").containsOnlyOnce("using the embedded simulator");
        assertThat(dry.out()).contains("POST http://embedded-simulator/api/v1/node/610474/uploadStart").doesNotContain("127.0.0.1");
        ChildAcs.Result one = acs.run("node-stop", "610474", "--dry-run", "--yes");
        assertThat(one.out()).as(one.toString()).startsWith("POST http://embedded-simulator/api/v1/node/610474/stop");
    }
}
