package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.sim.Simulator;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code acs configure} writes a private profile that later commands use, in a child JVM with its own ACS_HOME. */
@Tag("child-process")
class ConfigureTest {
    @TempDir Path home;

    record Result(int exit, String out, String err) {}

    Result acs(String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "Acs"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("ACS_"));
        pb.environment().put("ACS_HOME", home.toString());
        File in = File.createTempFile("stdin", ".txt", home.toFile()), out = File.createTempFile("stdout", ".txt", home.toFile()),
                err = File.createTempFile("stderr", ".txt", home.toFile());
        Files.writeString(in.toPath(), stdin);
        Process p = pb.redirectInput(in).redirectOutput(out).redirectError(err).start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8), Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }

    @Test
    void aConfiguredProfileIsPrivateAndUsedByLaterCommands() throws Exception {
        try (Simulator sim = Simulator.start()) {
            Result conf = acs(sim.secretKey() + "\n", "configure", "--profile", "ci", "--endpoint", sim.endpoint().toString(),
                    "--access-key", sim.accessKey(), "--secret-key-stdin", "--default");
            assertThat(conf.exit()).as(conf.err()).isZero();
            Path file = home.resolve("config.json");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(conf.out() + conf.err()).doesNotContain(sim.secretKey());

            Result list = acs("", "node-list", "--query", "[].id");
            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(list.out()).contains("610474");
            assertThat(list.err()).doesNotContain("embedded");
            assertThat(sim.accessLog()).isNotEmpty();

            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            Result warned = acs("", "node-get", "610474", "--query", "name");
            assertThat(warned.exit()).isZero();
            assertThat(warned.err()).contains("readable by other users").contains("chmod 600");
        }
    }

    @Test
    void aBadEndpointIsRefusedAndNothingIsWritten() throws Exception {
        Result r = acs("sk\n", "configure", "--profile", "x", "--endpoint", "ftp://example", "--access-key", "ak", "--secret-key-stdin");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("ftp://example");
        assertThat(home.resolve("config.json")).doesNotExist();
    }

    @Test
    void answersArePipedOnePerLineAndThenUsed() throws Exception {
        try (Simulator sim = Simulator.start()) {
            Result conf = acs(sim.endpoint() + "\n" + sim.accessKey() + "\n" + sim.secretKey() + "\n", "configure", "--profile", "piped",
                    "--request-timeout", "30s");
            assertThat(conf.exit()).as(conf.err()).isZero();
            String json = Files.readString(home.resolve("config.json"));
            assertThat(json).contains(sim.endpoint().toString()).contains("\"requestTimeout\" : \"30s\"");
            Result list = acs("", "node-get", "610474", "--query", "name");
            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(list.err()).doesNotContain("embedded");
        }
    }

    @Test
    void withoutAnswersNothingIsWrittenAndTheNextCommandDoesNotFallBack() throws Exception {
        Result r = acs("", "configure", "--profile", "empty");
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("would lack the endpoint").contains("access key").contains("secret key").contains("nothing was written");
        assertThat(home.resolve("config.json")).doesNotExist();

        Result partial = acs("http://127.0.0.1:9\n", "configure", "--profile", "half");
        assertThat(partial.exit()).isEqualTo(2);
        assertThat(partial.err()).contains("would lack the access key (--access-key), the secret key").doesNotContain("endpoint (--endpoint)");
        assertThat(home.resolve("config.json")).doesNotExist();
    }

    @Test
    void aBrokenFileIsShownAndRewrittenOnlyWithForce() throws Exception {
        Path file = home.resolve("config.json");
        Files.writeString(file, "{\"profiles\": {\"a\": ");
        Result refused = acs("sk\n", "configure", "--endpoint", "http://127.0.0.1:9", "--access-key", "ak", "--secret-key-stdin");
        assertThat(refused.exit()).isEqualTo(3);
        assertThat(refused.err()).contains(file.toString()).contains("--force");
        Files.writeString(file, "{\"profiles\": {");
        Result read = acs("", "node-list");
        assertThat(read.exit()).isEqualTo(3);
        assertThat(read.err()).as("where the file breaks off, in a person's words, without the parser's own settings")
                .contains("cannot read profile file " + file).contains("opened at line 1, column 14").contains("end-of-input")
                .doesNotContain("StreamReadFeature").doesNotContain("[Source:").doesNotContain("REDACTED");
        Files.writeString(file, "{\"profiles\": {\"a\": ");
        assertThat(Files.readString(file)).isEqualTo("{\"profiles\": {\"a\": ");

        Result forced = acs("sk\n", "configure", "--endpoint", "http://127.0.0.1:9", "--access-key", "ak", "--secret-key-stdin", "--force");
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(forced.err()).as("what cannot be read is shown first").contains("cannot read profile file " + file);
        assertThat(Files.readString(file)).contains("http://127.0.0.1:9");
        try (var kept = Files.list(home)) {
            assertThat(kept.filter(f -> f.getFileName().toString().startsWith("config.json.broken-")).toList())
                    .singleElement().satisfies(f -> assertThat(Files.readString(f)).isEqualTo("{\"profiles\": {\"a\": "));
        }
    }

    @Test
    void aZeroTimeoutIsBadInput() throws Exception {
        Result r = acs("sk\n", "configure", "--endpoint", "http://127.0.0.1:9", "--access-key", "ak", "--secret-key-stdin", "--request-timeout", "0s");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--request-timeout").contains("more than zero");
        assertThat(home.resolve("config.json")).doesNotExist();
    }
}
