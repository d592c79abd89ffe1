package acs.journal;

import acs.ConflictException;
import acs.InvalidInputException;
import acs.config.OwnFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The state store of one person: files in the toolkit's home ({@link FileJournal} the journal,
 * {@link FileRuns} the runs and their claims). A run's leases are its nodes not yet ended while
 * it is running (live, or killed and not released): two processes on one home collide exactly
 * as two machines on a shared store do. Used only when the home is the user's own ({@link OwnFiles}).
 */
public final class FileStateStore implements StateStore {
    private final Path file;
    private final Path home;
    private final FileJournal journal;
    private final FileRuns runs;
    private final FileLocks locks;
    private final long limit;
    private volatile boolean checked;

    public FileStateStore(Path journalFile, long limit, Duration lockTimeout, Consumer<String> notices) {
        this.limit = limit;
        this.file = journalFile.toAbsolutePath();
        this.home = file.getParent();
        this.locks = new FileLocks(lockTimeout, notices);
        this.journal = new FileJournal(file, limit, locks);
        this.runs = new FileRuns(home.resolve("runs"));
    }

    public Path file() { return file; }

    public long limit() { return limit; }

    @Override public String where() { return file.toString(); }

    /** The home's folder, journal and runs are this user's own, checked once per store (they are created 0700/0600). */
    private void own() {
        if (checked) return;
        OwnFiles.folder(home, "the acs home");
        OwnFiles.check(file, "the journal");
        OwnFiles.folder(runs.dir(), "the runs folder");
        checked = true;
    }

    // ---- the journal ----

    @Override public void append(List<JournalEntry> entries) {
        own();
        List<String> lines = new ArrayList<>(entries.size());
        for (JournalEntry e : entries) lines.add(JournalLines.line(e));
        journal.append(lines, () -> fence(entries), unfinishedRuns());
    }

    /**
     * Refuses a batch that begins a change for an attempt that no longer holds its run: such a
     * process sends nothing new. What became of changes it sent before (answers, ends) and a
     * person's checks are facts, and are always recorded.
     */
    private void fence(List<JournalEntry> entries) {
        Map<String, FileRuns.Claim> seen = new LinkedHashMap<>();
        for (JournalEntry e : entries) {
            if (e.run() == null || e.attempt() <= 0 || e.state() != JournalEntry.State.SENDING) continue;
            FileRuns.Claim c = seen.computeIfAbsent(e.run(), runs::claim);
            if (c != null && (c.token() > e.attempt() || (c.released() != null && c.token() == e.attempt()))) {
                throw lost(e.run(), e.attempt(), c);
            }
        }
    }

    static ConflictException lost(String run, int attempt, FileRuns.Claim c) {
        String by = c.released() != null ? "its leases were released by " + c.released() : "attempt " + c.token() + " by " + c.operator() + " since " + c.since();
        return new ConflictException("run " + run + " is no longer held by this process (attempt " + attempt + "): " + by
                + "; this process sends and records nothing more for it");
    }

    /** Runs not finished, read once per compaction (their entries stay in the live journal). */
    private Predicate<String> unfinishedRuns() {
        return new Predicate<>() {
            private Set<String> ids;

            @Override public boolean test(String run) {
                if (ids == null) {
                    ids = new HashSet<>();
                    for (RunRecord r : runs.list()) if (!RunRecord.FINISHED.equals(r.state())) ids.add(r.id());
                }
                return ids.contains(run);
            }
        };
    }

    @Override public List<JournalEntry> find(EntryQuery q) {
        own();
        return journal.find(q, liveOnly(q), p -> { });
    }

    @Override public void forEach(EntryQuery q, Consumer<JournalEntry> each, Consumer<String> problems) {
        own();
        journal.forEach(q, liveOnly(q), each, problems);
    }

    /** Pending entries and those of unfinished runs are never archived: those queries read the live file alone. */
    private boolean liveOnly(EntryQuery q) {
        if (q.pendingOnly()) return true;
        if (q.run() == null || !q.run().matches("[0-9a-f]{1,32}")) return false;
        return runs.get(q.run()).map(r -> !RunRecord.FINISHED.equals(r.state())).orElse(false);
    }

    // ---- runs ----

    @Override public String newRunId() {
        own();
        return runs.newId();
    }

    @Override public List<RunRecord> runs() {
        own();
        return runs.list();
    }

    @Override public Optional<RunRecord> run(String id) {
        own();
        return runs.get(id);
    }

    @Override public RunClaim start(RunRecord run, String endpoint, Collection<Long> nodes, Operator me, Duration waitForLease) {
        own();
        return underLeases(waitForLease, () -> {
            Map<Long, RunRecord> held = heldBy(endpoint, nodes, null);
            if (!held.isEmpty()) return held;
            if (!runs.lock(run.id())) throw new InvalidInputException("RUN", "run id " + run.id() + " is in use");
            return claim(run, me);
        });
    }

    @Override public RunClaim resume(String runId, Operator me, boolean force, Duration waitForLease) {
        own();
        RunRecord record = runs.get(runId).orElseThrow(() -> new InvalidInputException("RUN", "no run '" + runId + "' in " + runs.dir()));
        return underLeases(waitForLease, () -> {
            if (!runs.lock(runId)) {
                FileRuns.Claim c = runs.claim(runId);
                throw new ConflictException("run " + runId + " is being run by " + (c == null ? "another process"
                        : c.operator() + " (process " + c.pid() + " on " + c.host() + ", attempt " + c.token() + ", since " + c.since() + ")")
                        + "; nothing was sent: wait for it to end ('acs run-status " + runId + "')");
            }
            try {
                FileRuns.Claim c = runs.claim(runId);
                String lastHost = c != null ? c.host() : record.host(), lastHome = c != null ? c.home() : record.home();
                String here = realHome();
                boolean elsewhere = (lastHost != null && !lastHost.equals(me.host())) || (lastHome != null && !lastHome.equals(here));
                if (elsewhere && !force) {
                    throw new ConflictException("run " + runId + "'s last attempt (" + Math.max(record.attempts(), c == null ? 0 : c.token())
                            + ") was made on " + lastHost + " in " + lastHome + ", not here (" + me.host() + " in " + here + "): this home may be a copy,"
                            + " and resuming here would redo what that attempt did without this journal knowing (" + record.what()
                            + "); nothing was sent. Resume it where it ran, or --force to resume here anyway");
                }
                Map<Long, RunRecord> held = record.fleet() == null ? Map.of() : heldBy(record.endpoint(), record.fleet().nodes(), runId);
                if (!held.isEmpty()) {
                    runs.unlock(runId);
                    return held;
                }
                return claim(record.attempt(me, here, Math.max(record.attempts(), c == null ? 0 : c.token()) + 1), me);
            } catch (RuntimeException x) {
                runs.unlock(runId);
                throw x;
            }
        });
    }

    /** Writes the claim and the record of an attempt whose lock this process holds (a new run's record learns its home). */
    private RunClaim claim(RunRecord r, Operator me) {
        if (r.home() == null) r = r.attempt(me, realHome(), r.attempts());
        runs.writeClaim(r.id(), new FileRuns.Claim(r.attempts(), me.name(), me.host(), realHome(), me.pid(), Instant.now().toString(), null));
        runs.save(r);
        return new FileRunClaim(this, runs, r);
    }

    private String realHome() {
        try {
            return home.toRealPath().toString();
        } catch (IOException e) {
            return home.toString();
        }
    }

    /** Runs {@code attempt} under the runs' lock until it claims (a RunClaim) or the wait for held nodes ends (a conflict). */
    private RunClaim underLeases(Duration wait, java.util.function.Supplier<Object> attempt) {
        long deadline = System.nanoTime() + (wait == null ? 0 : wait.toNanos());
        for (;;) {
            Object r = locks.locked(runs.dir().resolve(".lock"), "the runs of " + home, attempt::get);
            if (r instanceof RunClaim c) return c;
            @SuppressWarnings("unchecked") Map<Long, RunRecord> held = (Map<Long, RunRecord>) r;
            if (System.nanoTime() >= deadline) throw Leases.refused(held, runs::locked);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Leases.refused(held, runs::locked);
            }
        }
    }

    /** The nodes a running run leases: those its journal says (a fleet's, a change pending) and those a rollout leased. */
    private Set<Long> leased(RunRecord r) {
        Set<Long> out = Leases.of(r, journal.find(EntryQuery.ofRun(r.id()), true, p -> { }));
        Set<Long> explicit = runs.leases(r.id());
        if (explicit.isEmpty()) return out;
        Set<Long> all = new java.util.LinkedHashSet<>(out);
        all.addAll(explicit);
        return all;
    }

    /** The nodes of {@code wanted} that another running run leases, with that run. */
    private Map<Long, RunRecord> heldBy(String endpoint, Collection<Long> wanted, String except) {
        Map<Long, RunRecord> out = new LinkedHashMap<>();
        for (RunRecord r : runs.list()) {
            if (!RunRecord.RUNNING.equals(r.state()) || r.id().equals(except) || !java.util.Objects.equals(endpoint, r.endpoint())) continue;
            FileRuns.Claim c = runs.claim(r.id());
            if (c != null && c.released() != null) continue;
            Set<Long> leased = leased(r);
            for (Long n : wanted) if (leased.contains(n)) out.putIfAbsent(n, r);
        }
        return out;
    }

    /** Leases {@code nodes} to a run this process holds (a script's rollout), under the runs' lock: all or none. */
    void lease(FileRunClaim claim, String endpoint, Collection<Long> nodes, Duration wait) {
        own();
        List<Long> wanted = nodes.stream().distinct().sorted().toList();
        if (wanted.isEmpty()) return;
        underLeases(wait, () -> {
            claim.verify();
            Map<Long, RunRecord> held = heldBy(endpoint, wanted, claim.runId());
            if (!held.isEmpty()) return held;
            runs.addLeases(claim.runId(), wanted);
            return claim;
        });
    }

    @Override public AutoCloseable holdNode(String endpoint, long node, Operator me, String what) {
        own();
        Map<Long, RunRecord> held = heldBy(endpoint, List.of(node), null);
        held.values().removeIf(r -> runs.heldHere(r.id())); // this process's own run (a script's change)
        if (!held.isEmpty()) throw Leases.refused(held, runs::locked);
        return () -> { };
    }

    @Override public List<Lease> leases() {
        own();
        List<Lease> out = new ArrayList<>();
        for (RunRecord r : runs.list()) {
            if (!RunRecord.RUNNING.equals(r.state())) continue;
            FileRuns.Claim c = runs.claim(r.id());
            if (c != null && c.released() != null) continue;
            boolean alive = runs.locked(r.id());
            for (Long n : leased(r)) {
                out.add(new Lease(r.endpoint(), n, r.id(), r.operator(), r.what(), c == null ? r.started() : c.since(), alive));
            }
        }
        return out;
    }

    @Override public void forceRelease(String runId, Operator who, boolean evenIfAlive) {
        own();
        RunRecord r = runs.get(runId).orElseThrow(() -> new InvalidInputException("RUN", "no run '" + runId + "' in " + runs.dir()));
        locks.locked(runs.dir().resolve(".lock"), "the runs of " + home, () -> {
            boolean alive = runs.locked(runId);
            if (alive && !evenIfAlive) {
                throw new ConflictException("run " + runId + " is alive (process " + r.pid() + " on " + r.host() + "): stop it first;"
                        + " nothing was released");
            }
            FileRuns.Claim c = runs.claim(runId);
            int token = Math.max(r.attempts(), c == null ? 0 : c.token()) + 1;
            runs.writeClaim(runId, new FileRuns.Claim(token, c == null ? r.operator() : c.operator(), c == null ? r.host() : c.host(),
                    c == null ? r.home() : c.home(), c == null ? r.pid() : c.pid(), c == null ? r.started() : c.since(),
                    who.name() + " at " + Instant.now()));
            JournalEntry e = new JournalEntry(UUID.randomUUID().toString(), Instant.now(), Instant.now(), r.endpoint(), r.profile(), "lease-release",
                    "-", null, null, null, Map.of(), null, JournalEntry.State.SUCCEEDED,
                    "leases of run " + runId + " (" + r.what() + ") released by force" + (alive ? " while its process was alive" : ""),
                    who.pid(), JournalEntry.Face.CLI, null, runId, token, who.name(), null);
            journal.append(List.of(JournalLines.line(e)), () -> { }, run -> true);
            return null;
        });
    }

    @Override public void close() { }
}
