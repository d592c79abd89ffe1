package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.config.AcsHome;
import acs.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code acs configure} in this JVM (the twin of the child JVM {@link ConfigureTest}): it writes the
 * profile file of the process's acs home, shared by the other tests, so each test writes profiles of
 * unique names and puts the file back as it found it (and removes the broken copies it made).
 */
class ConfigureInProcessTest {
    private final Path home = AcsHome.of(System.getenv());
    private final Path file = home.resolve("config.json");
    private final String name = "cfg-" + UUID.randomUUID().toString().substring(0, 8);
    private byte[] saved;
    private List<Path> before;

    @BeforeEach void snapshot() throws Exception {
        Files.createDirectories(home);
        saved = Files.exists(file) ? Files.readAllBytes(file) : null;
        try (Stream<Path> s = Files.list(home)) {
            before = s.toList();
        }
    }

    @AfterEach void putBack() throws Exception {
        if (saved == null) Files.deleteIfExists(file);
        else Files.write(file, saved);
        try (Stream<Path> s = Files.list(home)) {
            for (Path p : s.toList()) if (!before.contains(p) && p.getFileName().toString().startsWith("config.json.broken-")) Files.delete(p);
        }
    }

    /** Runs acs with this standard input; configure writes its notices to the process's stderr, captured here too. */
    private static CliHarness.Result acs(String stdin, String... args) {
        InputStream in = System.in;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            CliHarness.Result r = CliHarness.run(args);
            return new CliHarness.Result(r.exit(), r.out(), r.err() + captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setIn(in);
            System.setErr(err);
        }
    }

    private JsonNode profile(String n) throws Exception {
        return Json.MAPPER.readTree(file.toFile()).path("profiles").path(n);
    }

    @Test void flagsAndASecretOnStdinWriteACompleteProfileAndSayWhere() throws Exception {
        CliHarness.Result r = acs("s3cr3t-key-1\n", "configure", "--profile", name, "--endpoint", "http://127.0.0.1:9", "--access-key", "ak-1",
                "--secret-key-stdin", "--request-timeout", "30s", "--connect-timeout", "3s", "--store", " postgresql://acs@db:5432/acs ");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).contains("acs: profile '" + name + "' written to " + file).doesNotContain("s3cr3t-key-1");
        assertThat(r.out()).isEmpty();
        JsonNode p = profile(name);
        assertThat(p.path("endpoint").asText()).isEqualTo("http://127.0.0.1:9");
        assertThat(p.path("accessKey").asText()).isEqualTo("ak-1");
        assertThat(p.path("secretKey").asText()).isEqualTo("s3cr3t-key-1");
        assertThat(p.path("requestTimeout").asText()).isEqualTo("30s");
        assertThat(p.path("connectTimeout").asText()).isEqualTo("3s");
        assertThat(p.path("store").asText()).as("stripped").isEqualTo("postgresql://acs@db:5432/acs");

        // a second write with only the secret keeps the rest, and an empty --store removes the store
        CliHarness.Result again = acs("s3cr3t-key-2\n", "configure", "--profile", name, "--secret-key-stdin", "--store", "");
        assertThat(again.exit()).as(again.toString()).isZero();
        JsonNode q = profile(name);
        assertThat(q.path("endpoint").asText()).isEqualTo("http://127.0.0.1:9");
        assertThat(q.path("accessKey").asText()).isEqualTo("ak-1");
        assertThat(q.path("secretKey").asText()).isEqualTo("s3cr3t-key-2");
        assertThat(q.path("requestTimeout").asText()).as("kept").isEqualTo("30s");
        assertThat(q.path("connectTimeout").asText()).as("kept").isEqualTo("3s");
        assertThat(q.has("store")).isFalse();

        CliHarness.Result keepStore = acs("", "configure", "--profile", name, "--store", "postgres://acs@db2/acs");
        assertThat(keepStore.exit()).as("piped nothing: every current value kept " + keepStore).isZero();
        assertThat(profile(name).path("secretKey").asText()).isEqualTo("s3cr3t-key-2");
        assertThat(profile(name).path("store").asText()).isEqualTo("postgres://acs@db2/acs");
        acs("", "configure", "--profile", name);
        assertThat(profile(name).path("store").asText()).as("a write without --store keeps it").isEqualTo("postgres://acs@db2/acs");
    }

    @Test void answersArePipedOnePerLineAndAnEmptyLineKeepsTheCurrentValue() throws Exception {
        CliHarness.Result r = acs("  http://127.0.0.1:8 \n ak-p \n sk-p \n", "configure", "--profile", name);
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode p = profile(name);
        assertThat(p.path("endpoint").asText()).isEqualTo("http://127.0.0.1:8");
        assertThat(p.path("accessKey").asText()).isEqualTo("ak-p");
        assertThat(p.path("secretKey").asText()).isEqualTo("sk-p");

        CliHarness.Result kept = acs("\n   \nsk-q\n", "configure", "--profile", name);
        assertThat(kept.exit()).as(kept.toString()).isZero();
        assertThat(profile(name).path("endpoint").asText()).isEqualTo("http://127.0.0.1:8");
        assertThat(profile(name).path("accessKey").asText()).isEqualTo("ak-p");
        assertThat(profile(name).path("secretKey").asText()).isEqualTo("sk-q");

        CliHarness.Result flag = acs("\nsk-r\n", "configure", "--profile", name, "--access-key", "ak-r");
        assertThat(flag.exit()).as("a flag's value is not asked: the lines are the endpoint's and the secret's " + flag).isZero();
        assertThat(profile(name).path("accessKey").asText()).isEqualTo("ak-r");
        assertThat(profile(name).path("secretKey").asText()).isEqualTo("sk-r");
        assertThat(profile(name).path("endpoint").asText()).isEqualTo("http://127.0.0.1:8");
    }

    @Test void whatAProfileWouldLackIsNamedAndNothingIsWritten() throws Exception {
        CliHarness.Result none = acs("", "configure", "--profile", name);
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("profile '" + name + "' would lack the endpoint (--endpoint), the access key (--access-key), the secret key"
                + " (--secret-key-stdin); nothing was written");
        CliHarness.Result half = acs("http://127.0.0.1:9\n", "configure", "--profile", name);
        assertThat(half.exit()).isEqualTo(2);
        assertThat(half.err()).contains("would lack the access key (--access-key), the secret key").doesNotContain("endpoint (--endpoint)");
        CliHarness.Result noSecret = acs("http://127.0.0.1:9\nak\n\n", "configure", "--profile", name);
        assertThat(noSecret.err()).contains("would lack the secret key (--secret-key-stdin);").doesNotContain("access key (");
        CliHarness.Result emptyStdin = acs("", "configure", "--profile", name, "--endpoint", "http://127.0.0.1:9", "--access-key", "ak", "--secret-key-stdin");
        assertThat(emptyStdin.exit()).isEqualTo(2);
        assertThat(emptyStdin.err()).contains("--secret-key-stdin").contains("standard input was empty");
        CliHarness.Result onlySecret = acs("sk\n", "configure", "--profile", name, "--secret-key-stdin");
        assertThat(onlySecret.exit()).isEqualTo(2);
        assertThat(onlySecret.err()).contains("would lack the endpoint (--endpoint), the access key (--access-key);");
        CliHarness.Result zero = acs("sk\n", "configure", "--profile", name, "--endpoint", "http://127.0.0.1:9", "--access-key", "ak",
                "--secret-key-stdin", "--connect-timeout", "0s");
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).contains("--connect-timeout");
        CliHarness.Result badUrl = acs("sk\n", "configure", "--profile", name, "--endpoint", "ftp://example", "--access-key", "ak", "--secret-key-stdin");
        assertThat(badUrl.exit()).isEqualTo(3);
        assertThat(badUrl.err()).contains("ftp://example");
        CliHarness.Result notAStore = acs("sk\n", "configure", "--profile", name, "--endpoint", "http://127.0.0.1:9", "--access-key", "ak",
                "--secret-key-stdin", "--store", "mysql://root:hunter2@db/acs");
        assertThat(notAStore.exit()).isEqualTo(2);
        assertThat(notAStore.err()).contains("--store").contains("is not a store URI").contains("postgresql://user@host:5432/db")
                .doesNotContain("hunter2");
        assertThat(Files.exists(file) ? profile(name).isMissingNode() : true).as("no profile " + name + " written").isTrue();
    }

    @Test void aBrokenProfileFileIsShownAndRewrittenOnlyWithForce() throws Exception {
        Files.writeString(file, "{\"profiles\": {\"a\": ");
        CliHarness.Result refused = acs("sk\n", "configure", "--profile", name, "--endpoint", "http://127.0.0.1:9", "--access-key", "ak", "--secret-key-stdin");
        assertThat(refused.exit()).isEqualTo(3);
        assertThat(refused.err()).contains(file.toString()).contains("--force");
        assertThat(Files.readString(file)).isEqualTo("{\"profiles\": {\"a\": ");

        CliHarness.Result forced = acs("sk\n", "configure", "--profile", name, "--endpoint", "http://127.0.0.1:9", "--access-key", "ak",
                "--secret-key-stdin", "--force");
        assertThat(forced.exit()).as(forced.toString()).isZero();
        assertThat(forced.err()).contains("acs: cannot read profile file " + file)
                .contains("acs: --force: writing a new profile file; the broken one is kept beside it");
        assertThat(profile(name).path("endpoint").asText()).isEqualTo("http://127.0.0.1:9");
    }
}
