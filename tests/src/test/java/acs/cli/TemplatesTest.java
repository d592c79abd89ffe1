package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.reliability.ChildCli;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog's templates: {@code jbang init -t acs-script} / {@code -t acs-dsl} in a folder outside
 * the repository write a script that runs as written, against the embedded simulator. JBang gets a
 * fresh home of its own (JBANG_DIR), as on a machine that never ran it.
 */
@Tag("child-process")
class TemplatesTest {
    @TempDir static Path tmp;

    private static Map<String, String> jbangEnv() {
        return Map.of("JBANG_DIR", tmp.resolve("jbang-home").toString());
    }

    private static Proc jbang(Path home, Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Proc.REPO.resolve("jbang").toString()));
        cmd.addAll(List.of(args));
        return Proc.run(home, dir, jbangEnv(), null, cmd);
    }

    @Test void aJavaScriptFromTheTemplateReadsDeploysWaitsAndReports() throws Exception {
        Path home = tmp.resolve("home-java");
        Path work = Files.createDirectories(tmp.resolve("work-java"));
        Proc init = jbang(home, work, "init", "-t", "acs-script", "myops.java");
        assertThat(init.exit()).as(init.toString()).isZero();
        String source = Files.readString(work.resolve("myops.java"));
        assertThat(source).contains("public class myops").contains("//SOURCES acs-lib@" + Proc.REPO.resolve("jbang-catalog.json"));

        Proc run = jbang(home, work, "myops.java", "http://repo.example.com/mine-7.war");
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.err()).contains("using the embedded simulator");
        assertThat(run.out()).contains("610474").contains("正式环境")
                .containsPattern("deployed http://repo.example.com/mine-7.war to node \\d+ .*: command \\S+ DONE, node RUNNING");
        // The deploy went to the simulator the toolkit embeds, which keeps its state in ACS_HOME.
        assertThat(Files.readString(home.resolve("sim-state.json"))).contains("http://repo.example.com/mine-7.war");
    }

    @Test void aDslScriptFromTheTemplateRunsWithAcsRun() throws Exception {
        Path home = tmp.resolve("home-dsl");
        Path work = Files.createDirectories(tmp.resolve("work-dsl"));
        Proc init = jbang(home, work, "init", "--template=acs-dsl", "ops.groovy");
        assertThat(init.exit()).as(init.toString()).isZero();
        Path script = work.resolve("ops.groovy");
        assertThat(script).exists();

        ChildCli acs = new ChildCli(home, Map.of());
        ChildCli.Result r = acs.run("Acs", "run", script.toString(), "-Purl=http://repo.example.com/ops-9.war");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).contains("rollout: 1 succeeded, 0 failed").contains("正式环境: RUNNING");
        assertThat(Files.readString(home.resolve("sim-state.json"))).contains("http://repo.example.com/ops-9.war");
    }

    /** The repository served over HTTP, as a team would serve its clone: plain GETs of its files. */
    private static HttpServer serveRepository() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            Path file = Proc.REPO.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            boolean ok = file.startsWith(Proc.REPO) && Files.isRegularFile(file);
            byte[] body = ok ? Files.readAllBytes(file) : new byte[0];
            exchange.sendResponseHeaders(ok ? 200 : 404, body.length == 0 ? -1 : body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    @Test void aJavaScriptFromACatalogServedOverHttpNamesThatCatalogAndRuns() throws Exception {
        Path home = tmp.resolve("home-http");
        Path work = Files.createDirectories(tmp.resolve("work-http"));
        Map<String, String> env = Map.of("JBANG_DIR", tmp.resolve("jbang-home-http").toString());
        HttpServer server = serveRepository();
        try {
            String site = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            String catalog = site + "jbang-catalog.json";
            List<String> jbang = List.of(Proc.REPO.resolve("jbang").toString());
            assertThat(Proc.run(home, work, env, null, concat(jbang, "trust", "add", site)).exit()).isZero();

            // The template from that catalog: the script's //SOURCES line names the same catalog.
            Proc init = Proc.run(home, work, env, null, concat(jbang, "init", "-t", "acs-script@" + catalog, "myops.java"));
            assertThat(init.exit()).as(init.toString()).isZero();
            assertThat(Files.readString(work.resolve("myops.java"))).contains("//SOURCES acs-lib@" + catalog + "\n");
            Proc run = Proc.run(home, work, env, null, concat(jbang, "myops.java", "http://repo.example.com/served-3.war"));
            assertThat(run.exit()).as(run.toString()).isZero();
            assertThat(run.out()).containsPattern("deployed http://repo.example.com/served-3.war to node \\d+ .*: command \\S+ DONE");

            // Or named once: the default line (acs-lib@acs) then resolves, and says how when it does not.
            Proc add = Proc.run(home, work, env, null, concat(jbang, "catalog", "add", "--name", "acs", catalog));
            assertThat(add.exit()).as(add.toString()).isZero();
            Proc named = Proc.run(home, work, env, null, concat(jbang, "init", "-t", "acs-script@acs", "named.java"));
            assertThat(named.exit()).as(named.toString()).isZero();
            assertThat(Files.readString(work.resolve("named.java"))).contains("//SOURCES acs-lib@acs\n")
                    .contains("jbang catalog add --name acs");
            Proc info = Proc.run(home, work, env, null, concat(jbang, "info", "tools", "named.java"));
            assertThat(info.exit()).as(info.toString()).isZero();
            assertThat(info.out()).contains("AcsClient.java");
        } finally {
            server.stop(0);
        }
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }
}
