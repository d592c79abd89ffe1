package acs.lib;

import static org.assertj.core.api.Assertions.assertThat;

import acs.auth.Secret;
import acs.auth.Signer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A secret key prints as ****, compares by value, and a signature check accepts either case and nothing else. */
class SecretKeyTest {
    @Test
    void aSecretNeverPrintsAndComparesByItsValue() {
        Secret a = Secret.of("s3cret"), same = Secret.of("s3cret"), other = Secret.of("other");
        assertThat(a.toString()).isEqualTo("****");
        assertThat(String.valueOf(java.util.List.of(a))).doesNotContain("s3cret");
        assertThat(a).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(other).isNotEqualTo("s3cret");
        assertThat(a.hashCode()).isNotEqualTo(other.hashCode());
        assertThat(Secret.of(" ")).isNull();
        assertThat(Secret.of(null)).isNull();
    }

    @Test
    void aSignatureMatchesInEitherCaseAndOnlyItself() {
        String sig = Signer.sign(Secret.of("sk"), Map.of("accesskey", "ak", "timestamp", "1"));
        assertThat(sig).matches("[0-9A-F]{32}");
        assertThat(Signer.matches(sig, sig)).isTrue();
        assertThat(Signer.matches(sig, sig.toLowerCase(java.util.Locale.ROOT))).isTrue();
        String other = Signer.sign(Secret.of("sk"), Map.of("accesskey", "ak", "timestamp", "2"));
        assertThat(Signer.matches(sig, other)).isFalse();
        assertThat(Signer.matches(sig, sig.substring(1))).isFalse();
        assertThat(Signer.matches(null, sig)).isFalse();
        assertThat(Signer.matches(sig, null)).isFalse();
    }
}
