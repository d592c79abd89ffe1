package acs.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a user reads of a run: the summary line, the exit code, whether the run failed, and what
 * became of each node's rollback. The expected texts are the formats the javadoc and README promise,
 * written out by hand for rows built here.
 */
class FleetReportTest {
    /** A fan-out's row: a node, its outcome, error and command, no rollback. */
    static FleetResult<Long, Void> row(long node, Outcome o, String error, String commandId) {
        return row(node, o, error, commandId, FleetResult.Rollback.NONE);
    }

    /** A failed fan-out row and what became of its rollback. */
    static FleetResult<Long, Void> row(long node, Outcome o, String error, String commandId, FleetResult.Rollback rollback) {
        return new FleetResult<>(node, o, null, error, null, 1, 0, commandId, null, null, 0, null, rollback, false);
    }

    static FleetResult.Rollback rollback(FleetResult.Rollback.State state, String commandId, String detail) {
        return new FleetResult.Rollback(state, commandId, detail);
    }

    static FleetResult<Long, Void> row(long node, Outcome o) {
        return row(node, o, null, o == Outcome.SKIPPED || o == Outcome.CANCELLED ? null : "c-" + node);
    }

    static FleetReport<Long, Void> report(int maxFailures, boolean cancelled, List<Outcome> outcomes) {
        List<FleetResult<Long, Void>> rows = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) rows.add(row(i + 1, outcomes.get(i)));
        return new FleetReport<>(rows, maxFailures, cancelled, null);
    }

    static int exit(Outcome... outcomes) {
        return report(Integer.MAX_VALUE, false, List.of(outcomes)).exitCode();
    }

    @Test
    void theExitCodeSaysTheWorstThatHappenedInTheDocumentedOrder() {
        assertThat(exit(Outcome.SUCCEEDED, Outcome.SUCCEEDED)).isZero();
        assertThat(exit()).isZero();
        assertThat(exit(Outcome.SUCCEEDED, Outcome.FAILED)).isEqualTo(6);
        assertThat(exit(Outcome.SUCCEEDED, Outcome.SKIPPED)).as("skipped because of failures").isEqualTo(6);
        assertThat(exit(Outcome.UNKNOWN, Outcome.FAILED)).as("an unknown outcome outranks a failure: it needs checking by hand").isEqualTo(5);
        assertThat(exit(Outcome.UNKNOWN, Outcome.SKIPPED)).isEqualTo(5);
        assertThat(exit(Outcome.SUCCEEDED, Outcome.UNKNOWN)).isEqualTo(5);
        assertThat(exit(Outcome.TIMED_OUT, Outcome.UNKNOWN)).as("an unknown outcome outranks a timeout").isEqualTo(5);
        assertThat(exit(Outcome.SUCCEEDED, Outcome.TIMED_OUT)).isEqualTo(7);
        assertThat(exit(Outcome.TIMED_OUT, Outcome.SKIPPED)).isEqualTo(6);
        assertThat(report(0, true, List.of(Outcome.FAILED, Outcome.IN_FLIGHT, Outcome.CANCELLED)).exitCode())
                .as("an interrupted fleet is 130 whatever else happened").isEqualTo(130);
    }

    @Test
    void aRunFailsWithOneFailureMoreThanAllowedAndTimeoutsAndUnknownsCount() {
        assertThat(report(1, false, List.of(Outcome.FAILED, Outcome.SUCCEEDED)).exceeded()).isFalse();
        assertThat(report(1, false, List.of(Outcome.FAILED, Outcome.TIMED_OUT)).exceeded()).isTrue();
        assertThat(report(1, false, List.of(Outcome.UNKNOWN, Outcome.FAILED)).exceeded()).isTrue();
        assertThat(report(0, false, List.of(Outcome.TIMED_OUT)).exceeded()).isTrue();
        assertThat(report(0, false, List.of(Outcome.UNKNOWN)).exceeded()).isTrue();
        assertThat(report(0, false, List.of(Outcome.SKIPPED, Outcome.CANCELLED, Outcome.IN_FLIGHT, Outcome.SUCCEEDED)).exceeded())
                .as("nodes not ended are not failures").isFalse();

        FleetReport<Long, Void> ok = report(1, false, List.of(Outcome.FAILED));
        assertThat(ok.throwIfExceeded()).isSameAs(ok);
        FleetReport<Long, Void> failed = report(0, false, List.of(Outcome.SUCCEEDED, Outcome.FAILED, Outcome.SKIPPED));
        assertThatThrownBy(failed::throwIfExceeded).isInstanceOf(RolloutFailedException.class)
                .hasMessageContaining("1 failure (maxFailures 0)").hasMessageContaining("1 succeeded, 1 failed, 1 skipped")
                .satisfies(e -> assertThat(((RolloutFailedException) e).report()).isSameAs(failed));
    }

    @Test
    void countsAndFiltersPickTheirOutcomeOnly() {
        FleetReport<Long, Void> r = report(5, false, List.of(Outcome.SUCCEEDED, Outcome.FAILED, Outcome.SKIPPED, Outcome.SUCCEEDED,
                Outcome.TIMED_OUT, Outcome.UNKNOWN));
        assertThat(r.count(Outcome.SUCCEEDED)).isEqualTo(2);
        assertThat(r.count(Outcome.CANCELLED)).isZero();
        assertThat(r.succeeded()).extracting(FleetResult::item).containsExactly(1L, 4L);
        assertThat(r.failed()).extracting(FleetResult::item).containsExactly(2L);
        assertThat(r.skipped()).extracting(FleetResult::item).containsExactly(3L);
        assertThat(r.allSucceeded()).isFalse();
        assertThat(report(0, false, List.of(Outcome.SUCCEEDED, Outcome.SUCCEEDED)).allSucceeded()).isTrue();
        assertThat(report(0, false, List.of(Outcome.SUCCEEDED, Outcome.SKIPPED)).allSucceeded()).isFalse();
        assertThat(r.results()).as("a copy: the report cannot change under its reader").isUnmodifiable();
    }

    @Test
    void aRolloutsSummaryCountsWhatEndedAndMentionsTimeoutsOnlyWhenThereAreSome() {
        assertThat(report(0, false, List.of(Outcome.SUCCEEDED, Outcome.SUCCEEDED, Outcome.SUCCEEDED, Outcome.FAILED,
                Outcome.SKIPPED, Outcome.SKIPPED)).describe()).isEqualTo("3 succeeded, 1 failed, 2 skipped");
        assertThat(report(0, false, List.of(Outcome.TIMED_OUT, Outcome.SUCCEEDED)).describe())
                .isEqualTo("1 succeeded, 0 failed, 1 timed out, 0 skipped");
        assertThat(report(0, false, List.of()).describe()).isEqualTo("0 succeeded, 0 failed, 0 skipped");
        FleetReport<Long, Void> noTraffic = report(0, false, List.of(Outcome.SUCCEEDED));
        assertThat(noTraffic.requests()).isZero();
        assertThat(noTraffic.polls()).isZero();
        assertThat(noTraffic.elapsed()).isEqualTo(Duration.ZERO);
    }

    @Test
    void aFanOutsSummaryHasItsTrafficAndPollsPerCommandStarted() {
        List<FleetResult<Long, Void>> rows = List.of(row(1, Outcome.SUCCEEDED), row(2, Outcome.SUCCEEDED), row(3, Outcome.FAILED),
                row(4, Outcome.TIMED_OUT), row(5, Outcome.FAILED, "1005 no such node", null), row(6, Outcome.SKIPPED));
        // 4 commands started (node 5's start was refused, node 6 never started): 10 polls = 2.5 per command
        FleetReport<Long, Void> r = new FleetReport<>(rows, 3, false, new FleetReport.Traffic(15, 10, Duration.ofMillis(4200)));
        assertThat(r.requests()).isEqualTo(15);
        assertThat(r.polls()).isEqualTo(10);
        assertThat(r.elapsed()).isEqualTo(Duration.ofMillis(4200));
        assertThat(r.pollsPerCommand()).isEqualTo(2.5);
        assertThat(r.describe()).isEqualTo("2 succeeded, 2 failed, 1 timed out, 1 skipped in 4.2s (15 requests, 2.5 polls per command)");

        FleetReport<Long, Void> none = new FleetReport<>(List.of(row(1, Outcome.SKIPPED)), 0, false,
                new FleetReport.Traffic(0, 0, Duration.ZERO));
        assertThat(none.pollsPerCommand()).as("no command started: no division by zero").isZero();
        assertThat(none.describe()).isEqualTo("0 succeeded, 0 failed, 0 timed out, 1 skipped in 0.0s (0 requests, 0.0 polls per command)");
    }

    @Test
    void theSummaryTellsRollbacksUnknownOutcomesAndWhatACancelLeftBehind() {
        List<FleetResult<Long, Void>> rows = List.of(
                row(1, Outcome.SUCCEEDED),
                row(2, Outcome.FAILED, "command c-2 (FAILED) failed: 500", "c-2", rollback(FleetResult.Rollback.State.SUCCEEDED, "r-2", "")),
                row(3, Outcome.FAILED, "command c-3 (FAILED) failed: 500", "c-3", rollback(FleetResult.Rollback.State.FAILED, "r-3", "500")),
                row(4, Outcome.FAILED, "command c-4 (FAILED) failed: 500", "c-4",
                        rollback(FleetResult.Rollback.State.NOT_STARTED, null, "1005 no such node")),
                row(5, Outcome.FAILED, "command c-5 (FAILED) failed: 500", "c-5", rollback(FleetResult.Rollback.State.STARTED, "r-5", "")),
                row(6, Outcome.UNKNOWN, "it may have arrived", null),
                row(7, Outcome.IN_FLIGHT), row(8, Outcome.IN_FLIGHT),
                row(9, Outcome.CANCELLED),
                row(10, Outcome.FAILED, "command c-10 (FAILED) failed: 500", "c-10",
                        rollback(FleetResult.Rollback.State.UNKNOWN, null, "it may have arrived")));
        FleetReport<Long, Void> r = new FleetReport<>(rows, 10, true, null);
        assertThat(r.rollbacks(FleetResult.Rollback.State.SUCCEEDED)).isEqualTo(1);
        assertThat(r.rollbacks(FleetResult.Rollback.State.FAILED)).isEqualTo(1);
        assertThat(r.rollbacks(FleetResult.Rollback.State.NOT_STARTED)).isEqualTo(1);
        assertThat(r.rollbacks(FleetResult.Rollback.State.STARTED)).isEqualTo(1);
        assertThat(r.rollbacks(FleetResult.Rollback.State.UNKNOWN)).isEqualTo(1);
        assertThat(r.rollbacks(FleetResult.Rollback.State.NONE)).isEqualTo(5);
        assertThat(r.describe()).isEqualTo("1 succeeded, 5 failed, 0 skipped; rollbacks: 3 started, 1 succeeded, 1 failed, 1 not started"
                + ", 1 of unknown outcome, 1 unknown (check them: acs journal --pending), 2 in flight, 1 not started (cancelled)");
        assertThat(r.exitCode()).isEqualTo(130);
    }

    @Test
    void nodesInFlightAfterAStopAreCountedAsSuch() {
        FleetReport<Long, Void> r = new FleetReport<>(List.of(row(1, Outcome.FAILED), row(2, Outcome.IN_FLIGHT), row(3, Outcome.SKIPPED)),
                0, false, null);
        assertThat(r.describe()).isEqualTo("0 succeeded, 1 failed, 1 skipped, 1 in flight (not followed after the stop)");
        assertThat(r.exitCode()).isEqualTo(6);
    }

    @Test
    void theErrorTextTellsTheRollbackAsTheJsonRowsAlwaysHave() {
        String e = "command c (FAILED) failed: 500";
        assertThat(row(1, Outcome.FAILED, e, "c", rollback(FleetResult.Rollback.State.SUCCEEDED, "r", "")).errorWithRollback())
                .isEqualTo("command c (FAILED) failed: 500; rolled back");
        assertThat(row(1, Outcome.FAILED, e, "c", rollback(FleetResult.Rollback.State.FAILED, "r", "PUBLISH_FAILED")).errorWithRollback())
                .isEqualTo("command c (FAILED) failed: 500; rollback failed: PUBLISH_FAILED");
        assertThat(row(1, Outcome.FAILED, e, "c", rollback(FleetResult.Rollback.State.NOT_STARTED, "", "1005 no such node")).errorWithRollback())
                .isEqualTo("command c (FAILED) failed: 500; rollback not started: 1005 no such node");
        assertThat(row(1, Outcome.FAILED, e, "c", rollback(FleetResult.Rollback.State.STARTED, "r", "")).errorWithRollback())
                .isEqualTo("command c (FAILED) failed: 500; rollback started");
        assertThat(row(1, Outcome.FAILED, e, "c").errorWithRollback()).isEqualTo(e);
        FleetResult<Long, Void> rolledBack = row(1, Outcome.FAILED, e, "c", rollback(FleetResult.Rollback.State.SUCCEEDED, "r", ""));
        assertThat(rolledBack.error()).as("the node's own error holds no rollback note").isEqualTo(e);
        assertThat(rolledBack.rollbackCommandId()).isEqualTo("r");

        // a rollout task's error is its exception's message: a message that looks like a note is not one
        FleetResult<String, Void> task = FleetResult.ofTask("a", Outcome.FAILED, null, new IllegalStateException("boom; rolled back"), 2);
        assertThat(task.rollback().state()).isEqualTo(FleetResult.Rollback.State.NONE);
        assertThat(task.error()).isEqualTo("boom; rolled back");
        assertThat(task.reason()).isEqualTo(new FleetResult.Reason(FleetResult.Reason.Kind.THREW, "boom; rolled back"));
        assertThat(task.batch()).isEqualTo(2);
        assertThat(FleetResult.skippedTask("b", 3, 1).reason().describe()).isEqualTo("not started: more than 1 failure");
    }

    @Test
    void aReasonAndARollbackReadAsFewWords() {
        assertThat(new FleetResult.Reason(FleetResult.Reason.Kind.MAX_FAILURES, "more than 0 failures").describe())
                .isEqualTo("not started: more than 0 failures");
        assertThat(new FleetResult.Reason(FleetResult.Reason.Kind.COMMAND_FAILED, "status PUBLISH_FAILED").describe())
                .isEqualTo("command failed: status PUBLISH_FAILED");
        assertThat(new FleetResult.Reason(FleetResult.Reason.Kind.ANSWERED_BY_EARLIER_ATTEMPT, "").describe())
                .isEqualTo("answered by an earlier attempt");
        assertThat(FleetResult.Reason.NONE.describe()).isEmpty();
        assertThat(rollback(FleetResult.Rollback.State.NOT_STARTED, "", "1005 no such node").describe()).isEqualTo("not started: 1005 no such node");
        assertThat(rollback(FleetResult.Rollback.State.SUCCEEDED, "r", "").describe()).isEqualTo("succeeded");
        assertThat(FleetResult.Rollback.NONE.describe()).isEmpty();
    }

    @Test
    void aResultHasNoNullTextsAndNeedsAnOutcome() {
        FleetResult<Long, Void> r = new FleetResult<>(1L, Outcome.SKIPPED, null, null, null, 1, 0, null, null, null, 0, null, null, false);
        assertThat(r.error()).isEmpty();
        assertThat(r.reason()).isEqualTo(FleetResult.Reason.NONE);
        assertThat(r.rollback()).isEqualTo(FleetResult.Rollback.NONE);
        assertThat(r.commandId()).isEmpty();
        assertThat(r.result()).isEmpty();
        assertThat(r.rollbackCommandId()).isEmpty();
        assertThat(r.skipped()).isTrue();
        assertThat(r.succeeded()).isFalse();
        assertThat(r.failed()).isFalse();
        assertThatThrownBy(() -> new FleetResult<>(1L, null, null, null, null, 1, 0, null, null, null, 0, null, null, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outcome");
    }

    @Test
    void failuresTimeoutsAndUnknownOutcomesCountAgainstTheLimitNothingElseDoes() {
        for (Outcome o : Outcome.values()) {
            boolean counts = o == Outcome.FAILED || o == Outcome.TIMED_OUT || o == Outcome.UNKNOWN;
            assertThat(row(1, o).countsAsFailure()).as("%s", o).isEqualTo(counts);
        }
    }
}
