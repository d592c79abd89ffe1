package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.sim.AccessLogEntry;
import acs.sim.CommandFault;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import acs.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CLI in-process against the simulator on loopback: output formats, exit codes, nothing sent on bad input. */
class CliTest {
    static Simulator sim;

    /** A fresh simulator per test: tests change state (one deletes a node). */
    @BeforeEach
    void startSim() {
        sim = Simulator.start(SimConfig.defaults().withCommandDuration(Duration.ofMillis(300)));
    }

    @AfterEach
    void stopSim() {
        sim.close();
    }

    static CliHarness.Result acs(String... args) {
        return CliHarness.runAgainst(sim, args);
    }

    static JsonNode json(CliHarness.Result r) throws Exception {
        assertThat(r.exit()).as(r.toString()).isZero();
        return Json.MAPPER.readTree(r.out());
    }

    static JsonNode documented(String example) throws Exception {
        try (var in = CliTest.class.getResourceAsStream("/examples/" + example)) {
            return Json.MAPPER.readTree(in).get("data");
        }
    }

    List<AccessLogEntry> mutating() {
        return sim.accessLog().stream().filter(e -> !e.method().equals("GET")).toList();
    }

    @Test
    void nodeGetPrintsTheApiOwnJsonAsDocumented() throws Exception {
        assertThat(json(acs("node-get", "610474"))).isEqualTo(documented("node-get.json"));
    }

    @Test
    void tableIsForPeopleAndWideAddsColumns() {
        CliHarness.Result table = acs("node-list", "-o", "table");
        assertThat(table.exit()).isZero();
        List<String> lines = table.out().lines().toList();
        assertThat(lines.get(0)).startsWith("ID").contains("NAME").contains("STATUS").doesNotContain("IMAGE");
        String row = lines.stream().filter(l -> l.startsWith("610474")).findFirst().orElseThrow();
        assertThat(row).contains("正式环境").contains("RUNNING").contains("2/2 running");
        // columns line up although 正式环境 is four wide characters (eight terminal columns)
        int statusCol = lines.get(0).indexOf("STATUS");
        assertThat(Table.displayWidth(row.substring(0, row.indexOf("RUNNING")))).isEqualTo(statusCol);
        assertThat(acs("node-list", "-o", "wide").out().lines().findFirst().orElseThrow()).contains("IMAGE").contains("CREATED");
    }

    @Test
    void yamlCarriesTheSameDataWithStringsKeptStrings() throws Exception {
        CliHarness.Result r = acs("node-get", "610474", "-o", "yaml");
        assertThat(r.exit()).isZero();
        assertThat(new YAMLMapper().readTree(r.out())).isEqualTo(documented("node-get.json"));
        assertThat(r.out()).doesNotStartWith("---");
    }

    @Test
    void queryIsAppliedBeforeOutput() throws Exception {
        assertThat(json(acs("node-list", "--query", "[].id")).toString()).contains("610474").contains("610247");
        CliHarness.Result table = acs("node-list", "--query", "[].{id: id, name: name}", "-o", "table");
        assertThat(table.out().lines().findFirst().orElseThrow()).contains("ID").contains("NAME");
        CliHarness.Result bad = acs("node-list", "--query", "[?status==");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--query");
    }

    @Test
    void deployAndWaitSucceedsWithProgressOnStderr() throws Exception {
        CliHarness.Result r = acs("node-deploy", "610247", "--url", "http://repo.example.com/app-1.2.war", "--method", "sequential", "--wait", "--comment", "v1.2");
        JsonNode cmd = json(r);
        assertThat(cmd.get("status").asText()).isEqualTo("DONE");
        assertThat(cmd.get("result").asText()).isEqualTo("200");
        assertThat(cmd.get("activitys").size()).isGreaterThan(1);
        assertThat(r.err()).contains("PrepareParams").contains("succeeded");
        assertThat(mutating()).singleElement().satisfies(e -> assertThat(e.path()).endsWith("/610247/uploadStart"));
    }

    @Test
    void everyOtherOperationOnce() throws Exception {
        // a version to redeploy
        assertThat(json(acs("node-deploy", "610474", "--url", "http://repo.example.com/app-1.0.war", "--wait")).get("result").asText()).isEqualTo("200");
        assertThat(json(acs("node-redeploy", "610474", "--package-version", "1", "--wait")).get("name").asText()).isEqualTo("node_history_start");
        assertThat(json(acs("node-start", "610474", "--image", "registry.acs.aliyun.com/open/tomcat7", "--tag", "3.0.1", "--wait")).get("name").asText()).isEqualTo("node_start");
        assertThat(json(acs("node-get", "610474")).get("imageName").asText()).isEqualTo("registry.acs.aliyun.com/open/tomcat7:3.0.1");
        assertThat(json(acs("node-stop", "610474", "--yes", "--wait")).get("name").asText()).isEqualTo("node_stop");
        assertThat(json(acs("node-get", "610474")).get("status").asText()).isEqualTo("STOPPED");
        assertThat(json(acs("node-start", "610474", "--wait")).get("status").asText()).isEqualTo("DONE");
        long containerId = json(acs("node-get", "610474")).get("containers").get(0).get("id").asLong();
        assertThat(json(acs("container-stop", Long.toString(containerId), "--yes", "--wait")).get("name").asText()).isEqualTo("container_stop");
        assertThat(json(acs("container-get", Long.toString(containerId))).get("status").asText()).isEqualTo("STOPPED");
        assertThat(json(acs("container-start", Long.toString(containerId), "--wait")).get("name").asText()).isEqualTo("container_start");
        assertThat(json(acs("container-list")).size()).isGreaterThanOrEqualTo(4);
        assertThat(json(acs("service-list")).findValuesAsText("name")).contains("沐剑测试");
        assertThat(json(acs("service-get", "12209")).get("nodes").get(0).get("id").asLong()).isEqualTo(610474);
        assertThat(json(acs("image-list")).get(0).has("ImageModifyTime")).isTrue();
        assertThat(json(acs("host-list")).findValuesAsText("id")).contains("3505", "1745");
        assertThat(json(acs("host-get", "3505")).get("id").asLong()).isEqualTo(3505);
        String id = json(acs("node-deploy", "610474", "--url", "http://repo.example.com/app-1.1.war")).get("commandId").asText();
        assertThat(json(acs("command-get", id)).get("commandId").asText()).isEqualTo(id);
        assertThat(json(acs("command-wait", id)).get("status").asText()).isEqualTo("DONE");
        CliHarness.Result deleted = acs("node-delete", "610474", "--yes", "--wait");
        assertThat(deleted.exit()).as(deleted.toString()).isZero();
        assertThat(acs("node-get", "610474").exit()).isEqualTo(4);
    }

    @Test
    void dryRunPrintsTheRequestAndSendsNothing() {
        CliHarness.Result r = acs("node-deploy", "610474", "--url", "http://repo.example.com/app.war", "--method", "SEQUENTIAL", "--dry-run");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("POST " + sim.endpoint() + "/api/v1/node/610474/uploadStart")
                .contains("method=SEQUENTIAL").contains("Authorization: <redacted>");
        assertThat(acs("node-delete", "610474", "--dry-run").out()).contains("DELETE " + sim.endpoint() + "/api/v1/node/610474?");
        assertThat(sim.accessLog()).as("only reads of the node (is it there?), no change").isNotEmpty()
                .allSatisfy(e -> assertThat(e.method() + " " + e.path()).isEqualTo("GET /api/v1/node/610474"));
    }

    @Test
    void aFailedCommandExits6AndStillPrintsIt() throws Exception {
        sim.faults().onNode(610247, CommandFault.RESULT_FAILED);
        CliHarness.Result r = acs("node-deploy", "610247", "--url", "http://repo.example.com/app.war", "--wait");
        assertThat(r.exit()).as(r.toString()).isEqualTo(6);
        assertThat(Json.MAPPER.readTree(r.out()).get("status").asText()).isEqualTo("DONE");
        assertThat(r.err()).contains("failed");
    }

    @Test
    void aStuckCommandTimesOutWithExit7() {
        sim.faults().onNode(610247, CommandFault.NEVER_FINISHES);
        CliHarness.Result r = acs("node-deploy", "610247", "--url", "http://repo.example.com/app.war", "--wait", "--wait-timeout", "1s");
        assertThat(r.exit()).as(r.toString()).isEqualTo(7);
        assertThat(r.err()).contains("did not finish within 1s").contains("command-get");
    }

    @Test
    void badInputExits2NamingTheParameterWithNothingSent() {
        Stream.of(
                new String[] {"node-deploy", "610474", "--url", "ftp://x/app.war"},
                new String[] {"node-deploy", "0", "--url", "http://x/app.war"},
                new String[] {"node-deploy", "610474", "--url", "http://x/app.war", "--method", "SIDEWAYS"},
                new String[] {"node-redeploy", "610474", "--package-version", " "},
                new String[] {"node-redeploy", "610474", "--package-version", "abc"},
                new String[] {"node-redeploy", "610474"},
                new String[] {"node-start", "610474", "--image", "registry/x"},
                new String[] {"node-get", "abc"},
                new String[] {"command-wait", "x", "--wait-timeout", "soon"},
                new String[] {"node-deploy", "610474"}).forEach(args -> {
            CliHarness.Result r = acs(args);
            assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isEqualTo(2);
            assertThat(r.err()).containsAnyOf("url", "node_id", "method", "version", "imageTag", "NODE_ID", "--wait-timeout", "--url");
        });
        assertThat(sim.accessLog()).isEmpty();
    }

    /** --version is the toolkit's version in every command; the package version is --package-version, and the old spelling says so. */
    @Test
    void theVersionOptionMeansTheToolkitsVersionInNodeRedeployToo() {
        CliHarness.Result own = acs("node-redeploy", "--version");
        assertThat(own.exit()).as(own.toString()).isZero();
        assertThat(own.out()).isEqualTo(acs("node-get", "--version").out());
        CliHarness.Result old = acs("node-redeploy", "610474", "--version", "2");
        assertThat(old.exit()).as(old.toString()).isEqualTo(2);
        assertThat(old.err()).contains("'2': the package version is --package-version 2");
        CliHarness.Result bad = acs("node-redeploy", "610474", "--package-version", "abc");
        assertThat(bad.err()).contains("'abc' is not a package version; versions are 1, 2, 3");
        assertThat(sim.accessLog()).isEmpty();
    }

    /** After node-stop without --wait, the next change meets 1007: the command still running is named, and how to wait for it. */
    @Test
    void aNodeBusyWithACommandThisToolkitStartedHintsCommandWait() throws Exception {
        sim.faults().onNode(610474, CommandFault.NEVER_FINISHES);
        String commandId = json(acs("node-stop", "610474", "--yes")).get("commandId").asText();
        CliHarness.Result r = acs("node-start", "610474");
        assertThat(r.exit()).as(r.toString()).isEqualTo(4);
        assertThat(r.err()).contains("code 1007").contains("acs command-wait " + commandId);
    }

    /** Node 610474 has two containers: --wait's progress tells their StartContainer activities apart. */
    @Test
    void waitProgressTellsTheContainersApart() {
        CliHarness.Result r = acs("node-deploy", "610474", "--url", "http://repo.example.com/a.war", "--wait");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).contains("StartContainer (container 1) / ").contains("StartContainer (container 2) / ");
    }

    @Test
    void aFleetOfOneNodeIsOneNode() {
        CliHarness.Result r = acs("node-deploy", "--service", "11982", "--url", "http://repo.example.com/a.war", "--dry-run");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).contains("1 request would be:").doesNotContain("1 requests").doesNotContain("1 nodes");
    }

    @Test
    void destructiveCommandsRefuseWithoutYesWhenNotOnATerminal() {
        CliHarness.Result r = acs("node-delete", "610474");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--yes");
        assertThat(acs("node-stop", "610474").exit()).isEqualTo(2);
        assertThat(sim.accessLog()).isEmpty();
    }

    @Test
    void aWrongSecretExits3WithAHint() {
        CliHarness.Result r = CliHarness.run("node-list", "--endpoint", sim.endpoint().toString(), "--access-key", sim.accessKey(), "--secret-key", "wrong-secret");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("1004").contains("secret key").contains("warning: a secret key on the command line");
        assertThat(r.err()).doesNotContain("wrong-secret");
    }

    @Test
    void anUnknownNodeExits4() {
        CliHarness.Result r = acs("node-get", "999999");
        assertThat(r.exit()).isEqualTo(4);
        assertThat(r.err()).contains("1005");
    }

    @Test
    void verboseTracesRequestsWithoutTheSecretOrSignature() {
        CliHarness.Result r = acs("node-get", "610474", "--verbose");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("> GET " + sim.endpoint() + "/api/v1/node/610474").contains("Authorization: <redacted>").contains("< HTTP 200");
        assertThat(r.err()).doesNotContain(sim.secretKey());
    }

    @Test
    void unknownStatusesFromTheServerAreShownNotFatal() throws Exception {
        JsonNode node = documented("node-get.json").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("status", "MIGRATING");
        ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("containers").get(0)).put("status", "HIBERNATING");
        String body = "{\"code\":\"0\",\"message\":\"success\",\"data\":" + node + "}";
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            byte[] b = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        try {
            String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
            CliHarness.Result json = CliHarness.run("node-get", "610474", "--endpoint", endpoint, "--access-key", "ak", "--secret-key", "sk");
            assertThat(json.exit()).as(json.toString()).isZero();
            assertThat(Json.MAPPER.readTree(json.out()).get("containers").get(0).get("status").asText()).as("kept verbatim").isEqualTo("HIBERNATING");
            CliHarness.Result table = CliHarness.run("node-get", "610474", "-o", "wide", "--endpoint", endpoint, "--access-key", "ak", "--secret-key", "sk");
            assertThat(table.exit()).as(table.toString()).isZero();
            assertThat(table.out()).contains("MIGRATING").contains("1/2 running");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void helpVersionTyposAndCompletion() {
        CliHarness.Result help = CliHarness.run("node-deploy", "--help");
        assertThat(help.out()).contains("Examples:").contains("--url").contains("--wait").contains("--dry-run");
        assertThat(CliHarness.run("--help").out()).contains("Exit codes:").contains("node-redeploy").contains("completion");
        assertThat(CliHarness.run("--version").out()).startsWith("acs " + acs.client.AcsClient.VERSION);
        CliHarness.Result typo = CliHarness.run("node-lst");
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.err()).contains("Did you mean").contains("node-list");
        assertThat(CliHarness.run("completion").out()).contains("complete").contains("node-deploy").contains("--wait-timeout");
    }

    /** Tab after --method, --status and -o offers their values, as bash completes them from 'source <(acs completion)'. */
    @Test
    void completionOffersTheValuesOfMethodStatusAndOutput() throws Exception {
        Path script = Files.createTempFile("acs-completion", ".bash");
        Files.writeString(script, CliHarness.run("completion").out());
        for (String[] c : new String[][] {{"node-deploy 610474 --method ", "PARALLEL SEQUENTIAL"},
                {"node-stop --status ", "CREATED RUNNING STOPPED DELETING"}, {"node-list -o ", "json yaml table wide"}}) {
            String line = "acs " + c[0];
            Process p = new ProcessBuilder("bash", "-c", "source \"$1\"; COMP_LINE=\"$2\"; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<< \"$2\"; "
                    + "COMP_WORDS+=(''); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _complete_acs; echo \"${COMPREPLY[*]}\"", "bash", script.toString(), line)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();   // compopt: "not currently executing completion function"
            String offered = new String(p.getInputStream().readAllBytes()).trim();
            assertThat(p.waitFor()).isZero();
            assertThat(offered.split(" ")).as(line).containsExactlyInAnyOrder(c[1].split(" "));
        }
    }

    /** Tab after --profile offers the profiles of the config file as it is then (one written after the script was made too). */
    @Test
    void completionOffersTheProfileNamesOfTheConfigFile() throws Exception {
        Path script = Files.createTempFile("acs-completion", ".bash");
        Files.writeString(script, CliHarness.run("completion").out());
        Path home = Files.createTempDirectory("acs-home");
        Files.writeString(home.resolve("config.json"), "{\n  \"default\" : \"prod\",\n  \"profiles\" : {\n    \"prod\" : {\n      \"endpoint\" : \"http://e\"\n"
                + "    },\n    \"staging-2\" : { \"endpoint\" : \"http://s\" }, \"pre_release\":{}\n  }\n}\n");
        for (String[] c : new String[][] {{"node-list --profile ", "prod staging-2 pre_release"}, {"node-deploy 1 --profile st", "staging-2"}}) {
            String line = "acs " + c[0];
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", "source \"$1\"; COMP_LINE=\"$2\"; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<< \"$2\"; "
                    + "[[ \"$2\" == *' ' ]] && COMP_WORDS+=(''); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _complete_acs; echo \"${COMPREPLY[*]}\"",
                    "bash", script.toString(), line).redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("ACS_HOME", home.toString());
            Process p = pb.start();
            String offered = new String(p.getInputStream().readAllBytes()).trim();
            assertThat(p.waitFor()).isZero();
            assertThat(offered.split(" ")).as(line).containsExactlyInAnyOrder(c[1].split(" "));
        }
    }
}
