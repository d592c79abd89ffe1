package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.InvalidInputException;
import acs.Progress;
import acs.WaitOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How long and how often a wait polls (README "The library"): 10 minutes, 250 ms growing to 5 s, unless told otherwise. */
class WaitOptionsTest {
    @Test
    void theDefaultsAreTenMinutesAndDelaysFrom250MsTo5s() {
        WaitOptions d = new WaitOptions(null, null, null, null);
        assertThat(d.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(d.minDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(d.maxDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.backoff().min()).isEqualTo(Duration.ofMillis(250));
        assertThat(d.backoff().max()).isEqualTo(Duration.ofSeconds(5));
        d.listener().accept(null); // a listener that ignores everything, never null
        assertThat(WaitOptions.DEFAULT).isEqualTo(d.withListener(WaitOptions.DEFAULT.listener()));
    }

    @Test
    void eachSettingIsReplacedAloneAndTheRestKept() {
        List<Progress> seen = new ArrayList<>();
        WaitOptions o = WaitOptions.timeout(Duration.ofSeconds(30)).withDelays(Duration.ofMillis(10), Duration.ofMillis(20)).withListener(seen::add);
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.minDelay()).isEqualTo(Duration.ofMillis(10));
        assertThat(o.maxDelay()).isEqualTo(Duration.ofMillis(20));
        o.listener().accept(null);
        assertThat(seen).hasSize(1);
        WaitOptions longer = o.withTimeout(Duration.ofMinutes(1));
        assertThat(longer.timeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(longer.minDelay()).isEqualTo(Duration.ofMillis(10));
        assertThat(longer.listener()).isSameAs(o.listener());
    }

    @Test
    void aTimeoutMustBePositiveAndMaxDelayNotBelowMinDelay() {
        assertThatThrownBy(() -> WaitOptions.timeout(Duration.ZERO)).isInstanceOf(InvalidInputException.class)
                .hasMessage("timeout: must be positive, e.g. 10m");
        assertThatThrownBy(() -> WaitOptions.timeout(Duration.ofSeconds(-1))).isInstanceOf(InvalidInputException.class);
        assertThat(WaitOptions.timeout(Duration.ofNanos(1)).timeout()).isEqualTo(Duration.ofNanos(1));
        assertThatThrownBy(() -> WaitOptions.DEFAULT.withDelays(Duration.ofSeconds(2), Duration.ofSeconds(1))).isInstanceOf(InvalidInputException.class)
                .hasMessage("maxDelay: must not be less than minDelay (2000 ms)");
        assertThatThrownBy(() -> WaitOptions.DEFAULT.withDelays(Duration.ofMillis(-1), Duration.ofSeconds(1))).isInstanceOf(InvalidInputException.class);
        assertThat(WaitOptions.DEFAULT.withDelays(Duration.ZERO, Duration.ZERO).maxDelay()).isEqualTo(Duration.ZERO);
        assertThat(WaitOptions.DEFAULT.withDelays(Duration.ofSeconds(1), Duration.ofSeconds(1)).minDelay()).isEqualTo(Duration.ofSeconds(1));
    }
}
