///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES acs/cli/CliSources.java

import acs.Durations;
import acs.InvalidInputException;
import acs.config.AcsHome;
import acs.sim.CommandFault;
import acs.sim.EmbeddedSimulator;
import acs.cli.Cli;
import acs.sim.KeyPair;
import acs.sim.NetworkFault;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
                "  acs sim --port 8080 --fault-node 610474:START_FAILED --fault-node 610247:RESULT_FAILED:'download package'",
                "  acs sim --port 8080 --fault-node 610247#2:START_FAILED      # only node 610247's second command fails",
                "  acs sim --port 8080 --command-seconds 610474:20      # node 610474 is slow",
                "  acs sim --port 8080 --key-services 12209 --latency 200ms --fault-rate 0.1 --fault-kinds http500,timeout1009",
                "  acs sim --port 8080 --state /tmp/acs-sim.json --reset                   # start again from the demo data",
                "  acs sim --reset-embedded                # the embedded simulator's state (~/.acs/sim-state.json) back to the demo data",
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

    @Option(names = "--command-seconds", paramLabel = "[ID:]S", description = "How long a command takes, in seconds (default 3; fractions allowed); "
            + "ID:S for the commands on node ID (repeatable).")
    List<String> commandSeconds = List.of();

    @Option(names = "--fault-node", paramLabel = "ID[#N]:KIND[:STEP]", description = "Every command on node ID (with #N: only its N-th, "
            + "e.g. 610247#2 for a deploy that fails after one that made version 1, its rollback then succeeding) meets this fault (repeatable): "
            + "PUBLISH_FAILED (never published), RESULT_FAILED (a PrepareParams step fails, result 500), START_FAILED (the last container "
            + "is left STARTFAILED/STOPFAILED, result 500), NEVER_FINISHES (stays RUNNING), NONE. STEP names the failing step for "
            + "RESULT_FAILED ('check params', 'download package', ...) or START_FAILED ('pull image', 'start container', ...); "
            + "a command without that step fails at its activity's last.")
    List<String> faultNodes = List.of();

    @Option(names = "--reset", description = "Start from the demo data: discard the --state FILE's content.")
    boolean reset;

    @Option(names = "--reset-embedded", description = "Reset the embedded simulator's state (sim-state.json in $ACS_HOME or ~/.acs) to the demo data, and exit.")
    boolean resetEmbedded;

    @Option(names = "--quiet", description = "Do not print the access log.")
    boolean quiet;

    @Option(names = "--fault-rate", paramLabel = "R", description = "Fraction (0..1) of requests that meet a network fault (default 0).")
    double faultRate;

    @Option(names = "--fault-kinds", paramLabel = "KINDS", description = "Comma-separated network faults for --fault-rate (default all): "
            + "http500 (HTTP 500, code 1001), reset (connection closed before an answer), truncated (applied, answer cut), "
            + "nonjson (an HTML proxy page), stall (no answer for --fault-stall), lost (POST/DELETE applied, answer lost), "
            + "timeout1009 (code 1009, the server timed out; not applied).")
    String faultKinds = "all";

    @Option(names = "--key-services", paramLabel = "IDS", split = ",", description = "Limit the access key to these services "
            + "(comma-separated ids): any other service's node, container, command or service answers 1006 NoPermission, and lists leave them out.")
    List<Long> keyServices = List.of();

    @Option(names = "--latency", paramLabel = "DURATION", description = "Added before every answer (e.g. 200ms), to feel a slow or distant endpoint.")
    String latency;

    @Option(names = "--fault-stall", paramLabel = "DURATION", description = "How long a stall fault holds a request (default 30s: longer than a client's timeout).")
    String faultStall;

    @Override public Integer call() throws Exception {
        String sk = secretKey != null ? secretKey : System.getenv("ACS_SIM_SECRET_KEY");
        if ((accessKey == null) != (sk == null || sk.isBlank())) {
            throw new InvalidInputException(accessKey == null ? "--access-key" : "--secret-key",
                    "is required together with " + (accessKey == null ? "--secret-key" : "--access-key") + " (or ACS_SIM_SECRET_KEY)");
        }
        if (resetEmbedded) {
            resetEmbedded();
            return 0;
        }
        if (reset && state == null) {
            throw new InvalidInputException("--reset", "needs --state FILE (without a state file every run starts from the demo data; "
                    + "the embedded simulator's state: --reset-embedded)");
        }
        if (nodes < 0) throw new InvalidInputException("--nodes", nodes + " must not be negative");
        Duration commandDuration = Duration.ofSeconds(3);
        Map<Long, Duration> nodeDurations = new LinkedHashMap<>();
        for (String spec : commandSeconds) {
            String[] p = spec.split(":", -1);
            if (p.length > 2) throw new InvalidInputException("--command-seconds", "'" + spec + "': expected SECONDS or NODE_ID:SECONDS");
            Duration d = seconds(spec, p[p.length - 1]);
            if (p.length == 2) nodeDurations.put(nodeId("--command-seconds", spec, p[0]), d);
            else commandDuration = d;
        }
        Map<Long, String[]> nodeFaults = new LinkedHashMap<>();
        for (String spec : faultNodes) {
            String[] idAndNth = spec.split(":", -1)[0].split("#", -1);
            if (idAndNth.length > 2) throw new InvalidInputException("--fault-node", "'" + spec + "': expected NODE_ID[#N]:KIND[:STEP]");
            String[] f = faultSpec(spec);
            String nth = idAndNth.length == 2 ? Long.toString(nth(spec, idAndNth[1])) : null;
            nodeFaults.put(nodeId("--fault-node", spec, idAndNth[0]), new String[] {f[0], f[1], nth});
        }
        SimConfig config = SimConfig.defaults().withHost(host).withPort(port).withExtraNodes(nodes)
                .withCommandDuration(commandDuration)
                .withAccessLogSink(quiet ? null : line -> System.err.println(line));
        KeyPair key = accessKey != null ? new KeyPair(accessKey, sk, Set.copyOf(keyServices))
                : new KeyPair(KeyPair.DEMO.accessKey(), KeyPair.DEMO.secretKey(), Set.copyOf(keyServices));
        if (accessKey != null || !keyServices.isEmpty()) config = config.withKeys(List.of(key));
        if (state != null) config = config.withStateFile(state);
        if (!(faultRate >= 0 && faultRate <= 1)) throw new InvalidInputException("--fault-rate", faultRate + " must be between 0 and 1");
        java.util.Set<NetworkFault> kinds;
        try {
            kinds = NetworkFault.parseList(faultKinds);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--fault-kinds", e.getMessage());
        }
        Duration stall = faultStall == null ? null : Durations.parse("--fault-stall", faultStall);
        if (reset) Files.deleteIfExists(state);
        try (Simulator sim = Simulator.start(config)) {
            for (Long id : union(nodeDurations.keySet(), nodeFaults.keySet())) {
                if (sim.state().node(id).isEmpty()) {
                    throw new InvalidInputException(nodeFaults.containsKey(id) ? "--fault-node" : "--command-seconds", "node " + id
                            + " does not exist in this simulator (its nodes: " + sim.state().nodes().stream().limit(10).map(n -> Long.toString(n.id())).toList() + ")");
                }
            }
            nodeDurations.forEach((id, d) -> sim.faults().commandDuration(id, d));
            nodeFaults.forEach((id, f) -> {
                if (f[2] == null) sim.faults().onNode(id, CommandFault.valueOf(f[0]), f[1]);
                else sim.faults().onNodeOnly(id, CommandFault.valueOf(f[0]), f[1], Integer.parseInt(f[2]));
            });
            if (latency != null) sim.faults().latency(Durations.parse("--latency", latency));
            if (faultRate > 0) {
                sim.faults().network(faultRate, kinds);
                if (stall != null) sim.faults().stallTime(stall);
            }
            System.out.println("ACS simulator listening on " + sim.endpoint());
            System.out.println("  access key: " + sim.accessKey());
            System.out.println("  secret key: " + (accessKey == null ? sim.secretKey() + "   (the documented demo key)" : "(the one you supplied; not shown)"));
            System.out.println("  commands take " + Durations.format(config.commandDuration()) + (state == null ? "" : "; state in " + state));
            nodeDurations.forEach((id, d) -> System.out.println("  commands on node " + id + " take " + Durations.format(d)));
            nodeFaults.forEach((id, f) -> System.out.println((f[2] == null ? "  commands on node " + id : "  command #" + f[2] + " on node " + id
                    + " (only)") + " meet" + (f[2] == null ? "" : "s") + " " + f[0] + (f[1] == null ? "" : " at step '" + f[1] + "'")));
            if (!keyServices.isEmpty()) System.out.println("  the access key may touch services " + keyServices + " only (others: 1006 NoPermission)");
            if (latency != null) System.out.println("  every answer is delayed " + Durations.format(sim.faults().latency()));
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

    private void resetEmbedded() throws Exception {
        Path home = AcsHome.of(System.getenv());
        Path file = EmbeddedSimulator.stateFile(home);
        EmbeddedSimulator.withStateLocked(home, System.err::println, () -> {
            try {
                Files.deleteIfExists(file);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot remove " + file + ": " + e.getMessage(), e);
            }
        });
        System.err.println("acs: the embedded simulator starts from the demo data again (" + file + " removed)");
    }

    private static java.util.Set<Long> union(java.util.Set<Long> a, java.util.Set<Long> b) {
        java.util.Set<Long> u = new java.util.TreeSet<>(a);
        u.addAll(b);
        return u;
    }

    private static long nodeId(String option, String spec, String id) {
        try {
            long n = Long.parseLong(id.strip());
            if (n > 0) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(option, "'" + spec + "': '" + id + "' is not a node id");
    }

    private static Duration seconds(String spec, String text) {
        try {
            double s = Double.parseDouble(text.strip());
            if (s >= 0 && s < 1e9) return Duration.ofMillis((long) (s * 1000));
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException("--command-seconds", "'" + spec + "': '" + text + "' is not a number of seconds (0 or more)");
    }

    private static int nth(String spec, String n) {
        try {
            int v = Integer.parseInt(n.strip());
            if (v >= 1) return v;
        } catch (NumberFormatException e) {
            // said below
        }
        throw new InvalidInputException("--fault-node", "'" + spec + "': '#" + n + "' is not a command number (1 = the node's first command)");
    }

    /** ID:KIND[:STEP] → {KIND, STEP or null}, checked. */
    private static String[] faultSpec(String spec) {
        String[] p = spec.split(":", 3);
        if (p.length < 2) throw new InvalidInputException("--fault-node", "'" + spec + "': expected NODE_ID[#N]:KIND[:STEP], e.g. 610474:START_FAILED");
        String kind = p[1].strip().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        CommandFault fault;
        try {
            fault = CommandFault.valueOf(kind);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--fault-node", "'" + spec + "': unknown fault '" + p[1] + "'; known: "
                    + java.util.Arrays.toString(CommandFault.values()));
        }
        String step = p.length == 3 && !p[2].isBlank() ? p[2].strip() : null;
        if (step != null && fault != CommandFault.RESULT_FAILED && fault != CommandFault.START_FAILED) {
            throw new InvalidInputException("--fault-node", "'" + spec + "': a failing step applies to RESULT_FAILED and START_FAILED, not " + fault);
        }
        return new String[] {fault.name(), step};
    }

    public static void main(String... args) {
        System.exit(Cli.run(new Sim(), args));
    }
}
