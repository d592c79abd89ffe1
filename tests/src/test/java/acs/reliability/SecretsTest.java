package acs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import acs.sim.KeyPair;
import acs.sim.NetworkFault;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secret key and the request signatures appear nowhere a person or a file can see them:
 * CLI stdout and stderr (with --verbose, --dry-run, errors and an unknown outcome), the journal,
 * the simulator's access log.
 */
@Tag("child-process")
class SecretsTest {
    static final String SECRET = "Zq8-very-secret-Value-4711";
    /** A signature is 32 upper-case hex digits (HMAC-MD5); command ids are lower-case UUIDs. */
    static final Pattern SIGNATURE = Pattern.compile("(?<![0-9A-Za-z])[0-9A-F]{32}(?![0-9A-Za-z])");

    @TempDir Path home;

    @Test void secretAndSignaturesNeverShow() throws Exception {
        List<String> accessLog = new CopyOnWriteArrayList<>();
        try (Simulator sim = Simulator.start(SimConfig.defaults().withKeys(new KeyPair("scanak0001", SECRET, Set.of()))
                .withCommandDuration(Duration.ofMillis(300)).withAccessLogSink(accessLog::add))) {
            ChildCli cli = new ChildCli(home, Map.of("ACS_ENDPOINT", sim.endpoint().toString(), "ACS_ACCESS_KEY", "scanak0001",
                    "ACS_SECRET_KEY", SECRET));
            StringBuilder seen = new StringBuilder();
            ChildCli.Result deploy = cli.run("Acs", "node-deploy", "610474", "--url", "http://repo.example.com/s.war", "--wait", "--verbose");
            assertThat(deploy.exit()).as(deploy.toString()).isZero();
            assertThat(deploy.err()).contains("Authorization: <redacted>");
            seen.append(deploy);
            seen.append(cli.run("Acs", "node-list", "--verbose", "-o", "table"));
            ChildCli.Result dry = cli.run("Acs", "node-stop", "610474", "--yes", "--dry-run", "--verbose");
            assertThat(dry.exit()).as(dry.toString()).isZero();
            seen.append(dry);
            sim.faults().networkOnNode(610247, 1, NetworkFault.LOST_RESPONSE);
            ChildCli.Result unknown = cli.run("Acs", "node-deploy", "610247", "--url", "http://repo.example.com/s.war", "--verbose");
            assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(5);
            seen.append(unknown);
            ChildCli.Result sign = new ChildCli(home, Map.of("ACS_ENDPOINT", sim.endpoint().toString(), "ACS_ACCESS_KEY", "scanak0001",
                    "ACS_SECRET_KEY", SECRET + "-wrong")).run("Acs", "node-deploy", "610474", "--url", "http://repo.example.com/s.war", "--verbose");
            assertThat(sign.exit()).as(sign.toString()).isEqualTo(3);
            seen.append(sign);
            ChildCli.Result onCommandLine = new ChildCli(home, Map.of("ACS_ENDPOINT", sim.endpoint().toString()))
                    .run("Acs", "node-get", "610474", "--access-key", "scanak0001", "--secret-key", SECRET, "--verbose");
            assertThat(onCommandLine.exit()).as(onCommandLine.toString()).isZero();
            assertThat(onCommandLine.err()).contains("warning: a secret key on the command line");
            seen.append(onCommandLine);
            seen.append(cli.run("JournalCommand", "-o", "wide"));

            String journal = Files.readString(home.resolve("journal.jsonl"));
            assertThat(journal).contains("node-deploy").contains("unknown");
            for (String where : List.of("cli", "journal", "access log")) {
                String text = switch (where) {
                    case "cli" -> seen.toString();
                    case "journal" -> journal;
                    default -> String.join("\n", accessLog);
                };
                assertThat(text).as(where).doesNotContain(SECRET).doesNotContain(SECRET + "-wrong");
                assertThat(SIGNATURE.matcher(text).results().map(m -> m.group()).toList()).as("signatures in the " + where).isEmpty();
            }
            assertThat(accessLog).isNotEmpty().noneMatch(l -> l.contains("accesskey") || l.contains("scanak0001"));
        }
    }
}
