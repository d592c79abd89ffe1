package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.AcsException;
import acs.ApiCall;
import acs.ApiException;
import acs.Backoff;
import acs.BadResponseException;
import acs.Command;
import acs.CommandStatus;
import acs.ConfigException;
import acs.InvalidInputException;
import acs.OutcomeUnknownException;
import acs.TransportException;
import acs.UploadStart;
import acs.lifecycle.Delivery;
import acs.lifecycle.PollRule;
import acs.lifecycle.PollRule.Verdict;
import acs.lifecycle.RetryPolicy;
import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The retry, poll and delivery rules as docs/RELIABILITY.md states them ("Retries", "Unknown
 * outcomes", "The command lifecycle"), one row of its tables at a time.
 */
class RetryAndPollRulesTest {
    static final ApiCall<?> READ = ApiCall.node(610474);
    static final ApiCall<?> POST = ApiCall.uploadStart(610474, UploadStart.of("http://repo.example.com/a.war"));
    static final ApiCall<?> DELETE = ApiCall.delete(610474);

    static TransportException neverSent() { return new TransportException("connection refused", false, null); }
    static TransportException mayHaveArrived() { return new TransportException("reset", true, null); }
    static ApiException api(String code, int http) { return new ApiException(code, "msg", http, "GET", "/api/v1/node/1"); }
    static BadResponseException garbled() { return new BadResponseException("response is not JSON", 200, "GET", "/api/v1/node/1", "<html>"); }

    @Test
    void readsAreRetriedOnTheNetworkOn5xxOn1001And1009AndOnGarbledBodies() {
        assertThat(RetryPolicy.retryable(READ, neverSent())).isTrue();
        assertThat(RetryPolicy.retryable(READ, mayHaveArrived())).isTrue();
        assertThat(RetryPolicy.retryable(READ, garbled())).isTrue();
        assertThat(RetryPolicy.retryable(READ, api("1001", 200))).isTrue();
        assertThat(RetryPolicy.retryable(READ, api("1009", 200))).isTrue();
        assertThat(RetryPolicy.retryable(READ, api("1002", 503))).as("any 5xx").isTrue();
        assertThat(RetryPolicy.retryable(READ, api("1002", 500))).as("500 itself").isTrue();
        for (String code : new String[] {"1002", "1003", "1004", "1005", "1006", "1007", "1008"}) {
            assertThat(RetryPolicy.retryable(READ, api(code, 200))).as(code).isFalse();
            assertThat(RetryPolicy.retryable(READ, api(code, 499))).as(code + " with a 4xx").isFalse();
        }
        assertThat(RetryPolicy.retryable(READ, new InvalidInputException("x", "bad"))).isFalse();
        assertThat(RetryPolicy.retryable(READ, new ConfigException("no key"))).isFalse();
    }

    @Test
    void changesAreRetriedOnlyWhenTheyProvablyNeverLeft() {
        for (ApiCall<?> change : new ApiCall<?>[] {POST, DELETE}) {
            assertThat(RetryPolicy.retryable(change, neverSent())).as(change.method()).isTrue();
            assertThat(RetryPolicy.retryable(change, mayHaveArrived())).as(change.method()).isFalse();
            assertThat(RetryPolicy.retryable(change, garbled())).as(change.method()).isFalse();
            assertThat(RetryPolicy.retryable(change, api("1001", 500))).as(change.method()).isFalse();
            assertThat(RetryPolicy.retryable(change, api("1009", 200))).as(change.method()).isFalse();
        }
    }

    @Test
    void attemptsAreBoundedAndRetryAfterIsHonouredUpToAMinute() {
        RetryPolicy three = new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(2));
        assertThat(three.delayBefore(2, READ, neverSent(), Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
        assertThat(three.delayBefore(3, READ, neverSent(), Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(60));
        assertThat(three.delayBefore(3, READ, neverSent(), Duration.ofSeconds(61))).isEqualTo(Duration.ofMinutes(1));
        assertThat(three.delayBefore(4, READ, neverSent(), null)).as("a fourth attempt of three").isNull();
        assertThat(three.delayBefore(2, POST, mayHaveArrived(), Duration.ofSeconds(1))).as("Retry-After never re-sends a change").isNull();
        assertThat(RetryPolicy.NONE.delayBefore(2, READ, neverSent(), null)).isNull();
        assertThat(RetryPolicy.DEFAULT.maxAttempts()).isEqualTo(3);
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("maxAttempts").hasMessageContaining("at least 1");
        assertThat(new RetryPolicy(1, Duration.ZERO, Duration.ZERO).maxAttempts()).isEqualTo(1);
    }

    @Test
    void withoutRetryAfterTheDelayIsBetweenTheBaseAndACapThatDoublesPerAttempt() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(200), Duration.ofSeconds(2));
        // attempt 2 is the first retry: cap 200 ms; attempt 3: 400 ms; attempt 5: 1600 ms; then 2 s
        long[] caps = {200, 400, 800, 1600, 2000, 2000};
        for (int i = 0; i < caps.length; i++) {
            for (int draw = 0; draw < 50; draw++) {
                long ms = p.delayBefore(i + 2, READ, neverSent(), null).toMillis();
                assertThat(ms).as("attempt " + (i + 2)).isBetween(200L, caps[i]);
            }
        }
        assertThat(p.delayBefore(2, READ, neverSent(), null)).as("the first retry waits exactly the base").isEqualTo(Duration.ofMillis(200));
    }

    /** A random source that always draws the top (or the bottom) of the range it is asked for. */
    static RandomGenerator drawing(boolean top) {
        return new RandomGenerator() {
            @Override public long nextLong() { throw new AssertionError("the backoff draws from a range"); }
            @Override public long nextLong(long origin, long bound) { return top ? bound - 1 : origin; }
        };
    }

    @ParameterizedTest(name = "poll {0}: [{1}, {2}] ms")
    @CsvSource({"0, 250, 250", "1, 250, 500", "2, 250, 1000", "3, 250, 2000", "4, 250, 4000", "5, 250, 5000", "40, 250, 5000", "-3, 250, 250"})
    void theBackoffRangeIsMinToMinTimesTwoToTheNCappedAtMax(int n, long lo, long hi) {
        Backoff b = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(5));
        assertThat(b.delay(n, drawing(false))).isEqualTo(Duration.ofMillis(lo));
        assertThat(b.delay(n, drawing(true))).isEqualTo(Duration.ofMillis(hi));
        assertThat(b.delay(n).toMillis()).isBetween(lo, hi);
    }

    @Test
    void aBackoffNeedsZeroOrMoreAndMinAtMostMax() {
        assertThat(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)).delay(5, drawing(true))).isEqualTo(Duration.ofSeconds(1));
        assertThat(new Backoff(Duration.ZERO, Duration.ZERO).delay(3)).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> new Backoff(Duration.ofMillis(-1), Duration.ofSeconds(1))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("-1 ms");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("2000 ms").hasMessageContaining("1000 ms");
    }

    static Command command(CommandStatus status, String result, String resultMsg) {
        return new Command("c1", "deploy", status, result, resultMsg, null, null, null);
    }

    @Test
    void aPollSucceedsOnDone200FailsOnPublishFailedOrAnotherResultAndRidesThroughTheRest() {
        assertThat(PollRule.judge(command(CommandStatus.DONE, "200", ""), null)).isEqualTo(Verdict.SUCCEEDED);
        assertThat(PollRule.judge(command(CommandStatus.DONE, "500", "boom"), null)).isEqualTo(Verdict.FAILED);
        assertThat(PollRule.judge(command(CommandStatus.DONE, "200", "but a message"), null)).isEqualTo(Verdict.FAILED);
        assertThat(PollRule.judge(command(CommandStatus.PUBLISH_FAILED, "", ""), null)).isEqualTo(Verdict.FAILED);
        for (CommandStatus running : new CommandStatus[] {CommandStatus.CREATED, CommandStatus.PUBLISHED, CommandStatus.RUNNING, CommandStatus.UNKNOWN}) {
            assertThat(PollRule.judge(command(running, "", ""), null)).as(running.name()).isEqualTo(Verdict.RETRY);
        }
    }

    @Test
    void aFailedPollIsPolledAgainOnlyWhenTransient() {
        Command last = command(CommandStatus.RUNNING, "", "");
        assertThat(PollRule.judge(last, mayHaveArrived())).isEqualTo(Verdict.RETRY);
        assertThat(PollRule.judge(null, neverSent())).isEqualTo(Verdict.RETRY);
        assertThat(PollRule.judge(last, garbled())).isEqualTo(Verdict.RETRY);
        assertThat(PollRule.judge(last, api("1001", 200))).isEqualTo(Verdict.RETRY);
        assertThat(PollRule.judge(last, api("1009", 200))).isEqualTo(Verdict.RETRY);
        assertThat(PollRule.judge(last, api("1002", 502))).isEqualTo(Verdict.RETRY);
        assertThat(PollRule.judge(last, api("1005", 200))).isEqualTo(Verdict.ERROR);
        assertThat(PollRule.judge(last, api("1004", 200))).isEqualTo(Verdict.ERROR);
        assertThat(PollRule.judge(last, new AcsException("interrupted"))).isEqualTo(Verdict.ERROR);
    }

    @Test
    void aChangeIsRejectedWhenRefusedOrNeverSentAndUnknownOtherwise() {
        assertThat(Delivery.of(api("1001", 500))).as("a server that fails after applying answers so").isEqualTo(Delivery.UNKNOWN);
        assertThat(Delivery.of(api("1001", 200))).isEqualTo(Delivery.UNKNOWN);
        assertThat(Delivery.of(api("1009", 200))).as("the server timed out: maybe applied").isEqualTo(Delivery.UNKNOWN);
        assertThat(Delivery.of(api("", 503))).as("a 5xx with no documented code").isEqualTo(Delivery.UNKNOWN);
        for (String refusal : new String[] {"1002", "1003", "1004", "1005", "1006", "1007", "1008"}) {
            assertThat(Delivery.of(api(refusal, 200))).as(refusal).isEqualTo(Delivery.REJECTED);
            assertThat(Delivery.of(api(refusal, 500))).as(refusal + " with a 5xx still says why it did not act").isEqualTo(Delivery.REJECTED);
        }
        assertThat(Delivery.of(api("", 400))).isEqualTo(Delivery.REJECTED);
        assertThat(Delivery.of(new InvalidInputException("url", "bad"))).isEqualTo(Delivery.REJECTED);
        assertThat(Delivery.of(new ConfigException("no key"))).isEqualTo(Delivery.REJECTED);
        assertThat(Delivery.of(neverSent())).isEqualTo(Delivery.REJECTED);
        assertThat(Delivery.of(mayHaveArrived())).isEqualTo(Delivery.UNKNOWN);
        assertThat(Delivery.of(garbled())).as("a 5xx page of a proxy, a truncated body").isEqualTo(Delivery.UNKNOWN);
        assertThat(Delivery.of(new OutcomeUnknownException("lost", "e1", null))).isEqualTo(Delivery.UNKNOWN);
        assertThat(Delivery.of(new IllegalStateException("bug"))).isEqualTo(Delivery.UNKNOWN);

        assertThat(Delivery.mayResend(neverSent())).isTrue();
        assertThat(Delivery.mayResend(mayHaveArrived())).isFalse();
        assertThat(Delivery.mayResend(api("1001", 500))).isFalse();
        assertThat(Delivery.mayResend(garbled())).isFalse();
    }
}
