package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code acs install --remove} in this JVM, on folders of the test's own: what it removes, what it
 * leaves alone, and which folder it means when an installed launcher runs it. (Installing itself
 * trains a class archive in JVMs of their own: {@link InstallTest}.)
 */
class InstallRemoveInProcessTest {
    @TempDir Path dir;

    /** Runs acs; install writes its notices to the process's stderr, captured here too. */
    private static CliHarness.Result acs(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            CliHarness.Result r = CliHarness.run(args);
            return new CliHarness.Result(r.exit(), r.out(), r.err() + captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
        }
    }

    @Test void anInstalledLauncherIsRemovedWithItsFilesAndCompletion() throws Exception {
        Files.writeString(dir.resolve("acs"), "#!/bin/sh\n# written by 'acs install'\n");
        Files.createDirectories(dir.resolve("acs.d"));
        Files.writeString(dir.resolve("acs.d/acs.jsa"), "x");
        Files.writeString(dir.resolve("acs-completion.bash"), "complete");
        Files.writeString(dir.resolve("other-tool"), "kept");
        CliHarness.Result r = acs("install", "--dir", dir.toString(), "--remove");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).contains("acs: removed " + dir.resolve("acs") + ", " + dir.resolve("acs.d") + " and " + dir.resolve("acs-completion.bash"));
        assertThat(dir.resolve("acs")).doesNotExist();
        assertThat(dir.resolve("acs.d")).doesNotExist();
        assertThat(dir.resolve("acs-completion.bash")).doesNotExist();
        assertThat(dir.resolve("other-tool")).exists();

        CliHarness.Result again = acs("install", "--dir", dir.toString(), "--remove");
        assertThat(again.exit()).isZero();
        assertThat(again.err()).contains("acs: nothing to remove: there is no " + dir.resolve("acs"));
    }

    @Test void aLauncherNotWrittenByInstallIsLeftAlone() throws Exception {
        Files.writeString(dir.resolve("acs"), "#!/bin/sh\necho mine\n");
        CliHarness.Result r = acs("install", "--dir", dir.toString(), "--remove");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains(dir.resolve("acs") + " was not written by 'acs install'; it is left alone");
        assertThat(Files.readString(dir.resolve("acs"))).isEqualTo("#!/bin/sh\necho mine\n");
    }

    @Test void aJdkDoesNotGoWithRemove() {
        CliHarness.Result r = acs("install", "--dir", dir.toString(), "--remove", "--java", "/usr/lib/jvm/none");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--java").contains("does not go with --remove");
    }

    @Test void runByAnInstalledLauncherItsOwnFolderIsTheDefault() throws Exception {
        String saved = System.getProperty("acs.launch.stamp");
        System.setProperty("acs.launch.stamp", dir.resolve("acs.d").resolve("installed").toString());
        try {
            CliHarness.Result r = acs("install", "--remove");
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.err()).contains("acs: nothing to remove: there is no " + dir.resolve("acs"));
            System.setProperty("acs.launch.stamp", "");
            Path other = dir.resolve("elsewhere");
            CliHarness.Result explicit = acs("install", "--remove", "--dir", other.toString());
            assertThat(explicit.err()).contains("there is no " + other.resolve("acs"));
        } finally {
            if (saved == null) System.clearProperty("acs.launch.stamp");
            else System.setProperty("acs.launch.stamp", saved);
        }
    }
}
