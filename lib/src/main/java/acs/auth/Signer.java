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
    private Signer() {}

    /** The string that is signed, without the secret around it; useful to debug a 1004. */
    public static String canonical(Map<String, String> params) {
        List<Map.Entry<String, String>> entries = new ArrayList<>(params.entrySet());
        // "byte order": compare the UTF-8 bytes, not Java's UTF-16 code units.
        entries.sort((a, b) -> Arrays.compareUnsigned(utf8(a.getKey()), utf8(b.getKey())));
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : entries) {
            sb.append(e.getKey()).append(e.getValue() == null ? "" : e.getValue());
        }
        return sb.toString();
    }

    /** The value of the {@code Authorization} header for these parameters. */
    public static String sign(Secret secretKey, Map<String, String> params) {
        String secret = secretKey.reveal();
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(utf8(secret), "HmacMD5"));
            byte[] digest = mac.doFinal(utf8(secret + canonical(params) + secret));
            return HexFormat.of().withUpperCase().formatHex(digest);
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

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
