package acs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every test process lives in its own home: surefire gives this JVM ACS_HOME under target and
 * none of the user's ACS_* settings, and the CLI writes only into ACS_HOME (profiles, journal,
 * the embedded simulator's state), never into $HOME or user.home.
 */
@Tag("child-process")
class HomeIsolationTest {
    @TempDir Path acsHome;
    @TempDir Path fakeHome;

    @Test void thisJvmHasItsOwnAcsHomeAndNoneOfTheUsersSettings() {
        assertThat(System.getenv("ACS_HOME")).as("surefire's ACS_HOME").isNotNull();
        assertThat(Path.of(System.getenv("ACS_HOME")).toAbsolutePath().normalize().toString()).contains("target").endsWith("acs-home");
        for (String k : List.of("ACS_ENDPOINT", "ACS_ACCESS_KEY", "ACS_SECRET_KEY", "ACS_PROFILE")) {
            assertThat(System.getenv(k)).as(k + " leaks from the user's shell into the tests").isNull();
        }
    }

    @Test void theCliWritesOnlyIntoAcsHome() throws Exception {
        Run deploy = acs(null, "node-deploy", "610247", "--url", "http://repo.example.com/home.war", "--wait");
        assertThat(deploy.exit()).as(deploy.toString()).isZero();
        assertThat(deploy.err()).contains("embedded").contains(acsHome.toString());
        Run configure = acs("sk-not-real\n", "configure", "--profile", "iso", "--endpoint", "http://127.0.0.1:9", "--access-key", "ak", "--secret-key-stdin");
        assertThat(configure.exit()).as(configure.toString()).isZero();
        Run journal = acs(null, "journal");
        assertThat(journal.exit()).as(journal.toString()).isZero();
        assertThat(journal.out()).contains("610247");

        try (Stream<Path> s = Files.walk(fakeHome)) {
            assertThat(s.filter(p -> !p.equals(fakeHome)).toList()).as("written outside ACS_HOME, into $HOME / user.home").isEmpty();
        }
        try (Stream<Path> s = Files.list(acsHome)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).contains("config.json", "journal.jsonl");
        }
    }

    record Run(int exit, String out, String err) {}

    /** The CLI in a child JVM whose $HOME and user.home are an empty directory, and ACS_HOME another. */
    Run acs(String stdin, String... args) throws Exception {
        ProcessBuilder pb = new ChildCli(acsHome, Map.of()).builder("Acs", args);
        pb.command().add(1, "-Duser.home=" + fakeHome);
        pb.environment().put("HOME", fakeHome.toString());
        File in = File.createTempFile("acs-in", ".txt"), out = File.createTempFile("acs-out", ".txt"), err = File.createTempFile("acs-err", ".txt");
        Files.writeString(in.toPath(), stdin == null ? "" : stdin);
        Process p = pb.redirectInput(in).redirectOutput(out).redirectError(err).start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("the CLI ended").isTrue();
        Run r = new Run(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8), Files.readString(err.toPath(), StandardCharsets.UTF_8));
        for (File f : List.of(in, out, err)) f.delete();
        return r;
    }
}
