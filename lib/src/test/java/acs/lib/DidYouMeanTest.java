package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;

import acs.Names;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * "Did you mean …?": edit distances worked out by hand (Levenshtein plus adjacent swaps), and how
 * far a suggestion may be: 1 edit for names of up to 3 letters, 2 up to 6, 3 beyond.
 */
class DidYouMeanTest {
    @Test
    void distancesAreThoseWorkedOutByHand() {
        assertThat(Names.distance("deplyo", "deploy")).as("one adjacent swap").isEqualTo(1);
        assertThat(Names.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Names.distance("", "abc")).isEqualTo(3);
        assertThat(Names.distance("abc", "")).isEqualTo(3);
        assertThat(Names.distance("ab", "ba")).isEqualTo(1);
        assertThat(Names.distance("ca", "abc")).as("a swap is not edited again").isEqualTo(3);
        assertThat(Names.distance("same", "same")).isZero();
        assertThat(Names.distance("abcd", "abdc")).isEqualTo(1);
        assertThat(Names.distance("xabc", "abc")).isEqualTo(1);
    }

    @Test
    void howFarASuggestionMayBeGrowsWithTheLengthOfWhatWasTyped() {
        assertThat(Names.closest("abc", List.of("abd"))).contains("abd");
        assertThat(Names.closest("abc", List.of("axy"))).as("2 edits for 3 letters").isEmpty();
        assertThat(Names.closest("abcd", List.of("abxy"))).as("2 edits for 4 letters").contains("abxy");
        assertThat(Names.closest("abcdef", List.of("abcxyz"))).as("3 edits for 6 letters").isEmpty();
        assertThat(Names.closest("abcdef", List.of("abcdxy"))).contains("abcdxy");
        assertThat(Names.closest("abcdefg", List.of("abcdxyz"))).as("3 edits for 7 letters").contains("abcdxyz");
        assertThat(Names.closest("abcdefg", List.of("abcwxyz"))).isEmpty();
    }

    @Test
    void theClosestFirstCandidateWinsAndAnExactNameNeedsNoSuggestion() {
        assertThat(Names.closest("endpiont", List.of("accessKey", "endpoint", "endpoints"))).contains("endpoint");
        assertThat(Names.closest("abcd", List.of("abce", "abcf"))).as("a tie: the first").contains("abce");
        assertThat(Names.closest("abcd", List.of("xbcx", "abce"))).contains("abce");
        assertThat(Names.closest("deploy", List.of("deplo", "deploy"))).isEmpty();
        assertThat(Names.closest("waitdone", List.of("waitDone"))).as("case only").contains("waitDone");
        assertThat(Names.closest("x", List.of())).isEmpty();
        assertThat(Names.didYouMean("endpiont", List.of("endpoint"))).isEqualTo(" (did you mean endpoint?)");
        assertThat(Names.didYouMean("zzzzzz", List.of("endpoint"))).isEmpty();
    }
}
