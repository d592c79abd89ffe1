package acs.journal;

import acs.ConfigException;
import acs.InvalidInputException;
import acs.internal.AtomicFiles;
import acs.internal.Json;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The runs of a journal: one JSON file per run in {@code runs/} beside it (mode 0600, written
 * atomically), so a run killed at any moment can be resumed.
 */
public final class Runs {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path dir;

    private Runs(Path dir) {
        this.dir = dir;
    }

    /** The runs kept beside this journal. */
    public static Runs of(Journal journal) {
        return new Runs(journal.file().resolveSibling("runs"));
    }

    public Path dir() { return dir; }

    /** A new run id: six hex digits not used yet. */
    public String newId() {
        for (;;) {
            byte[] b = new byte[3];
            RANDOM.nextBytes(b);
            String id = HexFormat.of().formatHex(b);
            if (!Files.exists(file(id))) return id;
        }
    }

    /** Creates or replaces the record of a run. */
    public RunRecord save(RunRecord r) {
        try {
            AtomicFiles.write(file(r.id()), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(r), true);
            return r;
        } catch (IOException e) {
            throw new ConfigException("cannot write the run " + file(r.id()) + ": " + e
                    + " (make " + dir + " writable, or set ACS_HOME to a writable folder)", e);
        }
    }

    /** A run by its id or a unique prefix of it. */
    public RunRecord get(String idOrPrefix) {
        List<RunRecord> matches = list().stream().filter(r -> r.id().startsWith(idOrPrefix)).toList();
        if (matches.isEmpty()) throw new InvalidInputException("RUN", "no run '" + idOrPrefix + "' in " + dir + " ('acs journal --runs' lists them)");
        if (matches.size() > 1) {
            throw new InvalidInputException("RUN", "'" + idOrPrefix + "' matches " + matches.stream().map(RunRecord::id).toList() + "; give more of the id");
        }
        return matches.get(0);
    }

    /** Every run, oldest first; a file that does not parse is skipped. */
    public List<RunRecord> list() {
        List<RunRecord> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : ds) {
                try {
                    out.add(Json.MAPPER.readValue(p.toFile(), RunRecord.class));
                } catch (IOException | RuntimeException skipped) {
                    // a torn or foreign file: not a run
                }
            }
        } catch (IOException e) {
            throw new ConfigException("cannot list the runs in " + dir + ": " + e, e);
        }
        out.sort(Comparator.comparing(RunRecord::started, Comparator.nullsFirst(Comparator.<String>naturalOrder())));
        return out;
    }

    private Path file(String id) {
        if (!id.matches("[0-9a-f]{1,32}")) throw new InvalidInputException("RUN", "'" + id + "' is not a run id (hex digits, e.g. 3f2a91)");
        return dir.resolve(id + ".json");
    }
}
