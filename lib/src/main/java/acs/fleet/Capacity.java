package acs.fleet;

import acs.InvalidInputException;
import java.lang.management.ManagementFactory;

/**
 * Whether this JVM can hold a fleet run, checked before anything is sent: a connection per request
 * in flight needs a file descriptor, and every node costs heap (its job, its result, its journal
 * lines in flight). A run that would die halfway is refused instead, naming the limit to raise.
 */
final class Capacity {
    /** Descriptors kept free for the journal, the class path, the terminal and the JDK's own. */
    static final int SPARE_DESCRIPTORS = 64;
    /** Heap a node costs at most over a run (docs/PERFORMANCE.md, "Fleet engine profile": measured well below). */
    static final long BYTES_PER_NODE = 8 * 1024;

    private Capacity() {}

    static void check(int connections, int nodes) {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            long max = os.getMaxFileDescriptorCount(), free = max - os.getOpenFileDescriptorCount() - SPARE_DESCRIPTORS;
            if (max > 0 && connections > free) {
                throw new InvalidInputException("--connections", connections + " connections need as many file descriptors, but this process may open "
                        + max + " and only " + Math.max(0, free) + " are free: raise the limit (e.g. 'ulimit -n "
                        + (max - free + connections) + "') or give --connections " + Math.max(1, free));
            }
        }
        Runtime rt = Runtime.getRuntime();
        long need = (long) nodes * BYTES_PER_NODE, heap = rt.maxMemory();
        if (heap != Long.MAX_VALUE && need > heap / 2) {
            throw new InvalidInputException("nodes", nodes + " nodes need about " + need / (1024 * 1024) + " MB of heap for one run, more than half of this JVM's "
                    + heap / (1024 * 1024) + " MB: give it more (e.g. ACS_JAVA_OPTS=-Xmx" + Math.max(64, 2 * need / (1024 * 1024) + 64)
                    + "m for the acs launcher) or deploy in several runs (--service, --name)");
        }
    }
}
