package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.config.AcsHome;
import acs.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code acs resident list|stop} in this JVM, on residents as their files describe them (an info file
 * beside a socket, a live process): two of this test's own, with unique keys, in the resident folder of
 * the process's acs home, removed after the test. Their sockets do not answer, as a resident's that is
 * already leaving.
 */
class ResidentCommandInProcessTest {
    private final Path dir = AcsHome.of(System.getenv()).resolve("resident");
    private final String older = "aa" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
    private final String newer = "bb" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
    private final List<Path> made = new ArrayList<>();
    private final long pid = ProcessHandle.current().pid();

    private void resident(String key, boolean scripts, Instant lastUsed, int commands) throws Exception {
        Path sock = dir.resolve(key + ".sock"), info = dir.resolve(key + ".info");
        Files.writeString(sock, "");
        Files.writeString(info, String.join("\n", "pid=" + pid, "folder=/work/folder-" + key, "scripts=" + scripts,
                "started=" + lastUsed.minus(Duration.ofHours(1)), "lastUsed=" + lastUsed, "commands=" + commands, "idleLimit=10m", ""));
        made.add(sock);
        made.add(info);
    }

    @BeforeEach void residents() throws Exception {
        if (!Files.isDirectory(dir)) Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        resident(older, false, Instant.now().minus(Duration.ofMinutes(3)), 7);
        resident(newer, true, Instant.now().minusSeconds(1), 12);
    }

    @AfterEach void remove() throws Exception {
        for (Path p : made) Files.deleteIfExists(p);
    }

    private static long rssMb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        return 0;
    }

    @Test void listShowsEachLiveResidentLeastRecentlyUsedFirst() throws Exception {
        long low = rssMb();
        CliHarness.Result json = CliHarness.run("resident", "list", "-o", "json");
        long high = rssMb();
        assertThat(json.exit()).as(json.toString()).isZero();
        List<JsonNode> mine = new ArrayList<>();
        for (JsonNode r : Json.MAPPER.readTree(json.out())) if (r.path("key").asText().equals(older) || r.path("key").asText().equals(newer)) mine.add(r);
        assertThat(mine).extracting(r -> r.path("key").asText()).containsExactly(older, newer);
        JsonNode o = mine.get(0);
        assertThat(o.path("pid").asLong()).isEqualTo(pid);
        assertThat(o.path("commands").asInt()).isEqualTo(7);
        assertThat(o.path("scripts").asBoolean()).isFalse();
        assertThat(mine.get(1).path("scripts").asBoolean()).isTrue();
        assertThat(o.path("folder").asText()).isEqualTo("/work/folder-" + older);
        assertThat(o.path("idleLimit").asText()).isEqualTo("10m");
        assertThat(Instant.parse(o.path("lastUsed").asText())).isBefore(Instant.parse(mine.get(1).path("lastUsed").asText()));
        assertThat(Instant.parse(o.path("started").asText())).isBefore(Instant.parse(o.path("lastUsed").asText()));
        assertThat(o.path("rssKb").asLong() / 1024).isBetween(low - 64, high + 64);

        CliHarness.Result table = CliHarness.run("resident", "list");
        assertThat(table.exit()).as(table.toString()).isZero();
        String[] lines = table.out().split("\n");
        assertThat(lines[0].split("\\s+")).containsExactly("KEY", "PID", "RSS", "COMMANDS", "IDLE", "KIND", "FOLDER");
        String row = table.out().lines().filter(l -> l.startsWith(older)).findFirst().orElseThrow();
        Matcher m = Pattern.compile(older + "\\s+" + pid + "\\s+(\\d+) MB\\s+7\\s+(3m|3m\\d*s|\\d+s) of 10m\\s+commands\\s+/work/folder-" + older).matcher(row);
        assertThat(m.find()).as(row).isTrue();
        assertThat(Long.parseLong(m.group(1))).as("its resident set in MB").isBetween(low - 64, high + 64);
        assertThat(table.out().lines().filter(l -> l.startsWith(newer)).findFirst().orElseThrow()).contains(" 12 ").contains(" scripts ");
        assertThat(table.err()).doesNotContain("no resident JVM");

        CliHarness.Result bad = CliHarness.run("resident", "list", "-o", "yaml");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("-o").contains("'yaml' is not a format of this list; use table or json");
    }

    @Test void stopNamesEachResidentItAsksAndRefusesAnUnknownKey() throws Exception {
        CliHarness.Result unknown = CliHarness.run("resident", "stop", older, "ffffffffffffffff");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no live resident has key ffffffffffffffff (see 'acs resident list')");

        CliHarness.Result one = CliHarness.run("resident", "stop", older);
        assertThat(one.exit()).as(one.toString()).isZero();
        assertThat(one.err()).isEqualTo("acs: resident " + older + " (pid " + pid + "): already gone\n");

        CliHarness.Result usage = CliHarness.run("resident");
        assertThat(usage.err()).contains("list").contains("stop");
    }

    @Test void withNoResidentListAndStopSaySo() throws Exception {
        remove();
        List<JsonNode> others = new ArrayList<>();
        Json.MAPPER.readTree(CliHarness.run("resident", "list", "-o", "json").out()).forEach(others::add);
        org.junit.jupiter.api.Assumptions.assumeTrue(others.isEmpty(), "no other resident in this acs home");
        CliHarness.Result list = CliHarness.run("resident", "list");
        assertThat(list.out().split("\n")).hasSize(1);
        assertThat(list.err()).contains("acs: no resident JVM is running for " + dir.getParent());
        CliHarness.Result stop = CliHarness.run("resident", "stop");
        assertThat(stop.exit()).isZero();
        assertThat(stop.err()).isEqualTo("acs: no resident JVM is running for " + dir.getParent() + "\n");
    }
}
