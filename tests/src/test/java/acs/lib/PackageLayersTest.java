package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;

import acs.client.AcsClient;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * lib's packages are layers (docs/ARCHITECTURE.md, "Packages"): each uses only the ones below it,
 * so there is no package cycle, and a newcomer can read lib from the bottom up. Read from the
 * compiled classes (what the JVM links, not what comments mention). And {@code acs.internal},
 * if lib ever has one again, is lib's own: no other module, template or doc snippet (the code a
 * reader copies; prose and dated logs may mention the old package) names it.
 */
class PackageLayersTest {
    static final Path REPO = Path.of(System.getProperty("acs.repo", "..")).toAbsolutePath().normalize();
    /** Bottom first. A new package of lib takes its place here, above everything it uses. */
    static final List<String> LAYERS = List.of(
            "acs",            // the API's vocabulary: models, ApiCall/Operation/Target, errors, WaitOptions, small checks
            "acs.wire",       // the API's JSON, envelope and time format; a prepared request
            "acs.auth",       // secrets, the signature, redaction
            "acs.config",     // endpoint, keys, profiles, ~/.acs
            "acs.journal",    // the journal, runs, leases, stores
            "acs.lifecycle",  // submit, wait, retry, poll rules
            "acs.client",     // AcsClient and its transport
            "acs.fleet");     // fan-outs, rollouts, batch runs over many nodes

    @Test
    void eachPackageOfLibUsesOnlyPackagesBelowItSoThereIsNoCycle() throws Exception {
        Map<String, Set<String>> uses = packageUses(libClasses());
        Set<String> packages = new TreeSet<>();
        uses.keySet().forEach(edge -> packages.addAll(List.of(edge.split(" -> "))));
        assertThat(packages).as("every package of lib has its place in LAYERS").isSubsetOf(LAYERS);
        List<String> upward = new ArrayList<>();
        uses.forEach((edge, examples) -> {
            String[] from_to = edge.split(" -> ");
            if (LAYERS.indexOf(from_to[1]) > LAYERS.indexOf(from_to[0])) upward.add(edge + " (" + examples + ")");
        });
        assertThat(upward).as("a package that uses one above it closes a cycle: move the type to its layer").isEmpty();
    }

    @Test
    void theScanSeesWhatAPackageUses() throws Exception {
        assertThat(packageUses(libClasses())).as("AcsClient submits through the lifecycle")
                .containsKey("acs.client -> acs.lifecycle")
                .containsKey("acs.fleet -> acs.client");
    }

    @Test
    void noOtherModuleTemplateOrDocSnippetNamesAcsInternal() throws IOException {
        Pattern internal = Pattern.compile("acs[./]internal\\b");
        List<String> found = new ArrayList<>();
        for (String dir : List.of("sim", "dsl", "pg", "scripts", "tests", "bench", "templates", "docs", "README.md", "jbang-catalog.json")) {
            Path root = REPO.resolve(dir);
            if (!Files.exists(root)) continue;
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile)
                        .filter(f -> !f.toString().contains("/target/") && !f.getFileName().toString().equals("PackageLayersTest.java"))
                        .filter(f -> f.toString().matches(".*\\.(java|groovy|qute|md|json|xml|jsh)$"))
                        .forEach(f -> {
                            try {
                                List<String> lines = Files.readAllLines(f);
                                boolean markdown = f.toString().endsWith(".md"), code = !markdown;
                                for (int i = 0; i < lines.size(); i++) {
                                    if (markdown && lines.get(i).startsWith("```")) code = !code;
                                    if (code && internal.matcher(lines.get(i)).find()) found.add(REPO.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).strip());
                                }
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
            }
        }
        assertThat(found).as("what others need belongs in a public package of lib (acs, acs.wire, acs.auth, ...)").isEmpty();
    }

    /** lib's compiled classes: a folder in the reactor's test-compile, a jar after package. */
    static Path libClasses() throws URISyntaxException, IOException {
        Path at = Path.of(AcsClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(at)) return at;
        FileSystem jar = FileSystems.newFileSystem(at);
        return jar.getPath("/");
    }

    /** "from -> to" for each pair of lib's packages where a class of one names a class of the other; a few examples each. */
    static Map<String, Set<String>> packageUses(Path classes) throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(f).toString().replace('\\', '/');
                if (!name.startsWith("acs/") || name.startsWith("META-INF")) continue;
                String from = packageOf(name);
                try (InputStream in = Files.newInputStream(f)) {
                    for (String used : classesNamed(in)) {
                        String to = packageOf(used);
                        if (to.equals(from)) continue;
                        Set<String> examples = uses.computeIfAbsent(from + " -> " + to, k -> new TreeSet<>());
                        if (examples.size() < 3) examples.add(simple(name) + " uses " + simple(used));
                    }
                }
            }
        }
        return uses;
    }

    static String packageOf(String internalName) {
        return internalName.substring(0, internalName.lastIndexOf('/')).replace('/', '.');
    }

    static String simple(String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1).replace(".class", "");
    }

    static final Pattern ACS_CLASS = Pattern.compile("acs/(?:[a-z][a-z0-9_]*/)*[A-Z][\\w$]*");

    /**
     * The classes of ours a class file names: class entries and the types in descriptors and
     * signatures of its constant pool (JVMS §4.4), string literals left out.
     */
    static Set<String> classesNamed(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        in.readInt();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        Set<Integer> literals = new HashSet<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7, 16, 19, 20 -> in.readUnsignedShort();
                case 8 -> literals.add(in.readUnsignedShort());
                case 15 -> { in.readUnsignedByte(); in.readUnsignedShort(); }
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 5, 6 -> { in.readLong(); i++; }
                default -> throw new IOException("constant pool tag " + tag);
            }
        }
        Set<String> named = new TreeSet<>();
        for (int i = 1; i < count; i++) {
            if (utf8[i] == null || literals.contains(i)) continue;
            Matcher m = ACS_CLASS.matcher(utf8[i]);
            while (m.find()) {
                int at = m.start();
                boolean type = at == 0 || utf8[i].charAt(at - 1) == '[' || utf8[i].charAt(at - 1) == 'L'
                        && (at == 1 || "([;<+-^:)".indexOf(utf8[i].charAt(at - 2)) >= 0);
                if (type) named.add(m.group().replaceAll("\\$.*", ""));
            }
        }
        return named;
    }
}
