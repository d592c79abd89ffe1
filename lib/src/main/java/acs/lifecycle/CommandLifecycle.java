package acs.lifecycle;

import acs.AcsException;
import acs.ApiCall;
import acs.BadResponseException;
import acs.Command;
import acs.CommandFailedException;
import acs.ConfigException;
import acs.OutcomeUnknownException;
import acs.TransportException;
import acs.WaitOptions;
import acs.journal.Journal;
import acs.journal.JournalEntry;
import acs.journal.Operator;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one life of a change, for every face (the CLI's single node, the fleet engine, the DSL, the
 * shell, the library): <em>begin</em> (a {@code sending} line, durable before the request leaves)
 * → <em>send</em> → <em>classify</em> ({@link Delivery}: accepted, rejected or unknown) →
 * <em>wait</em> ({@link PollRule} and {@link Backoff}) → <em>finish</em> (the end in the journal).
 * The journal entry travels with its command, so finishing never searches the journal.
 * Without a journal the same steps run with nothing written.
 */
public final class CommandLifecycle {
    /** How a sent change was settled; {@code message} says what to check when it is UNKNOWN. */
    public record Settled(Delivery delivery, JournalEntry entry, String message) {}

    /**
     * Where the library says what a person should know (a warning, a notice) unless told otherwise:
     * the JDK's {@link System.Logger} named {@code acs}, a line starting {@code acs: warning:} at
     * WARNING, any other at INFO. The CLI, the shell and the DSL give their own (stderr).
     */
    public static final Consumer<String> LOG = line -> System.getLogger("acs")
            .log(line.startsWith("acs: warning:") ? System.Logger.Level.WARNING : System.Logger.Level.INFO, line);

    private final Journal journal;
    private final Journal.Origin origin;
    private final Consumer<String> notices;
    // commandId -> its entry, for a command waited for through the client that started it
    private final Map<String, JournalEntry> started = new ConcurrentHashMap<>();

    public CommandLifecycle(Journal journal, Journal.Origin origin) {
        this(journal, origin, LOG);
    }

    /** With {@code notices} receiving each line the lifecycle (and a fleet run on it) would tell a person. */
    public CommandLifecycle(Journal journal, Journal.Origin origin, Consumer<String> notices) {
        this.journal = journal;
        this.origin = origin;
        this.notices = java.util.Objects.requireNonNull(notices, "notices");
    }

    /** Where this lifecycle's warnings go (whole lines, {@code acs: warning: …}). */
    public Consumer<String> notices() { return notices; }

    /** The journal written to, or null. */
    public Journal journal() { return journal; }

    public Journal.Origin origin() { return origin; }

    /**
     * Blocking: begins, sends with {@code send} (which may retry what provably never left),
     * classifies and records the answer; returns {@code data} verbatim. An unknown outcome throws
     * {@link OutcomeUnknownException} saying what to check.
     */
    public JsonNode submit(ApiCall<?> call, Function<ApiCall<?>, JsonNode> send) {
        if (journal == null) return send.apply(call);
        Long node = call.target().node();
        // a node another run leases is refused before anything is written or sent
        if (node != null) closeQuietly(journal.store().holdNode(origin.endpoint(), node, Operator.current(), call.operationName()));
        JournalEntry e = journal.begin(origin, null, call);
        JsonNode data;
        try {
            data = send.apply(call);
        } catch (RuntimeException x) {
            throw failed(e, x);
        }
        String id = data.path("commandId").asText("");
        if (id.isEmpty()) {
            throw failed(e, new BadResponseException("the answer has no commandId", 200, call.method(), call.path(), data.toString()));
        }
        try {
            started.put(id, journal.accepted(e, id));
        } catch (AcsException x) {
            // The command exists: say which, rather than lose it behind a journal error.
            throw new ConfigException("command " + id + " was created (" + Journal.describe(e) + ") but the journal could not record it: "
                    + x.getMessage() + "; follow it with 'acs command-wait " + id + "'", x);
        }
        return data;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // a hold for one change has nothing to lose on release
        }
    }

    /** Records the failure (durably) by the same rule as {@link #settle}; an unknown outcome becomes the exception that says what to check. */
    private RuntimeException failed(JournalEntry e, RuntimeException x) {
        Settled s = decide(e, null, x);
        journal.append(s.entry());
        return s.delivery() == Delivery.UNKNOWN ? new OutcomeUnknownException(s.message(), e.id(), x) : x;
    }

    /** Asynchronous begin: completes (with null when nothing is journaled) once the {@code sending} line is durable. */
    public CompletableFuture<JournalEntry> beginAsync(ApiCall<?> call) {
        return journal == null ? CompletableFuture.completedFuture(null) : journal.beginAsync(origin, null, call);
    }

    /**
     * Classifies the answer of a change begun with {@link #beginAsync} and queues its line (the
     * caller makes it durable with {@link #flush}). {@code failure} null means {@code answer} came.
     */
    public Settled settle(JournalEntry e, Command answer, RuntimeException failure) {
        Settled s = decide(e, answer, failure);
        if (s.entry() != null) journal.writeAsync(s.entry());
        return s;
    }

    /** The one place a change's delivery becomes its next journal line (null without an entry). */
    private static Settled decide(JournalEntry e, Command answer, RuntimeException failure) {
        if (failure == null) {
            return new Settled(Delivery.ACCEPTED, e == null ? null : e.with(JournalEntry.State.ACCEPTED, answer.commandId(), null), null);
        }
        Delivery d = Delivery.of(failure);
        if (d == Delivery.REJECTED) {
            String det = (failure instanceof TransportException ? "never sent: " : "") + failure.getMessage();
            return new Settled(d, e == null ? null : e.with(JournalEntry.State.REJECTED, null, det), null);
        }
        if (e == null) {
            return new Settled(d, null, "the request may or may not have been applied (" + failure.getMessage() + ")");
        }
        String msg = Journal.unknownMessage(e, failure);
        return new Settled(d, e.with(JournalEntry.State.UNKNOWN, Journal.UNKNOWN, msg), msg);
    }

    /** Queues the end of the command {@code e} started; a no-op without a journal or an entry. */
    public CompletableFuture<JournalEntry> finish(JournalEntry e, Command c) {
        if (journal == null || e == null || !e.pending()) return CompletableFuture.completedFuture(e);
        started.remove(c.commandId());
        return journal.finished(e, c);
    }

    /** Completes when every line queued so far is durable. */
    public CompletableFuture<Void> flush() {
        return journal == null ? CompletableFuture.completedFuture(null) : journal.flush();
    }

    /**
     * Blocking wait for a command ({@link Waiter}), recording its end: by the entry that travelled
     * with it when this client started it, else by its commandId.
     */
    public Command await(String commandId, WaitOptions options, Supplier<Command> poll) {
        Command done;
        try {
            done = new Waiter(options).await(commandId, poll);
        } catch (CommandFailedException failed) {
            record(failed.command());
            throw failed;
        }
        record(done);
        return done;
    }

    /** A journal that cannot record an end only warns: the command's own outcome stands. */
    private void record(Command c) {
        if (journal == null) return;
        try {
            JournalEntry e = started.get(c.commandId());
            if (e != null) finish(e, c).join();
            else journal.finished(c);
        } catch (RuntimeException x) {
            notices.accept("acs: warning: could not record the end of command " + c.commandId() + " in the journal "
                    + journal.where() + ": " + (x.getCause() != null ? x.getCause().getMessage() : x.getMessage()));
        }
    }

}
