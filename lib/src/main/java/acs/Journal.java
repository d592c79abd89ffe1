package acs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The record of every state-changing operation, in {@code ~/.acs/journal.jsonl} ({@code $ACS_HOME}
 * moves it): so that after a crash, a {@code kill -9} or a lost answer one can tell what was
 * sent, what the server made of it, and what is still running.
 *
 * <p><b>Format.</b> One JSON object per line. Each line is a full snapshot of one operation
 * ({@link JournalEntry}); an operation writes several lines with the same {@code id} (before
 * sending: {@code sending}; then {@code accepted} with its commandId, {@code rejected} or
 * {@code unknown}; at the end {@code succeeded} or {@code failed}), and the last line of an id
 * is its state. Appending whole lines means nothing is ever rewritten in place.
 *
 * <p><b>Safety.</b> Each line is appended under an exclusive lock of {@code journal.lock} (a
 * separate file, so that rotation cannot pull the file from under a writer), written with one
 * write and fsynced before the call returns; the file is created mode 0600. Lines that do not
 * parse (a disk that filled up mid-line) are skipped when reading. Parameters are stored with
 * secrets redacted: names like secret/password/token/sign/key, and credentials or signatures
 * inside URLs ({@code http://user:pw@…}, {@code ?Signature=…}).
 *
 * <p><b>Rotation.</b> When the file passes {@link #limit()} bytes (4 MiB by default), the next
 * append copies it to {@code journal.jsonl.1} (replacing the older one) and replaces it,
 * atomically, by the last line of every pending operation: pending entries are never lost.
 *
 * <p><b>Use.</b> The CLI's single-node path ({@code acs.cli.MutationOptions}) and any multi-node
 * path (a fleet rollout) go through the same call, one per node:
 * <pre>{@code
 * Journal journal = Journal.open();                               // ~/.acs/journal.jsonl
 * JsonNode data = journal.call(client, "node-deploy", ApiCall.uploadStart(610474, p));  // journaled; OutcomeUnknownException if unknown
 * Command done = client.waitFor(data.path("commandId").asText());
 * journal.finished(done);                                         // succeeded / failed
 * }</pre>
 * Thread-safe, and safe across processes.
 */
public final class Journal {
    public static final String FILE = "journal.jsonl";
    public static final long DEFAULT_LIMIT = 4L << 20;
    /** The commandId recorded when the outcome is unknown. */
    public static final String UNKNOWN = "unknown";

    // One JVM may hold one lock on a file: threads take this first, processes the file lock.
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();
    private static final Pattern NODE_PATH = Pattern.compile("^/api/v1/node/([0-9]+)(/.*)?$");
    private static final Pattern CONTAINER_PATH = Pattern.compile("^/api/v1/container/([0-9]+)(/.*)?$");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(secret|passw|token|sign|credential|accesskey|access_key|apikey|api_key|auth).*");
    private static final Pattern URL_SECRET_PARAM = Pattern.compile(
            "(?i)([?&][^=&#]*(?:secret|passw|token|sign|credential|key|auth)[^=&#]*=)[^&#]*");

    private final Path file;
    private final long limit;

    private Journal(Path file, long limit) {
        this.file = file;
        this.limit = limit;
    }

    /**
     * The journal of this user: {@code $ACS_HOME/journal.jsonl} or {@code ~/.acs/journal.jsonl};
     * the system property {@code acs.journal} (a file) overrides both, e.g. for in-process tests.
     */
    public static Journal open() {
        String p = System.getProperty("acs.journal");
        return p != null && !p.isBlank() ? at(Path.of(p)) : open(System.getenv());
    }

    public static Journal open(Map<String, String> env) {
        return at(Profiles.home(env).resolve(FILE));
    }

    public static Journal at(Path file) {
        return new Journal(file.toAbsolutePath(), DEFAULT_LIMIT);
    }

    /** The same journal, rotating at this many bytes. */
    public Journal withLimit(long bytes) {
        if (bytes < 1024) throw new InvalidInputException("limit", bytes + " must be at least 1024 bytes");
        return new Journal(file, bytes);
    }

    public Path file() { return file; }
    public long limit() { return limit; }

    // ---- the one journaled call ----

    /**
     * Sends a state-changing call with the journal around it and returns {@code data} verbatim.
     * Before sending: a {@code sending} line. Then {@code accepted} (with the commandId),
     * {@code rejected} (an API error answer, or never sent) or {@code unknown}; an unknown
     * outcome throws {@link OutcomeUnknownException} (exit 5) saying what to check.
     */
    public JsonNode call(AcsClient client, String operation, ApiCall<?> call) {
        JournalEntry e = begin(client.config(), operation, call);
        JsonNode data;
        try {
            data = client.callRaw(call);
        } catch (ApiException | InvalidInputException | ConfigException x) {
            rejected(e, x.getMessage());
            throw x;
        } catch (TransportException x) {
            if (!x.maybeApplied()) {
                rejected(e, "never sent: " + x.getMessage());
                throw x;
            }
            throw unknown(e, x);
        } catch (RuntimeException x) {
            throw unknown(e, x);
        }
        String id = data.path("commandId").asText("");
        if (id.isEmpty()) {
            throw unknown(e, new BadResponseException("the answer has no commandId", 200, call.method(), call.path(), data.toString()));
        }
        try {
            accepted(e, id);
        } catch (AcsException x) {
            // The command exists: say which, rather than lose it behind a journal error.
            throw new ConfigException("command " + id + " was created (" + describe(e) + ") but the journal could not record it: "
                    + x.getMessage() + "; follow it with 'acs command-wait " + id + "'", x);
        }
        return data;
    }

    /**
     * For a path that sends by itself (e.g. asynchronously): after {@link #begin}, record one of
     * {@link #accepted}, {@link #rejected} or {@link #unknown}, and later {@link #finished}.
     */
    public JournalEntry accepted(JournalEntry e, String commandId) {
        JournalEntry a = e.with(JournalEntry.State.ACCEPTED, commandId, null);
        append(a);
        return a;
    }

    /** The server refused it with an error answer, or it was never sent: nothing changed. */
    public JournalEntry rejected(JournalEntry e, String detail) {
        JournalEntry r = e.with(JournalEntry.State.REJECTED, null, detail);
        append(r);
        return r;
    }

    /** Records an unknown outcome and returns the exception to throw (its message says what to check). */
    public OutcomeUnknownException unknown(JournalEntry e, RuntimeException cause) {
        String what = describe(e);
        String msg = what + " may or may not have been applied (" + cause.getMessage() + "): " + e.whatToCheck()
                + "; the journal records it as unknown (entry " + e.id() + ", 'acs journal --pending')";
        append(e.with(JournalEntry.State.UNKNOWN, UNKNOWN, msg));
        return new OutcomeUnknownException(msg, e.id(), cause);
    }

    /** "the deploy to node 610474", "the stop of container 7", … */
    static String describe(JournalEntry e) {
        String p = e.path() == null ? "" : e.path();
        String verb = e.method().equals("DELETE") ? "delete" : p.endsWith("/uploadStart") ? "deploy" : p.endsWith("/historyStart") ? "redeploy"
                : p.endsWith("/start") ? "start" : p.endsWith("/stop") ? "stop" : e.operation();
        if (e.node() != null) return "the " + verb + (verb.equals("deploy") || verb.equals("redeploy") ? " to" : " of") + " node " + e.node();
        if (e.container() != null) return "the " + verb + " of container " + e.container();
        return "the " + e.method() + " " + p;
    }

    /** Writes the {@code sending} line of a new operation and returns it. */
    public JournalEntry begin(AcsConfig config, String operation, ApiCall<?> call) {
        Long node = id(NODE_PATH, call.path()), container = id(CONTAINER_PATH, call.path());
        String op = operation != null ? operation : call.method() + " " + call.path();
        JournalEntry e = new JournalEntry(UUID.randomUUID().toString(), Instant.now(), Instant.now(),
                config.endpoint() == null ? null : redactUrl(config.endpoint().toString()), config.profile(), op,
                call.method(), call.path(), node, container, redact(call.params()), null, JournalEntry.State.SENDING, null,
                ProcessHandle.current().pid());
        append(e);
        return e;
    }

    /** Records the end of a command this journal holds (by commandId); false when it holds none. */
    public boolean finished(Command c) {
        if (!c.status().isTerminal()) return false;
        boolean ok = c.succeeded();
        String det = ok ? null : "result " + c.result() + (c.resultMsg() == null || c.resultMsg().isEmpty() ? "" : ": " + c.resultMsg());
        return finished(c.commandId(), ok ? JournalEntry.State.SUCCEEDED : JournalEntry.State.FAILED, det);
    }

    boolean finished(String commandId, JournalEntry.State state, String detail) {
        boolean any = false;
        for (JournalEntry e : entries()) {
            if (e.pending() && commandId.equals(e.commandId())) {
                append(e.with(state, commandId, detail));
                any = true;
            }
        }
        return any;
    }

    /** Marks an unknown outcome as checked by a person (it stops being pending); false when no such pending entry. */
    public boolean resolve(String entryId, String note) {
        for (JournalEntry e : entries()) {
            if (e.id().equals(entryId) && e.pending()) {
                append(e.with(JournalEntry.State.RESOLVED, e.commandId(), note == null ? "checked by hand" : note));
                return true;
            }
        }
        return false;
    }

    // ---- reading ----

    /** Every operation, oldest first, each in its latest state. */
    public List<JournalEntry> entries() {
        return locked(() -> fold(readLines(file)));
    }

    /** The operations still pending: sending, accepted (command not seen to end) or unknown. */
    public List<JournalEntry> pending() {
        return entries().stream().filter(JournalEntry::pending).toList();
    }

    /** An entry as a JSON object, the way the file stores it. */
    public static ObjectNode toJson(JournalEntry e) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", e.id());
        o.put("time", e.time().toString());
        o.put("updated", e.updated().toString());
        o.put("state", e.state().wire());
        o.put("endpoint", e.endpoint());
        o.put("profile", e.profile());
        o.put("operation", e.operation());
        o.put("method", e.method());
        o.put("path", e.path());
        if (e.node() != null) o.put("node", e.node());
        if (e.container() != null) o.put("container", e.container());
        ObjectNode p = o.putObject("params");
        e.params().forEach(p::put);
        o.put("commandId", e.commandId());
        o.put("detail", e.detail());
        o.put("pid", e.pid());
        return o;
    }

    static JournalEntry fromJson(JsonNode o) {
        Map<String, String> params = new LinkedHashMap<>();
        o.path("params").fields().forEachRemaining(f -> params.put(f.getKey(), f.getValue().asText()));
        return new JournalEntry(o.path("id").asText(), Instant.parse(o.path("time").asText()), Instant.parse(o.path("updated").asText()),
                text(o, "endpoint"), text(o, "profile"), text(o, "operation"), text(o, "method"), text(o, "path"),
                o.hasNonNull("node") ? o.get("node").asLong() : null, o.hasNonNull("container") ? o.get("container").asLong() : null,
                params, text(o, "commandId"), JournalEntry.State.valueOf(o.path("state").asText().toUpperCase(Locale.ROOT)),
                text(o, "detail"), o.path("pid").asLong());
    }

    private static String text(JsonNode o, String f) {
        JsonNode n = o.get(f);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static List<JournalEntry> fold(List<String> lines) {
        Map<String, JournalEntry> byId = new LinkedHashMap<>();
        for (String line : lines) {
            JournalEntry e = parse(line);
            if (e != null) byId.put(e.id(), e);
        }
        return new ArrayList<>(byId.values());
    }

    private static JournalEntry parse(String line) {
        if (line.isBlank()) return null;
        try {
            return fromJson(Json.MAPPER.readTree(line));
        } catch (IOException | RuntimeException e) {
            return null; // a torn or foreign line: skip it
        }
    }

    private static List<String> readLines(Path f) {
        try {
            return Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new ConfigException("cannot read the journal " + f + ": " + e.getMessage(), e);
        }
    }

    // ---- writing ----

    void append(JournalEntry e) {
        byte[] line = (Json.MAPPER.valueToTree(toJson(e)).toString() + "\n").getBytes(StandardCharsets.UTF_8);
        locked(() -> {
            rotateIfNeeded();
            try (FileChannel ch = openForAppend()) {
                ByteBuffer b = ByteBuffer.wrap(line);
                while (b.hasRemaining()) ch.write(b);
                ch.force(true);
            } catch (IOException x) {
                throw new ConfigException("cannot write the journal " + file + ": " + x.getMessage(), x);
            }
            return null;
        });
    }

    private FileChannel openForAppend() throws IOException {
        if (!Files.exists(file)) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // fine
            }
        }
        return FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private void rotateIfNeeded() {
        try {
            if (!Files.exists(file) || Files.size(file) < limit) return;
            List<String> lines = readLines(file);
            Map<String, String> lastLine = new LinkedHashMap<>();
            Map<String, Boolean> pending = new LinkedHashMap<>();
            for (String l : lines) {
                JournalEntry e = parse(l);
                if (e == null) continue;
                lastLine.put(e.id(), l);
                pending.put(e.id(), e.pending());
            }
            StringBuilder keep = new StringBuilder();
            lastLine.forEach((id, l) -> {
                if (pending.get(id)) keep.append(l).append('\n');
            });
            Files.copy(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            try {
                Files.setPosixFilePermissions(file.resolveSibling(file.getFileName() + ".1"), Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            } catch (UnsupportedOperationException ignored) {
                // not POSIX
            }
            AtomicFiles.write(file, keep.toString().getBytes(StandardCharsets.UTF_8), true);
        } catch (IOException x) {
            throw new AcsException("cannot rotate the journal " + file + ": " + x.getMessage(), x);
        }
    }

    private interface Body<T> {
        T run();
    }

    /** Runs under the in-process lock and the exclusive lock of {@code journal.lock}. */
    private <T> T locked(Body<T> body) {
        IN_PROCESS.lock();
        try {
            Path dir = file.getParent();
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(dir.resolve(file.getFileName() + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                return body.run();
            }
        } catch (IOException x) {
            throw new ConfigException("cannot lock the journal " + file + ": " + x.getMessage()
                    + " (set ACS_HOME to a writable folder)", x);
        } finally {
            IN_PROCESS.unlock();
        }
    }

    // ---- redaction ----

    static Map<String, String> redact(Map<String, String> params) {
        Map<String, String> out = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (k.equals("timestamp")) return;
            out.put(k, SECRET_NAME.matcher(k).matches() ? PreparedRequest.REDACTED : redactUrl(v));
        });
        return out;
    }

    /** Userinfo and signature-like query parameters of a URL replaced; anything else unchanged. */
    static String redactUrl(String v) {
        if (v == null || !v.contains("://")) return v;
        String out = v;
        try {
            URI u = new URI(v.trim());
            if (u.getRawUserInfo() != null) out = out.replace(u.getRawUserInfo() + "@", PreparedRequest.REDACTED + "@");
        } catch (java.net.URISyntaxException ignored) {
            out = out.replaceFirst("://[^/@]*@", "://" + PreparedRequest.REDACTED + "@");
        }
        Matcher m = URL_SECRET_PARAM.matcher(out);
        return m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + PreparedRequest.REDACTED));
    }

    private static Long id(Pattern p, String path) {
        Matcher m = p.matcher(path);
        return m.matches() ? Long.valueOf(m.group(1)) : null;
    }
}
