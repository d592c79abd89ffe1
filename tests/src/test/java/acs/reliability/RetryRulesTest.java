package acs.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.client.AcsClient;
import acs.config.AcsConfig;
import acs.ApiCall;
import acs.journal.Journal;
import acs.journal.JournalEntry;
import acs.OutcomeUnknownException;
import acs.lifecycle.RetryPolicy;
import acs.TransportException;
import acs.UploadStart;
import acs.sim.NetworkFault;
import acs.sim.SimConfig;
import acs.sim.Simulator;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A POST is retried only when it provably never left; otherwise it is journaled as unknown, sent once. */
class RetryRulesTest {
    static final RetryPolicy THREE = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2));
    @TempDir Path home;

    @Test void aRefusedConnectionIsRetriedForAPostAndJournaledAsNeverSent() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        } // closed: connections to it are refused
        AtomicInteger retries = new AtomicInteger();
        AcsClient acs = AcsClient.create(AcsConfig.of("http://127.0.0.1:" + port, "t9xuit3pt202ou09", "secretKey123"))
                .withRetry(THREE).trace(l -> {
                    if (l.startsWith("!")) retries.incrementAndGet();
                });
        Journal journal = Journal.at(home.resolve("journal.jsonl"));
        assertThatThrownBy(() -> acs.withJournal(journal, Journal.Origin.of(acs.config(), JournalEntry.Face.LIBRARY)).callRaw(ApiCall.uploadStart(610474, UploadStart.of("http://repo.example.com/a.war"))))
                .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.maybeApplied()).isFalse())
                .isNotInstanceOf(OutcomeUnknownException.class);
        assertThat(retries.get()).isEqualTo(2);
        assertThat(journal.entries()).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo(JournalEntry.State.REJECTED);
            assertThat(e.detail()).startsWith("never sent");
        });
        assertThat(journal.pending()).isEmpty();
    }

    @Test void aPostWhoseAnswerIsLostIsSentOnceEvenWithRetriesLeft() {
        try (Simulator sim = Simulator.start(SimConfig.defaults())) {
            sim.faults().networkOnNode(610474, 1, NetworkFault.LOST_RESPONSE);
            AcsClient acs = AcsClient.create(AcsConfig.of(sim.endpoint().toString(), sim.accessKey(), sim.secretKey())).withRetry(THREE);
            Journal journal = Journal.at(home.resolve("journal.jsonl"));
            assertThatThrownBy(() -> acs.withJournal(journal, Journal.Origin.of(acs.config(), JournalEntry.Face.LIBRARY)).callRaw(ApiCall.delete(610474)))
                    .isInstanceOf(OutcomeUnknownException.class)
                    .hasMessageContaining("the delete of node 610474 may or may not have been applied")
                    .hasMessageContaining("acs node-get 610474");
            assertThat(sim.accessLog()).hasSize(1);
            assertThat(sim.state().commandIds(610474)).hasSize(1);
            JournalEntry e = journal.pending().get(0);
            assertThat(e.state()).isEqualTo(JournalEntry.State.UNKNOWN);
            assertThat(e.operation()).isEqualTo("node-delete");
            assertThat(e.outcomeUnknown()).isTrue();
        }
    }
}
