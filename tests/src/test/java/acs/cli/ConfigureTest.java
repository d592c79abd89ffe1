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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code acs configure} writes a private profile that later commands use, in a child JVM with its own ACS_HOME. */
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
}
