package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.ConfigException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * A client for an endpoint the journal recorded (what {@code command-wait --pending --all-endpoints}
 * visits): that endpoint with the credentials this run resolves; the embedded simulator of another run is not
 * reachable, and the message says where its state is and how to wait for it there.
 */
class RecordedEndpointTest {
    @Command(name = "waiter")
    static final class Waiter implements Runnable {
        @Mixin GlobalOptions global;

        @Override public void run() {}
    }

    static GlobalOptions parsed(String... args) {
        Waiter w = new Waiter();
        CommandLine cl = Cli.commandLine(w);
        cl.setErr(new java.io.PrintWriter(new java.io.StringWriter(), true));
        cl.parseArgs(args);
        return w.global;
    }

    @Test
    void aRecordedUrlIsConnectedToWithTheCredentialsThisRunResolves() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("ACS_ACCESS_KEY") == null && System.getenv("ACS_PROFILE") == null,
                "no credentials in the environment");
        for (String[] args : new String[][] {{"--timeout", "3s"}, {}}) {
            assertThatThrownBy(() -> parsed(args).clientFor("http://127.0.0.1:9", null)).as("none here")
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("incomplete configuration: found endpoint (from --endpoint); missing: the access key");
        }
    }

    @Test
    void anotherRunsEmbeddedSimulatorIsNotReachedAndTheMessageSaysWhereItsStateIs() {
        assertThatThrownBy(() -> parsed().clientFor(Connections.EMBEDDED + "/home/ops/.acs/sim-state.json", null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("it was made on the embedded simulator whose state is /home/ops/.acs/sim-state.json; "
                        + "run 'acs command-wait --pending' with that ACS_HOME and no endpoint");
    }
}
