package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.wire.Json;
import acs.journal.Journal;
import acs.journal.JournalEntry;
import acs.journal.JournalEntry.State;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code acs journal} and {@code acs history} as an operator runs them (child JVMs): the same
 * filters, the table says what was sent where and by whom, and an option they would ignore (a key,
 * an endpoint) is refused instead of accepted.
 */
@Tag("child-process")
class JournalCommandTest {
    private static final String EP = "http://acs.example.test";
    @TempDir Path home;

    private static JournalEntry change(long node, String url, String operator, String run, Instant when) {
        return new JournalEntry(UUID.randomUUID().toString(), when, when, EP, null, "node-deploy", "POST", "/api/v1/node/" + node + "/uploadStart",
                node, null, Map.of("url", url), "cmd-" + node + "-" + url.hashCode(), State.SUCCEEDED, null, 1, JournalEntry.Face.CLI, null, run, run == null ? 0 : 1, operator, null);
    }

    @BeforeEach void journal() {
        Instant now = Instant.now();
        Journal.at(home.resolve(Journal.FILE)).store().append(List.of(
                change(610474, "http://repo/old.war", "carol@h3", null, now.minus(30, ChronoUnit.DAYS)),
                change(610474, "http://repo/a.war", "alice@h1", "run-a", now.minus(2, ChronoUnit.HOURS)),
                change(610247, "http://repo/b.war", "bob@h2", null, now.minus(1, ChronoUnit.HOURS)),
                change(610474, "http://repo/c.war", "bob@h2", null, now.minus(1, ChronoUnit.MINUTES))));
    }

    private ChildAcs.Result acs(String... args) throws Exception {
        return new ChildAcs(home).run(args);
    }

    private static List<String> urls(ChildAcs.Result r) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode e : Json.MAPPER.readTree(r.out())) out.add(e.has("params") ? e.path("params").path("url").asText() : e.path("what").asText());
        return out;
    }

    @Test void bothCommandsTakeTheSameFiltersAndListTheNewestLast() throws Exception {
        for (String cmd : List.of("journal", "history")) {
            ChildAcs.Result all = acs(cmd);
            assertThat(all.exit()).as(all.toString()).isZero();
            assertThat(urls(all)).as(cmd + ": oldest first, the newest last").hasSize(4).last().asString().endsWith("c.war");
            assertThat(urls(acs(cmd, "--limit", "2"))).as(cmd + " --limit 2: the newest two").hasSize(2).allMatch(u -> u.endsWith("b.war") || u.endsWith("c.war"));
            assertThat(urls(acs(cmd, "--node", "610474", "--since", "7d"))).as(cmd).hasSize(2).noneMatch(u -> u.endsWith("old.war"));
            assertThat(urls(acs(cmd, "--user", "bob"))).as(cmd).hasSize(2).allMatch(u -> u.endsWith("b.war") || u.endsWith("c.war"));
            assertThat(urls(acs(cmd, "--run", "run-a"))).as(cmd).singleElement().asString().endsWith("a.war");
            ChildAcs.Result zero = acs(cmd, "--limit", "0");
            assertThat(zero.exit()).isEqualTo(2);
            assertThat(zero.err()).contains("--limit").contains("at least 1");
        }
    }

    @Test void theJournalTableSaysWhatWasSentWhereAndByWhom() throws Exception {
        ChildAcs.Result t = acs("journal", "--node", "610247", "-o", "table");
        assertThat(t.exit()).as(t.toString()).isZero();
        String[] lines = t.out().split("\n");
        assertThat(lines[0]).contains("WHAT").contains("USER").contains("ENDPOINT");
        assertThat(lines[1]).contains("url=http://repo/b.war").contains("bob@h2").contains(EP).contains("node 610247");
    }

    @Test void optionsTheyWouldIgnoreAreRefused() throws Exception {
        for (String[] args : new String[][] {{"journal", "--secret-key", "s3cr3t-value"}, {"journal", "--endpoint", "http://other"},
                {"history", "--profile", "prod"}, {"journal", "--runs", "--access-key", "ak"}}) {
            ChildAcs.Result r = acs(args);
            assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).contains("Unknown option").contains("reads only the journal").contains("takes no " + args[args.length - 2]);
        }
    }
}
