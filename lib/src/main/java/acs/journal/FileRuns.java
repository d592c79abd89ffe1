package acs.journal;

import acs.ConfigException;
import acs.config.AtomicFiles;
import acs.config.OwnFiles;
import acs.wire.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs of a file store, in {@code runs/} beside the journal: per run its record
 * ({@code ID.json}), its claim ({@code ID.claim}: the current attempt's token and holder) and a
 * lock file ({@code ID.lock}) that the live attempt's process holds (the OS lets go when it dies).
 * A single change outside any run holds its node the same way: {@code HOLD.hold} says which node,
 * and its lock ({@code HOLD.lock}) is alive while the change's process is.
 */
final class FileRuns {
    /** The current claim of a run: its token (attempt), who holds it, and whether it was released by force. */
    record Claim(int token, String operator, String host, String home, long pid, String since, String released) {}

    private static final SecureRandom RANDOM = new SecureRandom();
    // one JVM may hold one OS lock on a file: the runs this process holds
    private static final Map<Path, FileChannel> HELD = new ConcurrentHashMap<>();
    private final Path dir;

    FileRuns(Path dir) {
        this.dir = dir;
    }

    Path dir() { return dir; }

    String newId() {
        for (;;) {
            byte[] b = new byte[3];
            RANDOM.nextBytes(b);
            String id = HexFormat.of().formatHex(b);
            if (!Files.exists(file(id, ".json"))) return id;
        }
    }

    List<RunRecord> list() {
        List<RunRecord> out = readAll("*.json", RunRecord.class, "the run file", "runs");
        out.sort(Comparator.comparing(RunRecord::started, Comparator.nullsFirst(Comparator.<String>naturalOrder())));
        return out;
    }

    /**
     * Every file of the runs folder matching {@code glob}, read as {@code type}: only the user's own
     * (another user's is refused, naming it); a torn one, or one given back meanwhile, is passed over.
     */
    private <T> List<T> readAll(String glob, Class<T> type, String what, String plural) {
        List<T> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        OwnFiles.check(dir, "the runs folder");
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
            for (Path p : ds) {
                try {
                    OwnFiles.check(p, what);
                    out.add(Json.MAPPER.readValue(Files.readAllBytes(p), type));
                } catch (IOException | RuntimeException torn) {
                    if (torn instanceof ConfigException c) throw c;
                    // torn, not ours to read as one, or gone meanwhile
                }
            }
        } catch (IOException e) {
            throw new ConfigException("cannot list the " + plural + " in " + dir + ": " + e, e);
        }
        return out;
    }

    Optional<RunRecord> get(String id) {
        Path p = file(id, ".json");
        try {
            OwnFiles.check(p, "the run file");
            return Optional.of(Json.MAPPER.readValue(Files.readAllBytes(p), RunRecord.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ConfigException("cannot read the run " + p + ": " + e.getMessage(), e);
        }
    }

    void save(RunRecord r) {
        write(file(r.id(), ".json"), r);
    }

    Claim claim(String id) {
        Path p = file(id, ".claim");
        try {
            OwnFiles.check(p, "the run's claim");
            return Json.MAPPER.readValue(Files.readAllBytes(p), Claim.class);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new ConfigException("cannot read the claim of run " + id + " (" + p + "): " + e.getMessage(), e);
        }
    }

    void writeClaim(String id, Claim c) {
        write(file(id, ".claim"), c);
    }

    /** A single change's hold on one node, outside any run. */
    record Hold(String id, String endpoint, long node, String operator, String what, String since) {}

    /** A new hold's id: longer than a run's, so the two never share a lock file. */
    String newHoldId() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    void writeHold(Hold h) {
        write(file(h.id(), ".hold"), h);
    }

    /** Every hold written and not yet given back (its process may be gone: see {@link #locked}). */
    List<Hold> holds() {
        return readAll("*.hold", Hold.class, "the single change's hold", "holds");
    }

    /** Gives a hold back: its file, then its lock (a hold whose lock is free has lapsed anyway). */
    void dropHold(String id) {
        try {
            Files.deleteIfExists(file(id, ".hold"));
        } catch (IOException ignored) {
            // its lock goes below: a hold without a live lock is no hold
        }
        unlock(id);
        try {
            Files.deleteIfExists(file(id, ".lock"));
        } catch (IOException ignored) {
            // an empty lock file holds nothing
        }
    }

    private static final Object LEASES = new Object();

    /** The nodes a run leased beyond what its journal says (a script's rollout): {@code ID.leases}. */
    java.util.Set<Long> leases(String id) {
        Path p = file(id, ".leases");
        try {
            if (!Files.exists(p)) return java.util.Set.of();
            OwnFiles.check(p, "the run's leases");
            return new java.util.TreeSet<>(List.of(Json.MAPPER.readValue(Files.readAllBytes(p), Long[].class)));
        } catch (NoSuchFileException e) {
            return java.util.Set.of();
        } catch (IOException e) {
            throw new ConfigException("cannot read the leases of run " + id + " (" + p + "): " + e.getMessage(), e);
        }
    }

    void addLeases(String id, java.util.Collection<Long> nodes) {
        synchronized (LEASES) {
            java.util.Set<Long> all = new java.util.TreeSet<>(leases(id));
            all.addAll(nodes);
            write(file(id, ".leases"), all);
        }
    }

    void removeLease(String id, long node) {
        synchronized (LEASES) {
            java.util.Set<Long> all = new java.util.TreeSet<>(leases(id));
            if (all.remove(node)) write(file(id, ".leases"), all);
        }
    }

    /** Takes the run's lock for this process; false when another process (or this one) holds it. */
    boolean lock(String id) {
        Path p = file(id, ".lock");
        if (HELD.containsKey(p)) return false;
        try {
            FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException sameJvm) {
                l = null;
            }
            if (l == null) {
                ch.close();
                return false;
            }
            if (HELD.putIfAbsent(p, ch) != null) {
                ch.close();
                return false;
            }
            return true;
        } catch (IOException e) {
            throw new ConfigException("cannot lock the run " + p + ": " + e.getMessage(), e);
        }
    }

    /** Whether this process holds the run's claim. */
    boolean heldHere(String id) {
        return HELD.containsKey(file(id, ".lock"));
    }

    /** Whether some live process holds the run's lock (this one included). */
    boolean locked(String id) {
        if (HELD.containsKey(file(id, ".lock"))) return true;
        if (!lock(id)) return true;
        unlock(id);
        return false;
    }

    void unlock(String id) {
        FileChannel ch = HELD.remove(file(id, ".lock"));
        if (ch == null) return;
        try {
            ch.close(); // releases the OS lock
        } catch (IOException ignored) {
            // closing a lock file cannot lose data
        }
    }

    private void write(Path p, Object value) {
        try {
            OwnFiles.folder(dir, "the runs folder");
            AtomicFiles.write(p, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value), true);
        } catch (IOException e) {
            throw new ConfigException("cannot write " + p + ": " + e + " (make " + dir + " writable, or set ACS_HOME to a writable folder)", e);
        }
    }

    private Path file(String id, String suffix) {
        if (!id.matches("[0-9a-f]{1,32}")) throw new acs.InvalidInputException("RUN", "'" + id + "' is not a run id (hex digits, e.g. 3f2a91)");
        return dir.resolve(id + suffix);
    }
}
