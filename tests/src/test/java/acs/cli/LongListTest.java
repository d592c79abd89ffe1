package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import acs.sim.NetworkFault;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import acs.wire.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * node-list of more nodes than the table aligns on (1000): every row is printed, in order; and an
 * answer that breaks off is read again from its start, printing the whole list once.
 */
@Timeout(120)
class LongListTest {
    @Test
    void aTableOfMoreThanAThousandNodesHasEveryRowInOrder() throws Exception {
        try (Simulator sim = Simulator.start(SimConfig.defaults().withExtraNodes(1100))) {
            List<Long> ids = new ArrayList<>();
            for (JsonNode n : Json.MAPPER.readTree(CliHarness.runAgainst(sim, "node-list", "--query", "[].{id: id}").out())) ids.add(n.path("id").asLong());
            assertThat(ids).hasSizeGreaterThan(1100);
            CliHarness.Result r = CliHarness.runAgainst(sim, "node-list", "-o", "table");
            assertThat(r.exit()).as(r.err()).isZero();
            List<String> lines = r.out().lines().toList();
            assertThat(lines.get(0)).startsWith("ID ").contains("   NAME   ");
            assertThat(lines.subList(1, lines.size()).stream().map(l -> Long.parseLong(l.split(" ")[0])).toList()).isEqualTo(ids);
            int nameColumn = lines.get(0).indexOf("NAME");
            assertThat(lines.get(lines.size() - 1).substring(0, nameColumn)).as("a later row keeps the columns of the first thousand")
                    .isEqualTo(ids.get(ids.size() - 1) + "   ");
        }
    }

    @Test
    void anAnswerThatBreaksOffIsPrintedOnceWhole() {
        try (Simulator sim = Simulator.start(SimConfig.defaults().withExtraNodes(300))) {
            String table = CliHarness.runAgainst(sim, "node-list", "-o", "table").out();
            String ids = CliHarness.runAgainst(sim, "node-list", "--query", "[].id", "-o", "table").out();
            sim.faults().seed(25).network(0.5, NetworkFault.TRUNCATED);
            int retriedAndWhole = 0;
            for (int i = 0; i < 12; i++) {
                boolean query = i % 2 == 1;
                int before = sim.accessLog().size();
                CliHarness.Result r = query ? CliHarness.runAgainst(sim, "node-list", "--query", "[].id", "-o", "table")
                        : CliHarness.runAgainst(sim, "node-list", "-o", "table");
                int requests = sim.accessLog().size() - before;
                if (r.exit() == 0) {
                    assertThat(r.out()).as("run %d after %d requests", i, requests).isEqualTo(query ? ids : table);
                    if (requests > 1) retriedAndWhole++;
                } else {
                    assertThat(r.exit()).as(r.toString()).isEqualTo(5);
                    assertThat(r.out()).isEmpty();
                }
            }
            assertThat(retriedAndWhole).as("runs read again whole (seeded)").isPositive();
        }
    }
}
