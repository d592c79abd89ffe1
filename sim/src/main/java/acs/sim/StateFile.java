package acs.sim;

import acs.Host;
import acs.Image;
import acs.Node;
import acs.Service;
import acs.config.AtomicFiles;
import acs.wire.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The state file ({@code "format": "acs-sim-state/1"}): the shape a {@link Store} is saved in,
 * its JSON, and the errors that name the file. A file that cannot be read as this format is
 * refused with a message saying how to recover, never replaced by an empty start.
 */
record StateFile(String format, long nextContainerId, List<Service> services, List<Node> nodes, List<Host> hosts,
                 List<Image> images, List<CommandRecord> commands, List<String> activeCommands,
                 Map<Long, List<PackageVersion>> versions, List<Long> versionsUnknown) {
    static final String FORMAT = "acs-sim-state/1";

    /** Reads a state file; a missing, unreadable or corrupt file is a {@link SimStateException} naming it. */
    static Store read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SimStateException("simulator state file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new SimStateException("cannot read simulator state file " + file + ": " + e.getMessage(), e);
        }
        return parse(new String(bytes, StandardCharsets.UTF_8), "simulator state file " + file);
    }

    /** Reads the JSON of a state file; {@code what} names it in errors. */
    static Store parse(String json, String what) {
        StateFile f;
        try {
            f = Json.MAPPER.readValue(json, StateFile.class);
        } catch (JsonProcessingException | RuntimeException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.toString();
            throw new SimStateException(what + " is corrupt (not valid JSON of format " + FORMAT + "): " + why
                    + "; fix or remove it to start from the seed", e);
        }
        if (f == null || !FORMAT.equals(f.format())) {
            throw new SimStateException(what + " is not a simulator state: expected \"format\": \"" + FORMAT + "\", found "
                    + (f == null ? "nothing" : f.format() == null ? "no format" : "\"" + f.format() + "\"")
                    + "; fix or remove it to start from the seed", null);
        }
        try {
            return Store.restore(f);
        } catch (RuntimeException e) {
            throw new SimStateException(what + " is inconsistent: " + e.getMessage(), e);
        }
    }

    /** Pretty JSON, for people. */
    String toJson() {
        return Json.pretty(this);
    }

    /** Writes it atomically (a crash leaves the old file or the new one, never a part). */
    void write(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the simulator state: " + e.getMessage(), e);
        }
        AtomicFiles.write(file, bytes, false);
    }
}
