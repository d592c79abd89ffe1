package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.Activity;
import acs.ApiException;
import acs.Command;
import acs.CommandFailedException;
import acs.CommandStatus;
import acs.Progress;
import acs.Step;
import acs.TransportException;
import acs.WaitOptions;
import acs.WaitTimeoutException;
import acs.lifecycle.Waiter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The waiter runs on a fake clock: sleeping advances time, so no test waits for real. */
class WaiterTest {
    long now;
    final List<Duration> sleeps = new ArrayList<>();

    Waiter waiter(WaitOptions o) {
        return new Waiter(o, () -> now, d -> { sleeps.add(d); now += d.toNanos(); }, new Random(7));
    }

    static Command cmd(CommandStatus s, String result, Activity... acts) {
        return new Command("c-1", "node_upload_start", s, result, "", null, null, List.of(acts));
    }

    static Supplier<Command> sequence(Object... answers) {
        Deque<Object> q = new ArrayDeque<>(List.of(answers));
        return () -> {
            Object a = q.size() > 1 ? q.poll() : q.peek();
            if (a instanceof RuntimeException e) throw e;
            return (Command) a;
        };
    }

    @Test
    void delaysStayWithinMinAndAGrowingCap() {
        WaitOptions o = WaitOptions.DEFAULT.withDelays(Duration.ofMillis(100), Duration.ofMillis(1600));
        Waiter w = waiter(o);
        for (int n = 0; n < 50; n++) {
            long d = w.delay(n).toMillis();
            long cap = Math.min(1600, 100L << Math.min(n, 20));
            assertThat(d).isBetween(100L, cap);
        }
        assertThat(w.delay(0).toMillis()).isEqualTo(100);
        // the cap is reached and randomness spreads the delays
        assertThat(java.util.stream.IntStream.range(0, 200).mapToLong(i -> w.delay(10).toMillis()).distinct().count()).isGreaterThan(20);
    }

    @Test
    void succeedsOnDoneWith200AndReportsEachActivityAndStepOnce() {
        Activity prep1 = new Activity("c-1", "PrepareParams", "", List.of(new Step("check", "200", null)), null, null);
        Activity prep2 = new Activity("c-1", "PrepareParams", "200", List.of(new Step("check", "200", null), new Step("lock", "200", null)), null, null);
        Activity start = new Activity("c-1", "StartContainer", "200", List.of(new Step("pull image", "200", null)), null, null);
        Activity start2 = new Activity("c-1", "StartContainer", "200", List.of(new Step("pull image", "200", null)), null, null);
        List<String> seen = new ArrayList<>();
        Command done = waiter(WaitOptions.DEFAULT.withListener(p -> seen.add(p.describe()))).await("c-1", sequence(
                cmd(CommandStatus.CREATED, ""), cmd(CommandStatus.RUNNING, "", prep1), cmd(CommandStatus.RUNNING, "", prep2),
                cmd(CommandStatus.RUNNING, "", prep2, start), cmd(CommandStatus.DONE, "200", prep2, start, start2)));
        assertThat(done.succeeded()).isTrue();
        // one StartContainer per container, the API naming none: told apart by their order, the node's containers'
        assertThat(seen).containsExactly("status CREATED", "status RUNNING", "PrepareParams", "PrepareParams / check: 200",
                "PrepareParams / lock: 200", "StartContainer (container 1)", "StartContainer (container 1) / pull image: 200",
                "StartContainer (container 2)", "StartContainer (container 2) / pull image: 200", "status DONE result 200");
    }

    @Test
    void failsAtOnceOnPublishFailedWithTheCommand() {
        Supplier<Command> poll = sequence(cmd(CommandStatus.RUNNING, ""), cmd(CommandStatus.PUBLISH_FAILED, ""));
        assertThatThrownBy(() -> waiter(WaitOptions.DEFAULT).await("c-1", poll))
                .isInstanceOfSatisfying(CommandFailedException.class, e -> {
                    assertThat(e.command().status()).isEqualTo(CommandStatus.PUBLISH_FAILED);
                    assertThat(e.exitCode()).isEqualTo(6);
                });
        assertThat(sleeps).hasSize(1);
    }

    @Test
    void failureNamesTheFailedStep() {
        Activity bad = new Activity("c-1", "StartContainer", "500", List.of(new Step("pull image", "500", "manifest unknown")), null, null);
        Command failed = new Command("c-1", "node_upload_start", CommandStatus.DONE, "500", "deploy failed", null, null, List.of(bad));
        assertThatThrownBy(() -> waiter(WaitOptions.DEFAULT).await("c-1", () -> failed))
                .isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("StartContainer / pull image -> 500: manifest unknown")
                .hasMessageContaining("deploy failed");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aFailureMessageSaysTheStepOnceWhenResultMsgQuotesIt() {
        Activity bad = new Activity("c-1", "PrepareParams", "500", List.of(new Step("download package", "500", "HTTP 404 for the package URL")), null, null);
        Command failed = new Command("c-1", "node_upload_start", CommandStatus.DONE, "500",
                "PrepareParams failed: HTTP 404 for the package URL", null, null, List.of(bad));
        String message = new CommandFailedException(failed).getMessage();
        assertThat(message.split("HTTP 404 for the package URL", -1)).hasSize(2);
    }

    @Test
    void timeoutIsADifferentOutcomeAndNeverSleepsPastTheDeadline() {
        WaitOptions o = WaitOptions.timeout(Duration.ofSeconds(30)).withDelays(Duration.ofSeconds(1), Duration.ofSeconds(8));
        assertThatThrownBy(() -> waiter(o).await("c-1", () -> cmd(CommandStatus.RUNNING, "")))
                .isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(7);
                    assertThat(e.lastSeen().status()).isEqualTo(CommandStatus.RUNNING);
                    assertThat(e.getMessage()).contains("30s").contains("c-1");
                });
        assertThat(Duration.ofNanos(now)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void transientPollErrorsAreRiddenThrough() {
        Command done = waiter(WaitOptions.DEFAULT).await("c-1", sequence(
                new TransportException("reset", true, null),
                new ApiException("1001", "InternalError", 500, "GET", "/api/v1/command/c-1"),
                cmd(CommandStatus.DONE, "200")));
        assertThat(done.succeeded()).isTrue();
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void permanentPollErrorsEndTheWait() {
        assertThatThrownBy(() -> waiter(WaitOptions.DEFAULT).await("c-1", sequence(
                new ApiException("1005", "ResourceNotExist", 200, "GET", "/api/v1/command/c-1"))))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void theWaitsBetweenPollsGrowFromTheMinimumUpToTheMaximum() {
        WaitOptions o = WaitOptions.timeout(Duration.ofMinutes(1)).withDelays(Duration.ofMillis(100), Duration.ofMillis(1600));
        assertThatThrownBy(() -> waiter(o).await("c-1", () -> cmd(CommandStatus.RUNNING, ""))).isInstanceOf(WaitTimeoutException.class);
        assertThat(sleeps.get(0)).as("the first wait").isEqualTo(Duration.ofMillis(100));
        for (int n = 0; n < sleeps.size() - 1; n++) {
            assertThat(sleeps.get(n).toMillis()).as("wait %d", n).isBetween(100L, Math.min(1600, 100L << Math.min(n, 20)));
        }
        assertThat(sleeps.subList(4, sleeps.size() - 1)).as("later waits, drawn up to a grown cap")
                .anySatisfy(d -> assertThat(d).isGreaterThan(Duration.ofMillis(800)));
    }

    @Test
    void anInterruptedWaitEndsWithTheCommandNamedAndKeepsTheInterrupt() {
        Waiter w = new Waiter(WaitOptions.DEFAULT, () -> now, d -> { throw new InterruptedException(); }, new Random(7));
        try {
            assertThatThrownBy(() -> w.await("c-1", () -> cmd(CommandStatus.RUNNING, "")))
                    .hasMessage("interrupted while waiting for command c-1");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void onTheRealClockPollsAreSpacedByAtLeastTheMinimumDelay() {
        int[] polls = {0};
        WaitOptions o = WaitOptions.timeout(Duration.ofMillis(300)).withDelays(Duration.ofMillis(100), Duration.ofMillis(100));
        assertThatThrownBy(() -> new Waiter(o).await("c-1", () -> {
            polls[0]++;
            return cmd(CommandStatus.RUNNING, "");
        })).isInstanceOf(WaitTimeoutException.class);
        assertThat(polls[0]).as("polls in 300 ms, 100 ms apart (sleeping never ends early)").isBetween(2, 4);
    }
}
