package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The JBang front door is consistent: every source file is in its layer's manifest (JBang would
 * not compile it otherwise), //DEPS use the pom's versions, and every catalog alias is a script
 * whose command has the alias's name and is also a subcommand of {@code acs}.
 */
class CatalogAndSourcesTest {
    static final Path REPO = JbangEndToEndTest.REPO;

    static Set<String> listed(Path manifest) throws Exception {
        Set<String> out = new TreeSet<>();
        for (String line : Files.readAllLines(manifest)) {
            if (line.startsWith("//SOURCES ")) out.add(manifest.getParent().resolve(line.substring(10).trim()).normalize().toString());
        }
        return out;
    }

    static Set<String> javaFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".java")).map(p -> p.normalize().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void everyLayerManifestListsExactlyItsSources() throws Exception {
        String hint = " — run build/update-jbang-sources and commit";
        for (String layer : List.of("lib", "sim", "pg", "dsl")) {
            Path manifest = REPO.resolve(layer).resolve(Character.toUpperCase(layer.charAt(0)) + layer.substring(1) + "Sources.java");
            Set<String> own = new TreeSet<>(listed(manifest));
            own.removeIf(p -> p.endsWith("Sources.java"));
            assertThat(own).as(manifest + hint).isEqualTo(javaFiles(REPO.resolve(layer + "/src/main/java")));
        }
        Path cli = REPO.resolve("scripts/acs/cli/CliSources.java");
        Set<String> own = new TreeSet<>(listed(cli));
        own.removeIf(p -> p.endsWith("Sources.java"));
        Set<String> files = javaFiles(REPO.resolve("scripts/acs/cli"));
        files.remove(cli.normalize().toString());
        assertThat(own).as(cli + hint).isEqualTo(files);
    }

    @Test
    void depsUseThePomVersions() throws Exception {
        String pom = Files.readString(REPO.resolve("pom.xml"));
        Pattern dep = Pattern.compile("//DEPS ([^:\\s]+):([^:\\s]+):(\\S+)");
        List<String> checked = new ArrayList<>();
        try (Stream<Path> s = Stream.of("lib", "sim", "pg", "dsl", "scripts").flatMap(CatalogAndSourcesTest::walk)
                .filter(p -> p.toString().endsWith(".java") && !p.toString().contains("/target/"))) {
            for (Path p : s.toList()) {
                Matcher m = dep.matcher(Files.readString(p));
                while (m.find()) {
                    String artifact = m.group(2), version = m.group(3);
                    Matcher prop = Pattern.compile("<artifactId>" + Pattern.quote(artifact) + "</artifactId><version>\\$\\{([^}]+)}").matcher(pom);
                    assertThat(prop.find()).as(artifact + " (in " + p + ") is managed in the root pom").isTrue();
                    Matcher value = Pattern.compile("<" + Pattern.quote(prop.group(1)) + ">([^<]+)<").matcher(pom);
                    assertThat(value.find()).isTrue();
                    assertThat(version).as(p + ": " + artifact).isEqualTo(value.group(1));
                    checked.add(artifact);
                }
            }
        }
        assertThat(checked).contains("jackson-databind", "picocli", "postgresql");
    }

    static Stream<Path> walk(String layer) {
        try {
            return Files.walk(REPO.resolve(layer));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everyAliasIsAScriptAndASubcommandOfAcs() throws Exception {
        JsonNode aliases = Json.MAPPER.readTree(REPO.resolve("jbang-catalog.json").toFile()).get("aliases");
        CommandLine acs = (CommandLine) Class.forName("Acs").getMethod("commandLine", String[].class).invoke(null, (Object) new String[0]);
        String umbrella = Files.readString(REPO.resolve("scripts/Acs.java"));
        List<String> names = new ArrayList<>();
        aliases.fieldNames().forEachRemaining(names::add);
        assertThat(names).contains("acs", "node-list", "node-get", "node-deploy", "node-redeploy", "node-start", "node-stop", "node-delete",
                "command-get", "command-wait", "service-list", "service-get", "container-list", "container-get", "container-start",
                "container-stop", "image-list", "host-list", "host-get", "sim", "shell", "run");
        for (String name : names) {
            JsonNode alias = aliases.get(name);
            String ref = alias.get("script-ref").asText();
            assertThat(alias.path("description").asText()).as(name).isNotBlank();
            assertThat(REPO.resolve(ref)).as(name + " -> " + ref).isRegularFile();
            if (name.equals("acs")) continue;
            if (name.equals("acs-lib")) {   // not a command: the library and simulator for //SOURCES acs-lib@CATALOG
                assertThat(Files.readString(REPO.resolve(ref))).contains("//SOURCES ../lib/LibSources.java", "EmbeddedSimulator.java");
                continue;
            }
            String cls = Path.of(ref).getFileName().toString().replace(".java", "");
            Object command = Class.forName(cls).getDeclaredConstructor().newInstance();
            assertThat(new CommandLine(command).getCommandName()).as(ref).isEqualTo(name);
            assertThat(acs.getSubcommands()).as("acs " + name).containsKey(name);
            assertThat(umbrella).as("scripts/Acs.java sources " + ref).contains("//SOURCES " + Path.of(ref).getFileName());
        }
    }

    /** The JVM options are assembled once ({@code JvmLaunch}): a script JBang runs states them, not options of its own. */
    @Test
    void everyScriptsJavaOptionsAreTheLaunchDescriptions() throws Exception {
        String expected = "//JAVA_OPTIONS " + String.join(" ", acs.cli.launch.JvmLaunch.JBANG_OPTIONS);
        List<Path> stating = new ArrayList<>();
        try (Stream<Path> s = Files.walk(REPO.resolve("scripts"))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(p)) {
                    if (!line.startsWith("//JAVA_OPTIONS")) continue;
                    assertThat(line).as(p + " states other JVM options than JvmLaunch.JBANG_OPTIONS").isEqualTo(expected);
                    stating.add(p);
                }
            }
        }
        assertThat(stating).as("the umbrella and the one-operation scripts state their JVM options").contains(REPO.resolve("scripts/Acs.java"));
    }
}
