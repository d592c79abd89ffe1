package acs.cli.launch;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launch wing's pieces that need no second JVM: frames, identities, the rendering of JVM starts, ACS_RESIDENT. */
class LaunchPiecesTest {
    @TempDir Path dir;

    static DataInputStream in(ByteArrayOutputStream b) {
        return new DataInputStream(new ByteArrayInputStream(b.toByteArray()));
    }

    @Test void frames_read_back_as_written_null_and_empty_and_long_strings_included() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        String big = "é".repeat(40_000);   // 80,000 bytes: more than writeUTF takes
        Frames.writeString(out, Frames.PROMPT, big);
        Frames.writeString(out, Frames.LINE, null);
        Frames.writeBytes(out, Frames.INPUT, "abcdef".getBytes(UTF_8), 2, 3);
        Frames.writeBytes(out, Frames.INPUT, null, 0, -1);
        Frames.writeInt(out, Frames.EXIT, -7);

        DataInputStream in = in(b);
        assertThat(in.readByte()).isEqualTo(Frames.PROMPT);
        assertThat(Frames.string(in)).isEqualTo(big);
        assertThat(in.readByte()).isEqualTo(Frames.LINE);
        assertThat(Frames.string(in)).isNull();
        assertThat(in.readByte()).isEqualTo(Frames.INPUT);
        assertThat(new String(Frames.bytes(in), UTF_8)).isEqualTo("cde");
        assertThat(in.readByte()).isEqualTo(Frames.INPUT);
        assertThat(Frames.bytes(in)).isNull();
        assertThat(in.readByte()).isEqualTo(Frames.EXIT);
        assertThat(in.readInt()).isEqualTo(-7);
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test void a_frame_longer_than_64_mb_is_refused_as_no_acs_peer() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        new DataOutputStream(b).writeInt((64 << 20) + 1);
        assertThatThrownBy(() -> Frames.bytes(in(b))).isInstanceOf(IOException.class)
                .hasMessage("a frame of 67108865 bytes: not an acs client or resident");

        ByteArrayOutputStream ok = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(ok);
        out.writeInt(64 << 20);
        assertThat(Frames.bytes(in(ok))).as("64 MB is taken (this frame's data is missing: what there is)").isEmpty();
    }

    @Test void an_identity_reads_back_as_written_and_its_key_names_it() throws IOException {
        Identity a = new Identity("tk", "/jdk", "/folder", new TreeMap<>(Map.of("HOME", "/h", "ACS_PROFILE", "p", "EMPTY", "")));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        a.write(new DataOutputStream(b));
        assertThat(Identity.read(in(b))).isEqualTo(a);

        assertThat(a.key()).matches("[0-9a-f]{16}").isEqualTo(new Identity("tk", "/jdk", "/folder", new TreeMap<>(a.env())).key());
        assertThat(new Identity("tk", "/jdk", "/folder2", a.env()).key()).isNotEqualTo(a.key());
        assertThat(new Identity("tk", "/jdk", "/foldeR", a.env()).key()).as("same length, another letter").isNotEqualTo(a.key());
        assertThat(new Identity("tk", "/jdk", "/folder", Map.of()).key()).isNotEqualTo(a.key());
        // FNV-1a of the empty input is its offset basis: the key of an identity is of all its bytes
        assertThat(new Identity(null, null, null, Map.of()).key()).hasSize(16);
    }

    @Test void an_identity_with_an_impossible_environment_is_not_an_acs_client() throws IOException {
        for (int n : List.of(-1, 100_001)) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(b);
            for (int i = 0; i < 3; i++) Frames.string(out, "x");
            out.writeInt(n);
            assertThatThrownBy(() -> Identity.read(in(b))).isInstanceOf(IOException.class)
                    .hasMessage("an environment of " + n + " variables: not an acs client");
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        for (int i = 0; i < 3; i++) Frames.string(out, "x");
        out.writeInt(0);
        assertThat(Identity.read(in(b)).env()).isEmpty();

        Map<String, String> most = new TreeMap<>();
        for (int i = 0; i < 100_000; i++) most.put(Integer.toString(i), "");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        new Identity("x", "x", "x", most).write(new DataOutputStream(all));
        assertThat(Identity.read(in(all)).env()).as("100,000 variables are taken").hasSize(100_000);
    }

    @Test void the_difference_of_two_identities_names_the_first_thing_that_differs() {
        Identity a = new Identity("tk", "/jdk", "/f", Map.of("A", "1", "B", "2"));
        assertThat(a.difference(a)).isNull();
        assertThat(a.difference(new Identity("tk2", "/jdk2", "/f2", Map.of()))).isEqualTo("another toolkit install");
        assertThat(a.difference(new Identity("tk", "/jdk2", "/f2", Map.of()))).isEqualTo("another JDK");
        assertThat(a.difference(new Identity("tk", "/jdk", "/f2", Map.of()))).isEqualTo("another folder");
        assertThat(a.difference(new Identity("tk", "/jdk", "/f", Map.of("A", "1", "C", "3")))).isEqualTo("other values of [B, C]");
    }

    @Test void a_commands_identity_keeps_what_commands_read_and_a_scripts_keeps_the_whole_environment() {
        Identity command = Identity.here(new String[] {"node-list"});
        assertThat(command.scripts()).isFalse();
        assertThat(command.env().keySet()).allMatch(k -> k.startsWith("ACS_") || Identity.READ.contains(k) || k.startsWith("("));
        assertThat(command.env()).containsEntry("(jvm) file.encoding", String.valueOf(System.getProperty("file.encoding")))
                .containsEntry("(jvm) user.language", String.valueOf(System.getProperty("user.language")))
                .containsKeys("(jvm) sun.jnu.encoding", "(jvm) native.encoding", "(jvm) user.country")
                .containsEntry("(resident) scripts", "false");
        assertThat(command.env()).containsEntry("ACS_HOME", System.getenv("ACS_HOME"));
        if (System.getenv("HOME") != null) assertThat(command.env()).containsEntry("HOME", System.getenv("HOME"));
        assertThat(command.folder()).isEqualTo(Path.of("").toAbsolutePath().toString());
        assertThat(command.javaHome()).isEqualTo(System.getProperty("java.home"));
        assertThat(Identity.here(new String[0]).scripts()).isFalse();

        for (String script : List.of("run", "resume")) {
            Identity s = Identity.here(new String[] {script, "x"});
            assertThat(s.scripts()).isTrue();
            assertThat(s.env()).containsEntry("(resident) scripts", "true");
            System.getenv().forEach((k, v) -> {
                if (!List.of("_", "OLDPWD", "PWD", "SHLVL").contains(k)) assertThat(s.env()).containsEntry(k, v);
                else assertThat(s.env()).doesNotContainKey(k);
            });
            assertThat(s.key()).isNotEqualTo(command.key());
        }
    }

    @Test void the_toolkit_is_its_stamp_and_jars_with_their_times_and_sizes() throws IOException {
        Path stamp = Files.writeString(dir.resolve("installed"), "installed from x\n");
        Files.setLastModifiedTime(stamp, FileTime.fromMillis(1_700_000_000_000L));
        String toolkit = Identity.toolkit(stamp.toString());
        assertThat(toolkit).startsWith(stamp + "@1700000000000:17\n");
        String[] cp = System.getProperty("java.class.path").split(File.pathSeparator);
        assertThat(toolkit.lines()).hasSize(cp.length + 1);
        assertThat(Identity.toolkit(null).lines()).hasSize(cp.length);
        assertThat(Identity.toolkit(dir.resolve("gone").toString())).startsWith(dir.resolve("gone") + "@gone\n");

        Files.writeString(stamp, "installed from elsewhere\n");
        Files.setLastModifiedTime(stamp, FileTime.fromMillis(1_700_000_000_000L));
        assertThat(Identity.toolkit(stamp.toString())).as("a re-install of another size").isNotEqualTo(toolkit);
    }

    @Test void acs_resident_is_a_duration_one_or_unset_for_the_default() {
        assertThat(Resident.idleLimit(null)).isEqualTo(Duration.ofMinutes(10));
        assertThat(Resident.idleLimit("")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Resident.idleLimit("  ")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Resident.idleLimit("1")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Resident.idleLimit("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Resident.idleLimit("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> Resident.idleLimit("soon")).isInstanceOf(InvalidInputException.class).hasMessageContaining("ACS_RESIDENT");
    }

    @Test void a_jvm_start_renders_the_same_words_for_exec_and_for_bash() {
        JvmLaunch l = JvmLaunch.of("/jdk/bin/java", List.of("-Xss1m", "-Dq=\"a\" `b` \\c $D"), List.of("/a.jar", "$D/b.jar"), "Main", "x y", "");
        assertThat(l.command()).containsExactly("/jdk/bin/java", "-Xss1m", "-Dq=\"a\" `b` \\c $D", "-cp", "/a.jar" + File.pathSeparator + "$D/b.jar",
                "Main", "x y", "");
        assertThat(l.bash()).isEqualTo("\"/jdk/bin/java\" \"-Xss1m\" \"-Dq=\\\"a\\\" \\`b\\` \\\\c $D\" \"-cp\" \"/a.jar:$D/b.jar\" \"Main\" \"x y\" \"\"");

        JvmLaunch bare = JvmLaunch.of("java", List.of(), List.of(), "Main");
        assertThat(bare.command()).containsExactly("java", "Main");
        assertThat(bare.bash()).isEqualTo("\"java\" \"Main\"");
    }

    @Test void the_bash_words_are_the_words_bash_runs() throws Exception {
        JvmLaunch l = JvmLaunch.of("printf", List.of("%s|", "-Dq=\"a\" `echo no` \\c $X ${Y} '"), List.of("$X/a.jar"), "Main", "x  y", "");
        Process p = new ProcessBuilder("bash", "-c", "X=/x; Y=why; " + l.bash()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertThat(p.waitFor()).isZero();
        assertThat(out).isEqualTo("-Dq=\"a\" `echo no` \\c /x why '|-cp|/x/a.jar|Main|x  y||");
    }

    @Test void the_launches_carry_their_options_class_path_main_class_and_stamp() {
        List<String> cp = List.of("/i/acs.d/a.jar");
        JvmLaunch command = JvmLaunch.command("/j", cp, List.of("-XX:AOTCache=/c"), List.of("-Xmx1g"), "/i/acs.d/installed", "-XX:AOTCache=/c", "node-get", "1");
        assertThat(command.command()).startsWith("/j").endsWith("Acs", "node-get", "1")
                .containsSubsequence(JvmLaunch.concat(JvmLaunch.COMMAND_OPTIONS, JvmLaunch.LOG_OPTIONS, List.of("-XX:AOTCache=/c", "-Xmx1g",
                        "-Dacs.launch.stamp=/i/acs.d/installed", "-Dacs.launch.archive=-XX:AOTCache=/c", "-cp", "/i/acs.d/a.jar")));

        JvmLaunch client = JvmLaunch.client("/j", cp, List.of("-Xshare:auto"), "/s", null, "x");
        assertThat(client.command()).containsExactlyElementsOf(JvmLaunch.concat(List.of("/j"), JvmLaunch.CLIENT_OPTIONS,
                List.of("-Xshare:auto", "-Dacs.launch.stamp=/s", "-cp", "/i/acs.d/a.jar", "acs.cli.launch.ResidentClient", "x")));

        JvmLaunch resident = JvmLaunch.resident("/j", cp, List.of(), List.of("-Xmx2g"), "/s", "/sock", "scripts");
        assertThat(resident.command()).containsExactlyElementsOf(JvmLaunch.concat(List.of("/j"), JvmLaunch.RESIDENT_OPTIONS,
                List.of("-Xmx2g", "-Dacs.launch.stamp=/s", "-cp", "/i/acs.d/a.jar", "acs.cli.launch.Resident", "/sock", "scripts")));

        JvmLaunch training = JvmLaunch.training("/j", cp);
        assertThat(training.command()).containsExactlyElementsOf(JvmLaunch.concat(List.of("/j"), JvmLaunch.COMMAND_OPTIONS, JvmLaunch.LOG_OPTIONS,
                List.of("-cp", "/i/acs.d/a.jar", "acs.cli.launch.Training")));
        assertThat(JvmLaunch.command("/j", cp, List.of(), List.of(), null, null).command()).noneMatch(w -> w.startsWith("-Dacs.launch."));
        assertThat(JvmLaunch.JBANG_OPTIONS).endsWith("-Xshare:auto").containsAll(JvmLaunch.COMMAND_OPTIONS);
    }

    @Test void options_and_environment_are_added_where_asked() {
        JvmLaunch l = JvmLaunch.of("j", List.of("-a"), List.of(), "M").withOptions("-b", "-c").withOptionsFirst("-z")
                .withEnv(Map.of("ACS_HOME", "/h")).withEnv(Map.of("X", "1"));
        assertThat(l.command()).containsExactly("j", "-z", "-a", "-b", "-c", "M");
        assertThat(l.env()).isEqualTo(Map.of("ACS_HOME", "/h", "X", "1"));

        ProcessBuilder pb = l.processBuilder();
        assertThat(pb.command()).isEqualTo(l.command());
        assertThat(pb.environment()).containsEntry("ACS_HOME", "/h").containsEntry("X", "1");
        assertThat(pb.environment().keySet()).filteredOn(k -> k.startsWith("ACS_")).containsExactly("ACS_HOME");
        assertThat(JvmLaunch.of("j", List.of(), List.of(), "M").processBuilder().environment().keySet()).noneMatch(k -> k.startsWith("ACS_"));
        if (System.getenv("PATH") != null) assertThat(pb.environment()).containsEntry("PATH", System.getenv("PATH"));
    }
}
