package acs.cli.launch;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.ConfigException;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code acs install} in this JVM with a JDK whose java is a shell script: it logs each start (its
 * words and ACS_HOME), writes the class archive it is asked to record, plays a node-get that starts a
 * resident (a socket file) and prints a completion script. The jars are files named as jars, set as
 * this JVM's class path for the install's time.
 */
class InstallInProcessTest {
    @TempDir Path tmp;
    Path bin, checkout, log;
    String classPath;
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach void jars() throws Exception {
        bin = tmp.resolve("bin");
        log = tmp.resolve("java.log");
        Path a = Files.writeString(Files.createDirectories(tmp.resolve("jars")).resolve("a.jar"), "jar one");
        Path b = Files.writeString(Files.createDirectories(tmp.resolve("jars/other")).resolve("a.jar"), "jar two, same name");
        classPath = System.getProperty("java.class.path");
        System.setProperty("java.class.path", a + File.pathSeparator + b);
        checkout = Files.createDirectories(tmp.resolve("checkout"));
        Files.createDirectories(checkout.resolve("scripts"));
        Files.writeString(checkout.resolve("scripts/Acs.java"), "class Acs {}");
        Files.writeString(checkout.resolve("jbang-catalog.json"), "{}");
    }

    @AfterEach void restore() {
        System.setProperty("java.class.path", classPath);
    }

    Path jdk(String name, String version) throws Exception {
        Path home = Files.createDirectories(tmp.resolve(name + "/bin")).getParent();
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        Path java = Files.writeString(home.resolve("bin/java"), """
                #!/bin/sh
                printf 'ACS_HOME=%s ' "$ACS_HOME" >> 'LOG'; printf '%s ' "$@" >> 'LOG'; echo >> 'LOG'
                for a in "$@"; do
                  case "$a" in -XX:ArchiveClassesAtExit=*|-XX:AOTCacheOutput=*) [ -f 'TMP/no-archive' ] || : > "${a#*=}";; esac
                done
                case " $* " in
                  *" acs.cli.launch.ResidentClient "*) exit 254;;
                  *" Acs completion "*) [ -f 'TMP/broken' ] && exit 3; echo 'complete -F _acs acs'; exit 0;;
                  *" Acs node-get "*) mkdir -p "$ACS_HOME/resident"; : > "$ACS_HOME/resident/k.sock"; exit 0;;
                esac
                exit 0
                """.replace("LOG", log.toString()).replace("TMP", tmp.toString()));
        java.toFile().setExecutable(true);
        return home;
    }

    String install(Path java, Map<String, String> env) throws Exception {
        err.reset();
        Launcher.install(bin, java, env, new PrintStream(err, true, UTF_8));
        return err.toString(UTF_8);
    }

    Map<String, String> env(String... kv) {
        Map<String, String> env = new HashMap<>(Map.of("HOME", tmp.toString(), "PATH", "", "JBANG_LAUNCH_CMD", checkout.resolve("jbang").toString()));
        for (int i = 0; i < kv.length; i += 2) env.put(kv[i], kv[i + 1]);
        return env;
    }

    @Test void installs_the_jars_the_launcher_a_trained_archive_jbang_and_completion() throws Exception {
        Path jdk = jdk("jdk21", "21.0.2");
        String said = install(jdk, env());

        Path java = jdk.resolve("bin/java").toRealPath();
        assertThat(Files.readString(bin.resolve("acs.d/a.jar"))).isEqualTo("jar one");
        assertThat(Files.readString(bin.resolve("acs.d/1-a.jar"))).isEqualTo("jar two, same name");
        assertThat(Files.readString(bin.resolve("acs.d/installed"))).isEqualTo("installed from " + checkout + "\n");
        assertThat(Files.readString(bin.resolve("acs"))).contains(Launcher.MARKER).contains("JAVA='" + java + "'   # Java 21")
                .contains("SOURCE='" + checkout + "'").contains("\"$D/acs.d/a.jar:$D/acs.d/1-a.jar\"");
        assertThat(bin.resolve("acs")).isExecutable();
        assertThat(bin.resolve("acs.d/acs.jsa")).exists();
        assertThat(bin.resolve("acs.d/client.jsa")).exists();
        assertThat(bin.resolve("acs.d/acs.aot")).doesNotExist();
        assertThat(Files.readString(bin.resolve("acs-completion.bash"))).isEqualTo("complete -F _acs acs\n");
        assertThat(Files.readString(bin.resolve("jbang"))).contains(Launcher.MARKER).endsWith("exec '" + checkout + "/jbang' \"$@\"\n");
        assertThat(bin.resolve("jbang")).isExecutable();
        assertThat(Files.list(bin).map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("acs", "acs.d", "acs-completion.bash", "jbang");

        assertThat(said).isEqualTo("acs: installed " + bin.resolve("acs") + " (Java 21 from " + java + ", with " + bin.resolve("acs.d/acs.jsa") + ")\n"
                + "acs: installed " + bin.resolve("jbang") + " (runs " + checkout + "/jbang): 'jbang myops.java' and './myops.java' work without a jbang of your own\n"
                + "acs: completion: add 'source " + bin.resolve("acs-completion.bash") + "' to ~/.bashrc (zsh: after 'autoload -U +X bashcompinit && bashcompinit')\n"
                + "acs: " + bin + " is not on PATH: add  export PATH=\"" + bin + ":$PATH\"  to ~/.bashrc or ~/.zshrc\n");

        List<String> starts = Files.readAllLines(log);
        String training = starts.get(0);
        assertThat(training).contains("-XX:ArchiveClassesAtExit=" + bin.resolve("acs.d/acs.jsa")).contains("acs.cli.launch.Training")
                .contains("-cp " + bin.resolve("acs.d/a.jar") + File.pathSeparator + bin.resolve("acs.d/1-a.jar"));
        String home = training.substring("ACS_HOME=".length(), training.indexOf(' '));
        assertThat(home).isNotBlank();
        assertThat(Path.of(home)).as("the training's home is thrown away").doesNotExist();
        assertThat(starts.get(1)).startsWith("ACS_HOME=" + home + " ").contains("-XX:SharedArchiveFile=" + bin.resolve("acs.d/acs.jsa"))
                .contains("-Dacs.launch.stamp=" + bin.resolve("acs.d/installed")).endsWith(" Acs node-get 610474 ");
        assertThat(starts.get(2)).startsWith("ACS_HOME=" + home + " ").contains("-XX:ArchiveClassesAtExit=" + bin.resolve("acs.d/client.jsa"))
                .contains("acs.cli.launch.ResidentClient node-get 610474");
        assertThat(starts.get(3)).as("completion: the launcher's client first").startsWith("ACS_HOME= ").contains("acs.cli.launch.ResidentClient completion");
        assertThat(starts.get(4)).endsWith(" Acs completion ");
        assertThat(starts).hasSize(5);
    }

    @Test void a_jdk_25_records_an_aot_cache_from_a_second_run() throws Exception {
        install(jdk("jdk25", "25"), env());

        assertThat(bin.resolve("acs.d/acs.aot")).exists();
        assertThat(bin.resolve("acs.d/acs.jsa")).doesNotExist();
        List<String> starts = Files.readAllLines(log);
        assertThat(starts.get(0)).contains("acs.cli.launch.Training").doesNotContain("-XX:AOTCacheOutput");
        assertThat(starts.get(1)).contains("-XX:AOTCacheOutput=" + bin.resolve("acs.d/acs.aot")).contains("acs.cli.launch.Training");
        assertThat(starts.get(2)).contains("-XX:AOTCache=" + bin.resolve("acs.d/acs.aot")).endsWith(" Acs node-get 610474 ");
    }

    @Test void without_a_java_named_the_newest_jdk_found_is_used() throws Exception {
        Path jdk = jdk("jdk99", "99");
        String said = install(null, env("JAVA_HOME", jdk.toString()));
        assertThat(said).startsWith("acs: installed " + bin.resolve("acs") + " (Java 99 from " + jdk.resolve("bin/java").toRealPath() + ", with ");
        assertThat(bin.resolve("acs.d/acs.aot")).exists();
    }

    @Test void the_newest_jdk_is_looked_for_on_path_in_sdkman_and_in_jbangs_cache() throws Exception {
        Path j99 = jdk("jdk99", "99"), j100 = jdk("jdk100", "100");
        assertThat(install(null, env("JAVA_HOME", j99.toString(), "PATH", "/nowhere::" + j100.resolve("bin"))))
                .contains("(Java 100 from " + j100.resolve("bin/java").toRealPath());
        Path j101 = jdk(".sdkman/candidates/java/101", "101");
        assertThat(install(null, env("JAVA_HOME", j99.toString(), "PATH", j100.resolve("bin").toString())))
                .contains("(Java 101 from " + j101.resolve("bin/java").toRealPath());
        Path j102 = jdk(".jbang/cache/jdks/102/Contents/Home", "102");
        assertThat(install(null, env("JAVA_HOME", j99.toString()))).contains("(Java 102 from " + j102.resolve("bin/java").toRealPath());
    }

    @Test void a_jdk_that_writes_no_archive_is_said_so() throws Exception {
        Files.writeString(tmp.resolve("no-archive"), "");
        String said = install(jdk("jdk21", "21"), env());
        assertThat(said).startsWith("acs: installed " + bin.resolve("acs") + " (Java 21 from ").contains("; this JDK wrote no class archive)\n");
        assertThat(bin.resolve("acs.d/acs.jsa")).doesNotExist();
    }

    @Test void a_launcher_that_does_not_run_fails_the_install() throws Exception {
        Files.writeString(tmp.resolve("broken"), "");
        assertThatThrownBy(() -> install(jdk("jdk21", "21"), env())).isInstanceOf(ConfigException.class)
                .hasMessage("the installed " + bin.resolve("acs") + " does not run ('acs completion' failed; see above)");
    }

    @Test void a_reinstall_replaces_the_jars_and_keeps_the_source_it_was_installed_from() throws Exception {
        Path jdk = jdk("jdk21", "21");
        install(jdk, env());
        Files.writeString(bin.resolve("acs.d/stale.jar"), "old");
        String said = install(jdk, env("JBANG_LAUNCH_CMD", "", "PATH", bin.toString()));

        assertThat(bin.resolve("acs.d/stale.jar")).doesNotExist();
        assertThat(Files.readString(bin.resolve("acs.d/installed"))).isEqualTo("installed from " + checkout + "\n");
        assertThat(said).as("on PATH: no word about it").doesNotContain("not on PATH").contains("acs: installed " + bin.resolve("jbang"));
    }

    @Test void the_users_own_jbang_on_path_stays_the_one() throws Exception {
        Path theirs = Files.createDirectories(tmp.resolve("their-bin"));
        Files.writeString(theirs.resolve("jbang"), "#!/bin/sh\n").toFile().setExecutable(true);
        String said = install(jdk("jdk21", "21"), env("PATH", theirs + ":" + bin));
        assertThat(bin.resolve("jbang")).doesNotExist();
        assertThat(said.lines()).as(said).hasSize(2).noneMatch(l -> l.contains("jbang"));
    }

    @Test void without_a_checkout_there_is_no_source_and_no_jbang() throws Exception {
        String said = install(jdk("jdk21", "21"), env("JBANG_LAUNCH_CMD", tmp.resolve("elsewhere/jbang").toString()));
        assertThat(Files.readString(bin.resolve("acs.d/installed"))).isEqualTo("installed from (unknown)\n");
        assertThat(Files.readString(bin.resolve("acs"))).contains("SOURCE=''");
        assertThat(bin.resolve("jbang")).doesNotExist();
        assertThat(said).doesNotContain("jbang");
    }

    @Test void an_acs_not_written_by_install_is_never_overwritten() throws Exception {
        Files.createDirectories(bin);
        Files.writeString(bin.resolve("acs"), "#!/bin/sh\necho mine\n");
        assertThatThrownBy(() -> install(jdk("jdk21", "21"), env())).isInstanceOf(ConfigException.class)
                .hasMessage(bin.resolve("acs") + " exists and was not written by 'acs install'; remove it or choose another --dir");
        assertThat(Files.readString(bin.resolve("acs"))).isEqualTo("#!/bin/sh\necho mine\n");
        assertThat(bin.resolve("acs.d")).doesNotExist();
    }

    @Test void a_jbang_of_the_users_in_the_folder_is_left_alone() throws Exception {
        Files.createDirectories(bin);
        Files.writeString(bin.resolve("jbang"), "#!/bin/sh\n# mine\n");
        String said = install(jdk("jdk21", "21"), env());
        assertThat(Files.readString(bin.resolve("jbang"))).isEqualTo("#!/bin/sh\n# mine\n");
        assertThat(said.lines()).as(said).hasSize(3).noneMatch(l -> l.contains("jbang"));
    }
}
