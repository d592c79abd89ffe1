package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The commands the README and docs/ show are ones the CLI accepts: every {@code acs} command line
 * of their shell blocks parses with the CLI's own model (command, options, values), and every
 * Groovy block runs with {@code acs run --dry-run}. A renamed option fails here, not in a reader's shell.
 */
class DocSnippetsTest {
    static final Path REPO = KnownVariablesTest.REPO;
    static final Pattern BLOCK = Pattern.compile("```(bash|groovy)\\n(.*?)```", Pattern.DOTALL);

    record Snippet(String file, String text) {
        @Override public String toString() {
            return file + ": " + text.replace('\u0000', ' ');
        }
    }

    static List<Path> documents() {
        List<Path> files = new ArrayList<>(List.of(REPO.resolve("README.md")));
        try (Stream<Path> docs = Files.list(REPO.resolve("docs"))) {
            docs.filter(f -> f.toString().endsWith(".md")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    static List<Snippet> blocks(String language) {
        List<Snippet> found = new ArrayList<>();
        for (Path f : documents()) {
            try {
                Matcher m = BLOCK.matcher(Files.readString(f));
                while (m.find()) {
                    if (m.group(1).equals(language)) found.add(new Snippet(REPO.relativize(f).toString(), m.group(2)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found;
    }

    /** Each {@code acs} command of the shell blocks, as its argument list after {@code acs}. */
    static List<Snippet> acsCommands() {
        List<Snippet> commands = new ArrayList<>();
        for (Snippet block : blocks("bash")) {
            for (String line : block.text().replace("\\\n", " ").split("\n")) {
                for (List<String> words : commands(line)) {
                    int at = words.indexOf("acs");
                    boolean acs = at == 0 || (at == 1 && words.get(0).endsWith("jbang"));
                    if (acs && words.stream().noneMatch(w -> w.contains("$("))) {
                        commands.add(new Snippet(block.file(), "acs\u0000" + String.join("\u0000", words.subList(at + 1, words.size()))));
                    }
                }
            }
        }
        return commands;
    }

    /** A shell line as its simple commands' words: quotes removed, comments, leading assignments and {@code export} dropped. */
    static List<List<String>> commands(String line) {
        List<List<String>> all = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else word.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                if (word == null) word = new StringBuilder();
            } else if (c == '#' && word == null) {
                break;
            } else if (Character.isWhitespace(c) || c == ';' || c == '&' || c == '|') {
                if (word != null) words.add(word.toString());
                word = null;
                if (!Character.isWhitespace(c)) {
                    all.add(words);
                    words = new ArrayList<>();
                }
            } else {
                if (word == null) word = new StringBuilder();
                word.append(c);
            }
        }
        if (word != null) words.add(word.toString());
        all.add(words);
        for (List<String> w : all) {
            while (!w.isEmpty() && (w.get(0).equals("export") || w.get(0).matches("[A-Z_][A-Z0-9_]*=.*"))) w.remove(0);
        }
        all.removeIf(List::isEmpty);
        return all;
    }

    static Stream<Snippet> documentedCommands() {
        List<Snippet> all = acsCommands();
        assertThat(all).as("acs commands found in the README's and docs/' shell blocks").hasSizeGreaterThan(20);
        assertThat(all).as("the README shows commands").anyMatch(s -> s.file().equals("README.md"));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documentedCommands")
    void everyDocumentedCommandParses(Snippet command) {
        List<String> words = List.of(command.text().split("\u0000"));
        String[] args = words.subList(1, words.size()).toArray(String[]::new);
        CommandLine cl = CliReference.umbrella();
        assertThatCode(() -> cl.parseArgs(args)).as(command.toString()).doesNotThrowAnyException();
    }

    @Test
    void theWordsOfALineAreWhatTheShellPassesOn() {
        assertThat(commands("ACS_ENDPOINT=http://h:1 ./jbang acs node-get 610474 --query 'containers[].{id:id}' -o table   # see"))
                .containsExactly(List.of("./jbang", "acs", "node-get", "610474", "--query", "containers[].{id:id}", "-o", "table"));
        assertThat(commands("acs sim --port 8080 & export A=1 B=2; kill %1")).containsExactly(
                List.of("acs", "sim", "--port", "8080"), List.of("kill", "%1"));
        assertThat(commands("acs node-deploy \"a b\" --url x#y")).containsExactly(List.of("acs", "node-deploy", "a b", "--url", "x#y"));
    }

    @Test
    void aMisspeltOptionInADocumentWouldFail() {
        CommandLine cl = CliReference.umbrella();
        assertThatCode(() -> cl.parseArgs("node-deploy", "610474", "--urll", "http://repo.example.com/a.war"))
                .isInstanceOf(CommandLine.ParameterException.class);
    }

    /** A relative link of the README or docs/ names a file of the repository, and a heading of it when it has an anchor. */
    @Test
    void everyRelativeLinkResolves() throws Exception {
        Pattern link = Pattern.compile("\\]\\(([^)#\\s]*)(#[^)\\s]*)?\\)");
        int checked = 0;
        for (Path doc : documents()) {
            Matcher m = link.matcher(Files.readString(doc));
            while (m.find()) {
                if (m.group(1).contains("://")) continue;
                Path target = m.group(1).isEmpty() ? doc : doc.getParent().resolve(m.group(1)).normalize();
                String where = REPO.relativize(doc) + ": " + m.group();
                assertThat(target).as(where).exists();
                if (m.group(2) != null) {
                    List<String> anchors = Files.readString(target).lines().filter(l -> l.startsWith("#"))
                            .map(l -> "#" + l.replaceFirst("^#+ ", "").toLowerCase().replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'))
                            .toList();
                    assertThat(anchors).as(where).contains(m.group(2));
                }
                checked++;
            }
        }
        assertThat(checked).as("links checked").isGreaterThan(10);
    }

    @Test
    void everyGroovyBlockRunsDry(@TempDir Path dir) throws Exception {
        List<Snippet> scripts = blocks("groovy");
        assertThat(scripts).as("Groovy blocks in the README and docs/").isNotEmpty();
        int n = 0;
        for (Snippet s : scripts) {
            Path script = Files.writeString(dir.resolve("snippet" + n++ + ".groovy"), s.text());
            CliHarness.Result r = CliHarness.run("run", script.toString(), "--dry-run", "-Purl=http://repo.example.com/app-1.3.war");
            assertThat(r.exit()).as(s + "\n" + r).isZero();
            assertThat(r.err()).as(s + "\n" + r).contains("succeeded");
        }
    }
}
