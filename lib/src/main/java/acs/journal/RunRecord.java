package acs.journal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run: a fleet command or a script, with what is needed to run it again ({@code acs resume}).
 * Its changes carry its id in the journal ({@link JournalEntry#run()}).
 *
 * @param started when it began (ISO-8601)
 * @param state {@code running} until it ends, then {@code finished}; a run whose process is gone
 *              while {@code running} was interrupted ({@link #interrupted()})
 */
public record RunRecord(String id, String kind, String started, String endpoint, String profile, long pid, String state,
                        int attempts, String ended, Fleet fleet, Script script) {
    public static final String FLEET = "fleet", SCRIPT = "script", RUNNING = "running", FINISHED = "finished";

    /**
     * A fleet command: the change made to each node (its {@link acs.Operation}'s CLI name and
     * parameters, secrets redacted), the nodes in their order, and the engine's settings.
     */
    public record Fleet(String operation, String verb, String method, Map<String, String> params,
                        List<Long> nodes, int concurrency, int batch, long pauseMillis, int maxFailures, String rollbackVersion,
                        long waitTimeoutMillis) {
        public Fleet {
            params = params == null ? Map.of() : Map.copyOf(params);
            nodes = nodes == null ? List.of() : List.copyOf(nodes);
        }
    }

    /** A script: its path, the hash of its text, its parameters (secret-looking ones redacted) and arguments. */
    public record Script(String path, String sha256, Map<String, String> params, List<String> args, boolean dynamic) {
        public Script {
            params = params == null ? Map.of() : Map.copyOf(params);
            args = args == null ? List.of() : List.copyOf(args);
        }
    }

    /** Still marked running, by a process that is gone. */
    public boolean interrupted() {
        return RUNNING.equals(state) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    public RunRecord attempt(long newPid) {
        return new RunRecord(id, kind, started, endpoint, profile, newPid, RUNNING, attempts + 1, null, fleet, script);
    }

    public RunRecord finished() {
        return new RunRecord(id, kind, started, endpoint, profile, pid, FINISHED, attempts, Instant.now().toString(), fleet, script);
    }

    /** "node-deploy on 200 nodes", "script deploy.groovy". */
    public String what() {
        if (fleet != null) return fleet.operation() + " on " + fleet.nodes().size() + " node" + (fleet.nodes().size() == 1 ? "" : "s");
        return "script " + (script == null ? "?" : java.nio.file.Path.of(script.path()).getFileName());
    }
}
