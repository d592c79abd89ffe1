package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import acs.ApiCall;
import acs.ApiException;
import acs.BadResponseException;
import acs.Command;
import acs.CommandFailedException;
import acs.CommandStatus;
import acs.ConfigException;
import acs.OutcomeUnknownException;
import acs.TransportException;
import acs.UploadStart;
import acs.WaitOptions;
import acs.journal.Journal;
import acs.journal.JournalEntry;
import acs.journal.JournalEntry.State;
import acs.journal.StateStore;
import acs.wire.Json;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import acs.lifecycle.CommandLifecycle;
import acs.lifecycle.Delivery;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One change's life as docs/RELIABILITY.md tells it (begin, send, classify, wait, finish), read
 * back from the journal file: what a user finds in {@code acs journal} after each kind of answer.
 */
class CommandLifecycleTest {
    static final ApiCall<Command> DEPLOY = ApiCall.uploadStart(610474, UploadStart.of("http://repo.example.com/a.war"));
    static final Journal.Origin CLI = new Journal.Origin(JournalEntry.Face.CLI, "http://acs.example.com", "prod", "run-1", 0, "tester@ci", () -> "deploy.groovy:3");

    @TempDir Path home;
    Journal journal;
    CommandLifecycle life;

    @BeforeEach void open() {
        journal = Journal.at(home.resolve("journal.jsonl"));
        life = new CommandLifecycle(journal, CLI);
    }

    static JsonNode answer(String json) throws Exception {
        return Json.MAPPER.readTree(json);
    }

    static Command command(String id, CommandStatus status, String result, String msg) {
        return new Command(id, "node_upload_start", status, result, msg, null, null, List.of());
    }

    /** The only entry the journal holds, read back from the file by a fresh journal. */
    JournalEntry only() {
        List<JournalEntry> all = Journal.at(journal.file()).entries();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    @Test
    void theSendingLineIsOnDiskBeforeTheRequestLeavesAndTheAnswerIsReturnedVerbatim() throws Exception {
        AtomicReference<List<JournalEntry>> seenWhileSending = new AtomicReference<>();
        JsonNode data = answer("{\"commandId\":\"c-1\",\"extra\":[1]}");
        JsonNode got = life.submit(DEPLOY, call -> {
            seenWhileSending.set(Journal.at(journal.file()).entries());
            return data;
        });
        assertThat(got).isEqualTo(data);
        assertThat(seenWhileSending.get()).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo(State.SENDING);
            assertThat(e.commandId()).isNull();
        });
        JournalEntry e = only();
        assertThat(e.state()).isEqualTo(State.ACCEPTED);
        assertThat(e.commandId()).isEqualTo("c-1");
        assertThat(e.operation()).isEqualTo("node-deploy");
        assertThat(e.node()).isEqualTo(610474L);
        assertThat(e.face()).isEqualTo(JournalEntry.Face.CLI);
        assertThat(e.endpoint()).isEqualTo("http://acs.example.com");
        assertThat(e.profile()).isEqualTo("prod");
        assertThat(e.run()).isEqualTo("run-1");
        assertThat(e.source()).isEqualTo("deploy.groovy:3");
        assertThat(e.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(e.params()).containsEntry("url", "http://repo.example.com/a.war");
    }

    @Test
    void anErrorAnswerIsRejectedAndTheSameErrorReachesTheCaller() {
        ApiException refused = new ApiException("1007", "StatusError", 200, "POST", DEPLOY.path());
        Throwable t = catchThrowable(() -> life.submit(DEPLOY, call -> { throw refused; }));
        assertThat(t).isSameAs(refused);
        JournalEntry e = only();
        assertThat(e.state()).isEqualTo(State.REJECTED);
        assertThat(e.pending()).isFalse();
        assertThat(e.detail()).isEqualTo(refused.getMessage());
    }

    @Test
    void aRequestThatNeverLeftIsRejectedAsNeverSent() {
        TransportException refused = new TransportException("connection refused", false, null);
        assertThat(catchThrowable(() -> life.submit(DEPLOY, call -> { throw refused; }))).isSameAs(refused);
        assertThat(only().state()).isEqualTo(State.REJECTED);
        assertThat(only().detail()).isEqualTo("never sent: connection refused");
    }

    @Test
    void aLostAnswerIsUnknownJournaledAsSuchAndSaysWhatToCheck() {
        TransportException lost = new TransportException("POST /api/v1/node/610474/uploadStart: connection reset", true, null);
        Throwable t = catchThrowable(() -> life.submit(DEPLOY, call -> { throw lost; }));
        JournalEntry e = only();
        assertThat(e.state()).isEqualTo(State.UNKNOWN);
        assertThat(e.pending()).as("an unknown outcome stays pending until checked").isTrue();
        assertThat(e.outcomeUnknown()).isTrue();
        assertThat(e.commandId()).isEqualTo(Journal.UNKNOWN);
        assertThat(t).isInstanceOf(OutcomeUnknownException.class).hasCause(lost);
        OutcomeUnknownException u = (OutcomeUnknownException) t;
        assertThat(u.entryId()).isEqualTo(e.id());
        assertThat(u.maybeApplied()).isTrue();
        assertThat(u.getMessage()).startsWith("the deploy to node 610474 may or may not have been applied (" + lost.getMessage() + ")")
                .contains("check 'acs node-get 610474'").contains("entry " + e.id());
        assertThat(e.detail()).isEqualTo(u.getMessage());
    }

    @Test
    void anAnswerWithoutACommandIdIsAnUnknownOutcome() throws Exception {
        Throwable t = catchThrowable(() -> life.submit(DEPLOY, call -> {
            try {
                return answer("{\"something\":\"else\"}");
            } catch (Exception x) {
                throw new AssertionError(x);
            }
        }));
        assertThat(t).isInstanceOf(OutcomeUnknownException.class).hasCauseInstanceOf(BadResponseException.class)
                .hasMessageContaining("the answer has no commandId");
        assertThat(only().state()).isEqualTo(State.UNKNOWN);
    }

    /** A file store that refuses every append after the first {@code works} ones, as a full disk would. */
    StateStore failingAfter(int works) {
        StateStore real = Journal.at(home.resolve("failing.jsonl")).store();
        AtomicInteger appends = new AtomicInteger();
        return (StateStore) Proxy.newProxyInstance(StateStore.class.getClassLoader(), new Class<?>[] {StateStore.class}, (proxy, m, args) -> {
            if (m.getName().equals("append") && appends.incrementAndGet() > works) throw new ConfigException("disk full");
            try {
                return m.invoke(real, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    @Test
    void anAcceptedChangeThatCannotBeJournaledNamesItsCommand() throws Exception {
        CommandLifecycle full = new CommandLifecycle(Journal.on(failingAfter(1)), CLI);
        JsonNode data = answer("{\"commandId\":\"c-9\"}");
        Throwable t = catchThrowable(() -> full.submit(DEPLOY, call -> data));
        assertThat(t).isInstanceOf(ConfigException.class).hasMessageContaining("command c-9 was created (the deploy to node 610474)")
                .hasMessageContaining("disk full").hasMessageContaining("follow it with 'acs command-wait c-9'");
    }

    @Test
    void aJournalThatCannotBeWrittenStopsTheChangeBeforeItIsSent() {
        CommandLifecycle full = new CommandLifecycle(Journal.on(failingAfter(0)), CLI);
        boolean[] sent = {false};
        Throwable t = catchThrowable(() -> full.submit(DEPLOY, call -> {
            sent[0] = true;
            return null;
        }));
        assertThat(t).isInstanceOf(ConfigException.class).hasMessage("disk full");
        assertThat(sent[0]).isFalse();
    }

    @Test
    void aJournalThatCannotRecordAnEndOnlyWarnsAndTheOutcomeStands() throws Exception {
        Journal mem = Journal.on(failingAfter(2));
        java.util.List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        CommandLifecycle full = new CommandLifecycle(mem, CLI, told::add);
        full.submit(DEPLOY, call -> {
            try {
                return answer("{\"commandId\":\"c-10\"}");
            } catch (Exception x) {
                throw new AssertionError(x);
            }
        });
        // the library writes nothing to stderr itself: the warning goes to the consumer its user gave
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        Command done;
        try {
            done = full.await("c-10", FAST, polls(command("c-10", CommandStatus.DONE, "200", "")));
        } finally {
            System.setErr(err);
        }
        assertThat(done.succeeded()).isTrue();
        assertThat(told).singleElement().asString()
                .matches("acs: warning: could not record the end of command c-10 in the journal \\S+: disk full");
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).isEmpty();
        assertThat(mem.entries()).singleElement().satisfies(e -> assertThat(e.state()).isEqualTo(State.ACCEPTED));
    }

    @Test
    void withoutAJournalTheSameStepsRunAndNothingIsWritten() throws Exception {
        CommandLifecycle bare = new CommandLifecycle(null, CLI);
        JsonNode data = answer("{\"commandId\":\"c-2\"}");
        assertThat(bare.submit(DEPLOY, call -> data)).isSameAs(data);
        TransportException lost = new TransportException("reset", true, null);
        assertThat(catchThrowable(() -> bare.submit(DEPLOY, call -> { throw lost; }))).isSameAs(lost);
        assertThat(bare.beginAsync(DEPLOY).join()).isNull();
        CommandLifecycle.Settled s = bare.settle(null, null, lost);
        assertThat(s.delivery()).isEqualTo(Delivery.UNKNOWN);
        assertThat(s.entry()).isNull();
        assertThat(s.message()).isEqualTo("the request may or may not have been applied (reset)");
        assertThat(bare.settle(null, command("c-3", CommandStatus.RUNNING, "", ""), null).delivery()).isEqualTo(Delivery.ACCEPTED);
        assertThat(bare.flush().join()).isNull();
        assertThat(bare.journal()).isNull();
        assertThat(journal.file()).doesNotExist();
    }

    static Supplier<Command> polls(Command... answers) {
        Deque<Command> q = new ArrayDeque<>(List.of(answers));
        return () -> q.size() > 1 ? q.poll() : q.peek();
    }

    static final WaitOptions FAST = WaitOptions.DEFAULT.withDelays(Duration.ZERO, Duration.ZERO).withTimeout(Duration.ofMinutes(1));

    @Test
    void theEndOfACommandThisClientStartedIsWrittenThroughItsEntry() throws Exception {
        life.submit(DEPLOY, call -> {
            try {
                return answer("{\"commandId\":\"c-4\"}");
            } catch (Exception x) {
                throw new AssertionError(x);
            }
        });
        Command done = life.await("c-4", FAST, polls(command("c-4", CommandStatus.RUNNING, "", ""), command("c-4", CommandStatus.DONE, "200", "")));
        assertThat(done.succeeded()).isTrue();
        JournalEntry e = only();
        assertThat(e.state()).isEqualTo(State.SUCCEEDED);
        assertThat(e.pending()).isFalse();
        assertThat(e.detail()).isNull();
    }

    @Test
    void aFailedCommandIsJournaledWithItsResultAndStillThrows() throws Exception {
        JournalEntry begun = journal.begin(CLI, null, DEPLOY);
        journal.accepted(begun, "c-5");
        // another process started it: found by its commandId
        Throwable t = catchThrowable(() -> life.await("c-5", FAST, polls(command("c-5", CommandStatus.DONE, "500", "disk full"))));
        assertThat(t).isInstanceOf(CommandFailedException.class);
        JournalEntry e = only();
        assertThat(e.state()).isEqualTo(State.FAILED);
        assertThat(e.detail()).isEqualTo("result 500: disk full");
    }

    @Test
    void theAsynchronousPathClassifiesLikeTheBlockingOne() throws Exception {
        JournalEntry accepted = life.beginAsync(DEPLOY).join();
        assertThat(accepted.state()).isEqualTo(State.SENDING);
        CommandLifecycle.Settled ok = life.settle(accepted, command("c-6", CommandStatus.RUNNING, "", ""), null);
        assertThat(ok.delivery()).isEqualTo(Delivery.ACCEPTED);
        assertThat(ok.message()).isNull();
        JournalEntry lostOne = life.beginAsync(ApiCall.stop(610247, null)).join();
        CommandLifecycle.Settled lost = life.settle(lostOne, null, new TransportException("timed out", true, null));
        assertThat(lost.delivery()).isEqualTo(Delivery.UNKNOWN);
        assertThat(lost.message()).startsWith("the stop of node 610247 may or may not have been applied (timed out)");
        JournalEntry refusedOne = life.beginAsync(ApiCall.containerStop(16237)).join();
        CommandLifecycle.Settled refused = life.settle(refusedOne, null, new ApiException("1005", "ResourceNotExist", 200, "POST", "/x"));
        assertThat(refused.delivery()).isEqualTo(Delivery.REJECTED);
        life.flush().join();

        List<JournalEntry> all = Journal.at(journal.file()).entries();
        assertThat(all).extracting(JournalEntry::state).containsExactly(State.ACCEPTED, State.UNKNOWN, State.REJECTED);
        assertThat(all.get(0).commandId()).isEqualTo("c-6");
        assertThat(all.get(2).container()).isEqualTo(16237L);

        JournalEntry finished = life.finish(ok.entry(), command("c-6", CommandStatus.DONE, "200", "")).join();
        assertThat(finished.state()).isEqualTo(State.SUCCEEDED);
        assertThat(life.finish(finished, command("c-6", CommandStatus.DONE, "200", "")).join()).as("an ended entry is not ended twice")
                .isSameAs(finished);
        life.flush().join();
        assertThat(Journal.at(journal.file()).entries().get(0).state()).isEqualTo(State.SUCCEEDED);
        assertThat(Journal.at(journal.file()).pending()).extracting(JournalEntry::state).containsExactly(State.UNKNOWN);
    }
}
