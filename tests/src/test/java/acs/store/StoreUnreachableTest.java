package acs.store;

import static org.assertj.core.api.Assertions.assertThat;

import acs.reliability.ChildCli;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A team's store that cannot be reached: reads of the API still work; a change stops before it is sent, exit 3, no password shown. */
@Tag("child-process")
class StoreUnreachableTest {
    @TempDir Path home;

    @Test void readsWorkAndAChangeIsRefusedNamingTheStoreWithoutItsPassword() throws Exception {
        try (Simulator sim = Simulator.start(SimConfig.defaults())) {
            Map<String, String> env = new HashMap<>(ChildCli.env(sim));
            env.put("ACS_STORE", "postgresql://deployer:hunter2@127.0.0.1:1/acs"); // nothing listens on port 1
            ChildCli cli = new ChildCli(home, env);
            ChildCli.Result read = cli.run("Acs", "node-get", "610474");
            assertThat(read.exit()).as(read.toString()).isZero();
            ChildCli.Result change = cli.run("Acs", "node-deploy", "610474", "--url", "http://repo.example.com/a.war");
            assertThat(change.exit()).as(change.toString()).isEqualTo(3);
            assertThat(change.err()).contains("127.0.0.1:1").doesNotContain("hunter2");
            assertThat(sim.accessLog()).noneMatch(e -> e.method().equals("POST"));
        }
    }
}
