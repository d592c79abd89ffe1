package acs.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The API's request signature (API.md §3): parameters sorted by name in byte order,
 * concatenated as name+value, wrapped in the secret on both sides, HMAC-MD5 keyed with
 * the secret, upper-case hex. Path segments never take part.
 */
public final class Signer {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    /**
     * A keyed HMAC-MD5 per thread, kept between requests: {@code Mac.getInstance} walks the JCA
     * providers and was a visible share of a fleet run's CPU (client and simulator sign every
     * request). Re-keyed only when a thread signs with another secret; {@code doFinal} resets it.
     */
    private static final ThreadLocal<KeyedMac> MACS = ThreadLocal.withInitial(KeyedMac::new);

    private Signer() {}

    /** The string that is signed, without the secret around it; useful to debug a 1004. */
    public static String canonical(Map<String, String> params) {
        return appendCanonical(new StringBuilder(), params).toString();
    }

    private static StringBuilder appendCanonical(StringBuilder sb, Map<String, String> params) {
        List<Map.Entry<String, String>> entries = new ArrayList<>(params.entrySet());
        // "byte order": compare the UTF-8 bytes, not Java's UTF-16 code units.
        entries.sort((a, b) -> compareUtf8(a.getKey(), b.getKey()));
        for (Map.Entry<String, String> e : entries) {
            sb.append(e.getKey()).append(e.getValue() == null ? "" : e.getValue());
        }
        return sb;
    }

    /** The value of the {@code Authorization} header for these parameters. */
    public static String sign(Secret secretKey, Map<String, String> params) {
        String secret = secretKey.reveal();
        // One string, then its bytes, as before: the same bytes whatever the characters at the joins.
        StringBuilder signed = appendCanonical(new StringBuilder(secret.length() * 2 + 128).append(secret), params).append(secret);
        try {
            byte[] digest = MACS.get().keyedWith(utf8(secret)).doFinal(utf8(signed.toString()));
            return HEX.formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacMD5 is not available in this JDK", e);
        }
    }

    /** Constant-time, case-insensitive comparison of two signatures (servers accept either case). */
    public static boolean matches(String expected, String actual) {
        if (expected == null || actual == null) return false;
        return java.security.MessageDigest.isEqual(
                utf8(expected.toUpperCase(java.util.Locale.ROOT)), utf8(actual.toUpperCase(java.util.Locale.ROOT)));
    }

    /**
     * UTF-8 byte order without encoding: it is code point order, which is UTF-16 order except where
     * a surrogate meets a character from U+E000. A lone surrogate (encoded as '?') takes the bytes.
     */
    static int compareUtf8(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i), y = b.charAt(i);
            if (x == y) continue;
            if (Character.isSurrogate(x) || Character.isSurrogate(y)) return Arrays.compareUnsigned(utf8(a), utf8(b));
            return Character.compare(x, y);
        }
        return Integer.compare(a.length(), b.length());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A thread's HMAC-MD5 and the key it holds. */
    private static final class KeyedMac {
        private Mac mac;
        private byte[] key;

        Mac keyedWith(byte[] secret) throws GeneralSecurityException {
            if (mac == null) mac = Mac.getInstance("HmacMD5");
            if (key == null || !Arrays.equals(key, secret)) {
                key = null;
                mac.init(new SecretKeySpec(secret, "HmacMD5"));
                key = secret;
            }
            return mac;
        }
    }
}
