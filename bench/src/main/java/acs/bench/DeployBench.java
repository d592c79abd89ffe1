package acs.bench;

import acs.ApiCall;
import acs.client.AcsClient;
import acs.fleet.FanOut;
import acs.fleet.FleetReport;
import acs.UploadStart;
import acs.cli.FleetRunner;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;

/**
 * Benchmark 2: deploy + wait on N simulated nodes with S-second commands, with the fan-out engine
 * and, as the baseline, a naive sequential loop (deploy, waitFor, next) timed on a sample and
 * extrapolated. The simulator runs in this JVM (loopback HTTP all the same); its access log
 * counts the requests.
 * <pre>java acs.bench.DeployBench [nodes=1000] [seconds=2] [sample=20, 0: no baseline, -1: one row of bench/run's deploy table] [concurrency=nodes]</pre>
 */
public final class DeployBench {
    private DeployBench() {}

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The process's peak resident set (Linux), e.g. "180 MB", else "?". */
    private static String peakRss() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024 + " MB";
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux
        }
        return "?";
    }

    public static void main(String... a) {
        int n = a.length > 0 ? Integer.parseInt(a[0]) : 1000;
        double seconds = a.length > 1 ? Double.parseDouble(a[1]) : 2;
        int sample = a.length > 2 ? Integer.parseInt(a[2]) : 20;
        int concurrency = a.length > 3 ? Integer.parseInt(a[3]) : n;
        Duration d = Duration.ofMillis((long) (seconds * 1000));
        UploadStart pkg = UploadStart.of("http://repo.example.com/app-2.0.war");
        List<Long> ids = LongStream.range(700001, 700001 + n).boxed().toList();

        try (Simulator sim = Simulator.start(SimConfig.defaults().withSeedDemo(false).withExtraNodes(n).withCommandDuration(d))) {
            AcsClient c = sim.client();
            c.node(700001); // connection and classes warm for both contestants
            // fan-out engine
            sim.clearAccessLog();
            long t0 = System.nanoTime(), cpu0 = cpuNanos();
            FleetReport<Long, Void> r = FanOut.of(c).withConcurrency(concurrency).withRequestBudget(FleetRunner.DEFAULT_CONNECTIONS, 0)
                    .run(ids, id -> ApiCall.uploadStart(id, pkg));
            double fanWall = (System.nanoTime() - t0) / 1e9, cpuPerNode = (cpuNanos() - cpu0) / 1e6 / n;
            long fanRequests = r.requests(); // the access log keeps only the last 10,000
            if (!r.allSucceeded()) System.err.println("fan-out: not all succeeded: " + r.describe());

            if (sample < 0) { // beside the CLI rows of bench/run row 2, in its columns
                System.out.printf("| %d | in process: the engine (concurrency %s, %d connections), no journal, no JVM start, the simulator in the same JVM "
                                + "| %.2f s | %.2f s | %d | %.1f | %s (with the simulator) | %.2f (with the simulator) | (in the column before) | %s |%n",
                        n, concurrency >= n ? "all" : String.valueOf(concurrency), FleetRunner.DEFAULT_CONNECTIONS, fanWall, fanWall - seconds,
                        fanRequests, r.pollsPerCommand(), peakRss(), cpuPerNode, r.describe().replaceAll(" in .*", ""));
                return;
            }
            if (sample == 0) {
                System.out.printf("| deploy + wait, %d nodes, %.0f s commands | fan-out engine (concurrency %d, %d connections) |%n", n, seconds, concurrency,
                        FleetRunner.DEFAULT_CONNECTIONS);
                System.out.println("|---|---|");
                System.out.printf("| wall time | %.2f s |%n| requests sent | %d |%n| polls per command | %.1f |%n", fanWall, fanRequests, r.pollsPerCommand());
                System.out.printf("| CPU ms per node, engine and simulator together | %.2f |%n| outcome | %s |%n", cpuPerNode, r.describe().replaceAll(" in .*", ""));
                return;
            }
            // naive sequential loop on a sample (other nodes: these already have version 1, deploy again)
            sim.clearAccessLog();
            long t1 = System.nanoTime();
            for (long id : ids.subList(0, Math.min(sample, n))) c.waitFor(c.uploadStart(id, pkg));
            double seqWall = (System.nanoTime() - t1) / 1e9;
            long seqRequests = sim.accessLog().size();
            int s = Math.min(sample, n);

            System.out.printf("| deploy + wait, %d nodes, %.0f s commands | fan-out engine (concurrency %d) | naive sequential loop (%d nodes, extrapolated) |%n", n, seconds, concurrency, s);
            System.out.println("|---|---|---|");
            System.out.printf("| wall time | %.2f s | %.1f s (%.2f s measured on %d) |%n", fanWall, seqWall * n / s, seqWall, s);
            System.out.printf("| requests sent | %d | %d (%d measured) |%n", fanRequests, seqRequests * n / s, seqRequests);
            System.out.printf("| polls per command | %.1f | %.1f |%n", r.pollsPerCommand(), (seqRequests - s) / (double) s);
            System.out.printf("| CPU ms per node, client and simulator together | %.2f | |%n", cpuPerNode);
            System.out.printf("| outcome | %s | all succeeded |%n", r.describe().replaceAll(" in .*", ""));
        }
    }
}
