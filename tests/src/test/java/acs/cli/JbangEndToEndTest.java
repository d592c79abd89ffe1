package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.client.AcsClient;
import acs.sim.CommandFault;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import acs.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real scripts, run as a user runs them: {@code ./jbang ...} in a separate process, against
 * the simulator on loopback (or the embedded default), and from a catalog served over HTTP.
 */
@Tag("child-process")
class JbangEndToEndTest {
    static final Path REPO = Path.of(System.getProperty("acs.repo", "..")).toAbsolutePath().normalize();
    static Simulator sim;
    @TempDir static Path home;

    record Run(int exit, String out, String err) {
        @Override public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    @BeforeAll
    static void start() {
        sim = Simulator.start(SimConfig.defaults().withCommandDuration(Duration.ofMillis(400)));
        // package version 1 of 610474, which NodeRedeploy's case redeploys, exists whichever case runs first
        sim.client().waitFor(sim.client().uploadStart(610474, acs.UploadStart.of("http://repo.example.com/v1.war")));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static Map<String, String> simEnv() {
        return Map.of("ACS_ENDPOINT", sim.endpoint().toString(), "ACS_ACCESS_KEY", sim.accessKey(), "ACS_SECRET_KEY", sim.secretKey());
    }

    static Run jbang(Map<String, String> env, String... args) throws Exception {
        return jbangWithInput(env, null, args);
    }

    static Run jbangWithInput(Map<String, String> env, String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(REPO.resolve("jbang").toString());
        cmd.addAll(List.of(args));
        return exec(env, stdin, cmd);
    }

    static Run exec(Map<String, String> env, String stdin, List<String> cmd) throws Exception {
        Proc p = Proc.run(home, REPO, env, stdin, cmd);
        return new Run(p.exit(), p.out(), p.err());
    }

    @Test
    void theReadmeFirstCommandListsTheDemoNodesOnTheEmbeddedSimulator() throws Exception {
        Run r = jbang(Map.of(), "acs", "node-list");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(Json.MAPPER.readTree(r.out()).findValuesAsText("name")).contains("正式环境", "预发");
        assertThat(r.err()).contains("embedded simulator");
    }

    @Test
    void theEmbeddedSimulatorKeepsStateBetweenRuns() throws Exception {
        Run deploy = jbang(Map.of(), "acs", "node-deploy", "610247", "--url", "http://repo.example.com/app-2.0.war");
        assertThat(deploy.exit()).as(deploy.toString()).isZero();
        String id = Json.MAPPER.readTree(deploy.out()).get("commandId").asText();
        Run wait = jbang(Map.of(), "acs", "command-wait", id, "-o", "table");
        assertThat(wait.exit()).as(wait.toString()).isZero();
        assertThat(wait.out()).contains(id).contains("DONE").contains("200");
    }

    static Stream<Arguments> standaloneScripts() {
        return Stream.of(
                Arguments.of("NodeList.java", List.of(), "610474"),
                Arguments.of("NodeGet.java", List.of("610474"), "正式环境"),
                Arguments.of("NodeDeploy.java", List.of("610474", "--url", "http://repo.example.com/a.war", "--wait"), "\"200\""),
                Arguments.of("NodeRedeploy.java", List.of("610474", "--package-version", "1", "--wait"), "node_history_start"),
                Arguments.of("NodeStart.java", List.of("610474", "--wait"), "node_start"),
                Arguments.of("NodeStop.java", List.of("610474", "--yes", "--wait"), "node_stop"),
                Arguments.of("ContainerList.java", List.of(), "16636"),
                Arguments.of("ContainerGet.java", List.of("16237"), "16237"),
                Arguments.of("ContainerStop.java", List.of("16237", "--yes", "--wait"), "container_stop"),
                Arguments.of("ContainerStart.java", List.of("16237", "--wait"), "container_start"),
                Arguments.of("ServiceList.java", List.of("-o", "table"), "沐剑测试"),
                Arguments.of("ServiceGet.java", List.of("12209", "--query", "nodes[0].id"), "610474"),
                Arguments.of("ImageList.java", List.of(), "ImageModifyTime"),
                Arguments.of("HostList.java", List.of("-o", "yaml"), "3505"),
                Arguments.of("HostGet.java", List.of("1745"), "1745"),
                Arguments.of("NodeDelete.java", List.of("610247", "--dry-run"), "DELETE " + "http://127.0.0.1"));
    }

    @ParameterizedTest(name = "./jbang scripts/{0} {1}")
    @MethodSource("standaloneScripts")
    void everyOperationRunsAsItsOwnScript(String script, List<String> args, String expected) throws Exception {
        List<String> all = new ArrayList<>(List.of("scripts/" + script));
        all.addAll(args);
        Run r = jbang(simEnv(), all.toArray(String[]::new));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains(expected);
    }

    @Test
    void commandGetAndWaitScripts() throws Exception {
        String id = sim.client().uploadStart(610247, acs.UploadStart.of("http://repo.example.com/b.war")).commandId();
        Run get = jbang(simEnv(), "scripts/CommandGet.java", id);
        assertThat(get.exit()).as(get.toString()).isZero();
        assertThat(get.out()).contains(id);
        Run wait = jbang(simEnv(), "scripts/CommandWait.java", id);
        assertThat(wait.exit()).as(wait.toString()).isZero();
        assertThat(Json.MAPPER.readTree(wait.out()).get("status").asText()).isEqualTo("DONE");
    }

    @Test
    void exitCodesSurviveTheJbangLauncher() throws Exception {
        sim.faults().onNode(610247, CommandFault.RESULT_FAILED);
        try {
            assertThat(jbang(simEnv(), "acs", "node-deploy", "610247", "--url", "http://repo.example.com/c.war", "--wait").exit()).isEqualTo(6);
        } finally {
            sim.faults().clear();
        }
        Run bad = jbang(simEnv(), "acs", "node-deploy", "610247", "--url", "nope");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("url");
        Map<String, String> wrong = new HashMap<>(simEnv());
        wrong.put("ACS_SECRET_KEY", "not-the-secret");
        assertThat(jbang(wrong, "acs", "node-list").exit()).isEqualTo(3);
        Map<String, String> missingProfile = new HashMap<>();
        missingProfile.put("ACS_PROFILE", "prod");
        Run noProfile = jbang(missingProfile, "acs", "node-list");
        assertThat(noProfile.exit()).as("a configured profile that is missing is an error, never a fallback").isEqualTo(3);
        assertThat(noProfile.err()).contains("prod").doesNotContain("embedded");
    }

    @Test
    void theDirectLauncherRunsCommandsWithItsClassArchiveAndKeepsExitCodes() throws Exception {
        Path dir = home.resolve("launcher");
        Run install = jbang(Map.of(), "acs", "install", "--dir", dir.toString(), "--java", System.getProperty("java.home"));
        assertThat(install.exit()).as(install.toString()).isZero();
        assertThat(Files.exists(dir.resolve("acs.d/acs.jsa")) || Files.exists(dir.resolve("acs.d/acs.aot"))).as("a trained class archive: " + install).isTrue();
        String acs = dir.resolve("acs").toString();
        Run get = exec(simEnv(), null, List.of(acs, "node-get", "610474", "-o", "json"));
        assertThat(get.exit()).as(get.toString()).isZero();
        assertThat(Json.MAPPER.readTree(get.out()).get("name").asText()).isEqualTo("正式环境");
        Run missing = exec(simEnv(), null, List.of(acs, "node-get", "999"));
        assertThat(missing.exit()).as(missing.toString()).isEqualTo(4);
        assertThat(missing.err()).contains("1005");
    }

    @Test
    void theSimCommandStartsAndAnswersASignedRequest() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(REPO.resolve("jbang").toString(), "acs", "sim", "--port", "0", "--quiet").directory(REPO.toFile());
        pb.environment().put("ACS_HOME", home.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String url = null, line;
            List<String> seen = new ArrayList<>();
            while (url == null && (line = r.readLine()) != null) {
                seen.add(line);
                if (line.startsWith("ACS simulator listening on ")) url = line.substring("ACS simulator listening on ".length()).trim();
            }
            assertThat(url).as(String.join("\n", seen)).isNotNull();
            String akLine = r.readLine(), skLine = r.readLine();
            assertThat(akLine).contains("t9xuit3pt202ou09");
            assertThat(skLine).contains("secretKey123").contains("demo");
            assertThat(AcsClient.create(url, "t9xuit3pt202ou09", "secretKey123").nodes()).extracting(n -> n.id()).contains(610474L);
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theCatalogWorksWhenServedOverHttp() throws Exception {
        HttpServer files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        files.createContext("/", ex -> {
            Path f = REPO.resolve(ex.getRequestURI().getPath().substring(1)).normalize();
            if (!f.startsWith(REPO) || !Files.isRegularFile(f)) {
                ex.sendResponseHeaders(404, -1);
            } else {
                byte[] b = Files.readAllBytes(f);
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
            }
            ex.close();
        });
        files.start();
        try {
            String catalog = "http://127.0.0.1:" + files.getAddress().getPort() + "/jbang-catalog.json";
            Run list = jbang(simEnv(), "--fresh", "acs@" + catalog, "node-list", "-o", "table");
            assertThat(list.exit()).as(list.toString()).isZero();
            assertThat(list.out()).contains("610474").contains("正式环境");
            Run get = jbang(simEnv(), "--fresh", "node-get@" + catalog, "610247", "--query", "name");
            assertThat(get.exit()).as(get.toString()).isZero();
            assertThat(get.out().trim()).isEqualTo("\"预发\"");
        } finally {
            files.stop(0);
        }
    }

    @Test
    void theShellHasTheToolkitImportedAndAClientNamedAcs() throws Exception {
        Run r = jbangWithInput(simEnv(), "acs.node(610474).name()\nacs.waitFor(acs.uploadStart(610247, UploadStart.of(\"http://repo.example.com/s.war\"))).status()\n/exit\n",
                "acs", "shell");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("\"正式环境\"").contains("DONE");
        assertThat(r.out() + r.err()).doesNotContain("Error:");
    }

    @Test
    void aDslExampleRunsOnTheEmbeddedSimulator() throws Exception {
        Run r = jbang(Map.of(), "acs", "run", "dsl/examples/deploy-one.groovy", "-Pnode=610247");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).contains("embedded simulator").contains("预发: RUNNING");
        Run help = jbang(Map.of(), "scripts/Run.java", "--help");
        assertThat(help.exit()).as(help.toString()).isZero();
        assertThat(help.out()).contains("--rehearse").contains("--dry-run");
    }

    @Test
    void jbangVersionWorks() throws Exception {
        Run r = jbang(Map.of(), "--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out() + r.err()).contains("0.132.1");
    }
}
