///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES acs/cli/CliSources.java

import acs.Durations;
import acs.InvalidInputException;
import acs.cli.Cli;
import acs.sim.KeyPair;
import acs.sim.NetworkFault;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the simulator in the foreground. */
@Command(name = "sim", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Run the ACS/EWS simulator in the foreground: every endpoint of the API, signed, stateful, seeded with the documents' examples.",
                "With no keys given it uses the documented demo keys (access key t9xuit3pt202ou09, secret key secretKey123) and prints them."},
        footer = {"", "Examples:",
                "  acs sim --port 8080",
                "  acs sim --port 8080 --state /tmp/acs-sim.json --nodes 1000 --command-seconds 2",
                "  acs sim --port 8080 --fault-rate 0.3 --fault-kinds reset,lost,truncated --fault-stall 15s",
                "  ACS_SIM_SECRET_KEY=... acs sim --access-key myak     # the secret is never printed"})
public class Sim implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (default 8080; 0 picks a free one).")
    int port = 8080;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to bind (default 127.0.0.1).")
    String host = "127.0.0.1";

    @Option(names = "--access-key", paramLabel = "AK", description = "Access key to accept (with --secret-key or ACS_SIM_SECRET_KEY).")
    String accessKey;

    @Option(names = "--secret-key", paramLabel = "SK", description = "Secret key of --access-key (prefer the environment variable ACS_SIM_SECRET_KEY).")
    String secretKey;

    @Option(names = "--state", paramLabel = "FILE", description = "Persist the state in FILE (loaded at start, written atomically).")
    Path state;

    @Option(names = "--nodes", paramLabel = "N", description = "Add N generated nodes (two containers each) for scale work.")
    int nodes;

    @Option(names = "--command-seconds", paramLabel = "S", description = "How long a command takes, in seconds (default 3; fractions allowed).")
    double commandSeconds = 3;

    @Option(names = "--quiet", description = "Do not print the access log.")
    boolean quiet;

    @Option(names = "--fault-rate", paramLabel = "R", description = "Fraction (0..1) of requests that meet a network fault (default 0).")
    double faultRate;

    @Option(names = "--fault-kinds", paramLabel = "KINDS", description = "Comma-separated network faults for --fault-rate (default all): "
            + "http500 (HTTP 500, code 1001), reset (connection closed before an answer), truncated (applied, answer cut), "
            + "nonjson (an HTML proxy page), stall (no answer for --fault-stall), lost (POST/DELETE applied, answer lost).")
    String faultKinds = "all";

    @Option(names = "--fault-stall", paramLabel = "DURATION", description = "How long a stall fault holds a request (default 30s: longer than a client's timeout).")
    String faultStall;

    @Override public Integer call() throws Exception {
        String sk = secretKey != null ? secretKey : System.getenv("ACS_SIM_SECRET_KEY");
        if ((accessKey == null) != (sk == null || sk.isBlank())) {
            throw new InvalidInputException(accessKey == null ? "--access-key" : "--secret-key",
                    "is required together with " + (accessKey == null ? "--secret-key" : "--access-key") + " (or ACS_SIM_SECRET_KEY)");
        }
        if (nodes < 0) throw new InvalidInputException("--nodes", nodes + " must not be negative");
        if (commandSeconds < 0) throw new InvalidInputException("--command-seconds", commandSeconds + " must not be negative");
        SimConfig config = SimConfig.defaults().withHost(host).withPort(port).withExtraNodes(nodes)
                .withCommandDuration(java.time.Duration.ofMillis((long) (commandSeconds * 1000)))
                .withAccessLogSink(quiet ? null : line -> System.err.println(line));
        if (accessKey != null) config = config.withKeys(List.of(new KeyPair(accessKey, sk, Set.of())));
        if (state != null) config = config.withStateFile(state);
        if (!(faultRate >= 0 && faultRate <= 1)) throw new InvalidInputException("--fault-rate", faultRate + " must be between 0 and 1");
        java.util.Set<NetworkFault> kinds;
        try {
            kinds = NetworkFault.parseList(faultKinds);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--fault-kinds", e.getMessage());
        }
        java.time.Duration stall = faultStall == null ? null : Durations.parse("--fault-stall", faultStall);
        try (Simulator sim = Simulator.start(config)) {
            if (faultRate > 0) {
                sim.faults().network(faultRate, kinds);
                if (stall != null) sim.faults().stallTime(stall);
            }
            System.out.println("ACS simulator listening on " + sim.endpoint());
            System.out.println("  access key: " + sim.accessKey());
            System.out.println("  secret key: " + (accessKey == null ? sim.secretKey() + "   (the documented demo key)" : "(the one you supplied; not shown)"));
            System.out.println("  commands take " + Durations.format(config.commandDuration()) + (state == null ? "" : "; state in " + state));
            if (faultRate > 0) {
                System.out.println("  network faults on " + faultRate + " of requests: " + kinds.stream().map(NetworkFault::wireName).toList()
                        + "; stalls last " + Durations.format(sim.faults().stallTime()));
            }
            System.out.println("Try: ACS_ENDPOINT=" + sim.endpoint() + " ACS_ACCESS_KEY=" + sim.accessKey()
                    + (accessKey == null ? " ACS_SECRET_KEY=" + sim.secretKey() : "") + " ./jbang acs node-list");
            System.out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(sim::close));
            sim.awaitTermination();
        }
        return 0;
    }

    public static void main(String... args) {
        System.exit(Cli.run(new Sim(), args));
    }
}
