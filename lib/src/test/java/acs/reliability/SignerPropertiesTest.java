package acs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import acs.auth.Secret;
import acs.auth.Signer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The signer over generated inputs, against an implementation written here (UTF-8 byte order by
 * hand, HMAC-MD5 from MessageDigest by RFC 2104, hex by hand): no case compares the signer with
 * itself. Inputs come from a seeded generator ({@link Gen}; each case names its seed, so a
 * failure replays). jqwik would be the natural tool, but its current releases ask AI agents not
 * to use it, and this code is written with one.
 */
class SignerPropertiesTest {
    static Stream<Long> seeds() { return Gen.seeds(300); }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void signatureMatchesTheReferenceWhateverTheInsertionOrder(long seed) {
        Gen g = new Gen(seed);
        Map<String, String> params = g.params();
        String secret = g.secret();
        String expected = reference(secret, params);
        assertThat(Signer.sign(Secret.of(secret), params)).isEqualTo(expected);
        List<Map.Entry<String, String>> entries = new ArrayList<>(params.entrySet());
        Collections.shuffle(entries, new java.util.Random(seed));
        Map<String, String> shuffled = new LinkedHashMap<>();
        entries.forEach(e -> shuffled.put(e.getKey(), e.getValue()));
        assertThat(Signer.sign(Secret.of(secret), shuffled)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void canonicalStringIsTheNamesAndValuesInUtf8ByteOrder(long seed) {
        Map<String, String> params = new Gen(seed).params();
        assertThat(Signer.canonical(params)).isEqualTo(referenceCanonical(params));
    }

    /** The server compares signatures case-insensitively, and one changed digit is a different signature. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void matchesIgnoresCaseButNotOneDigit(long seed) {
        Gen g = new Gen(seed);
        String sig = reference(g.secret(), g.params());
        assertThat(Signer.matches(sig, sig.toLowerCase(Locale.ROOT))).isTrue();
        int at = g.r.nextInt(sig.length());
        char other = "0123456789ABCDEF".charAt((Character.digit(sig.charAt(at), 16) + 1 + g.r.nextInt(15)) % 16);
        String changed = sig.substring(0, at) + other + sig.substring(at + 1);
        assertThat(Signer.matches(sig, changed)).as("%s vs %s", sig, changed).isFalse();
        assertThat(Signer.matches(sig, sig.substring(1))).isFalse();
    }

    // ---- the reference: no Mac, no HexFormat, no Arrays.compareUnsigned ----

    static String referenceCanonical(Map<String, String> params) {
        List<String> names = new ArrayList<>(params.keySet());
        names.sort(SignerPropertiesTest::compareUtf8);
        StringBuilder sb = new StringBuilder();
        for (String n : names) sb.append(n).append(params.get(n));
        return sb.toString();
    }

    static String reference(String secret, Map<String, String> params) {
        String signed = secret + referenceCanonical(params) + secret;
        return hex(hmacMd5(secret.getBytes(StandardCharsets.UTF_8), signed.getBytes(StandardCharsets.UTF_8)));
    }

    static int compareUtf8(String a, String b) {
        byte[] x = a.getBytes(StandardCharsets.UTF_8), y = b.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int d = (x[i] & 0xff) - (y[i] & 0xff);
            if (d != 0) return d;
        }
        return x.length - y.length;
    }

    /** RFC 2104 over MessageDigest("MD5"). */
    static byte[] hmacMd5(byte[] key, byte[] message) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            if (key.length > 64) key = md5.digest(key);
            byte[] k = new byte[64];
            System.arraycopy(key, 0, k, 0, key.length);
            byte[] ipad = new byte[64], opad = new byte[64];
            for (int i = 0; i < 64; i++) {
                ipad[i] = (byte) (k[i] ^ 0x36);
                opad[i] = (byte) (k[i] ^ 0x5c);
            }
            md5.update(ipad);
            byte[] inner = md5.digest(message);
            md5.update(opad);
            return md5.digest(inner);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static String hex(byte[] b) {
        char[] digits = "0123456789ABCDEF".toCharArray();
        StringBuilder sb = new StringBuilder();
        for (byte x : b) sb.append(digits[(x >> 4) & 0xf]).append(digits[x & 0xf]);
        return sb.toString();
    }
}
