package acs.journal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run: a fleet command or a script, with what is needed to run it again ({@code acs resume}).
 * Its changes carry its id in the journal ({@link JournalEntry#run()}).
 *
 * @param started  when it began (ISO-8601)
 * @param state    {@code running} while an attempt goes on (or was killed: {@link #interrupted()});
 *                 {@code incomplete} when an attempt ended with nodes left without an end (skipped,
 *                 cancelled, unknown, still running): resumable; {@code finished} when every node has an end
 * @param attempts the attempts so far; the current one is the run's claim token
 * @param operator who made the last attempt ({@link Operator})
 * @param host     the machine of the last attempt
 * @param home     the toolkit home (a file store's folder) of the last attempt: a copied home is told apart by it
 * @param summary  the counts when the last attempt ended (null while running)
 */
public record RunRecord(String id, String kind, String started, String endpoint, String profile, long pid, String state,
                        int attempts, String ended, Fleet fleet, Script script, String operator, String host, String home,
                        Summary summary) {
    public static final String FLEET = "fleet", SCRIPT = "script", RUNNING = "running", FINISHED = "finished", INCOMPLETE = "incomplete";

    /**
     * A fleet command: the change made to each node (its {@link acs.Operation}'s CLI name and
     * parameters, secrets redacted), the nodes in their order, and the engine's settings.
     *
     * @param connections the run's {@code --connections} (HTTP requests at once); 0 in a record
     *                    written before it was kept: the default then
     */
    public record Fleet(String operation, String verb, String method, Map<String, String> params,
                        List<Long> nodes, int concurrency, int batch, long pauseMillis, int maxFailures, String rollbackVersion,
                        long waitTimeoutMillis, int connections) {
        public Fleet {
            params = params == null ? Map.of() : Map.copyOf(params);
            nodes = nodes == null ? List.of() : List.copyOf(nodes);
        }

        /** A fleet command whose connections are the default. */
        public Fleet(String operation, String verb, String method, Map<String, String> params,
                     List<Long> nodes, int concurrency, int batch, long pauseMillis, int maxFailures, String rollbackVersion,
                     long waitTimeoutMillis) {
            this(operation, verb, method, params, nodes, concurrency, batch, pauseMillis, maxFailures, rollbackVersion, waitTimeoutMillis, 0);
        }
    }

    /** A script: its path, the hash of its text, its parameters (secret-looking ones redacted) and arguments. */
    public record Script(String path, String sha256, Map<String, String> params, List<String> args, boolean dynamic) {
        public Script {
            params = params == null ? Map.of() : Map.copyOf(params);
            args = args == null ? List.of() : List.copyOf(args);
        }
    }

    /** Where the run stood when an attempt ended. */
    public record Summary(int nodes, int done, int failed, int unknown, int left) {}

    /** A new run, attempt 1, by this process. */
    public static RunRecord start(String id, String kind, String endpoint, String profile, Fleet fleet, Script script, Operator me, String home) {
        return new RunRecord(id, kind, Instant.now().toString(), endpoint, profile, me.pid(), RUNNING, 1, null, fleet, script,
                me.name(), me.host(), home, null);
    }

    /**
     * Still marked running, by a process of this machine that is gone. A run whose last attempt
     * was on another machine is not known to be interrupted here: its store's claim tells ({@link StateStore#resume}).
     */
    public boolean interrupted() {
        return RUNNING.equals(state) && (host == null || Operator.localHost().equals(host))
                && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    /** Whether {@code acs resume} has work to do: interrupted, or ended with nodes left. */
    public boolean resumable() {
        return interrupted() || INCOMPLETE.equals(state);
    }

    /** The next attempt, by {@code me} in {@code newHome}. */
    public RunRecord attempt(Operator me, String newHome) {
        return attempt(me, newHome, attempts + 1);
    }

    /** Attempt {@code n} (a store that saw a later claim than this record numbers it past that). */
    public RunRecord attempt(Operator me, String newHome, int n) {
        return new RunRecord(id, kind, started, endpoint, profile, me.pid(), RUNNING, n, null, fleet, script,
                me.name(), me.host(), newHome, summary);
    }

    /** The attempt ended: finished when nothing is left, else incomplete (resumable). */
    public RunRecord ended(Summary s) {
        String st = s == null || (s.left() == 0 && s.unknown() == 0) ? FINISHED : INCOMPLETE;
        return new RunRecord(id, kind, started, endpoint, profile, pid, st, attempts, Instant.now().toString(), fleet, script,
                operator, host, home, s);
    }

    /** "node-deploy on 200 nodes", "script deploy.groovy". */
    public String what() {
        if (fleet != null) return fleet.operation() + " on " + fleet.nodes().size() + " node" + (fleet.nodes().size() == 1 ? "" : "s");
        return "script " + (script == null ? "?" : java.nio.file.Path.of(script.path()).getFileName());
    }
}
