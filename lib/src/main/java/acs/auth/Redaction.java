package acs.auth;

import acs.wire.PreparedRequest;
import java.net.URI;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What may be kept or shown of values a user gave: secret-named parameters, credentials and
 * signature-like query parameters in URLs replaced by {@link PreparedRequest#REDACTED}. The
 * journal, the run records and error messages all redact through it.
 */
public final class Redaction {
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(secret|passw|token|sign|credential|accesskey|access_key|apikey|api_key|auth).*");
    private static final Pattern URL_SECRET_PARAM = Pattern.compile(
            "(?i)([?&][^=&#]*(?:secret|passw|token|sign|credential|key|auth)[^=&#]*=)[^&#]*");

    private Redaction() {}

    /**
     * The last parameters redacted and what they gave: a fleet run journals the same parameters
     * for every node, and the patterns below were a visible share of its CPU.
     */
    private record Memo(List<Map.Entry<String, String>> in, Map<String, String> out) {}

    private static volatile Memo last;

    /** Parameters as journals keep them: secrets and credentials in URLs redacted, the timestamp dropped. */
    public static Map<String, String> params(Map<String, String> params) {
        Memo m = last;
        if (m != null && sameInOrder(m.in(), params)) return new LinkedHashMap<>(m.out());
        Map<String, String> out = new LinkedHashMap<>();
        List<Map.Entry<String, String>> in = new ArrayList<>(params.size());
        params.forEach((k, v) -> {
            in.add(new AbstractMap.SimpleImmutableEntry<>(k, v)); // values may be null
            if (k.equals("timestamp")) return;
            out.put(k, SECRET_NAME.matcher(k).matches() ? PreparedRequest.REDACTED : url(v));
        });
        last = new Memo(in, new LinkedHashMap<>(out));
        return out;
    }

    private static boolean sameInOrder(List<Map.Entry<String, String>> a, Map<String, String> b) {
        if (a.size() != b.size()) return false;
        int i = 0;
        for (Map.Entry<String, String> e : b.entrySet()) {
            Map.Entry<String, String> x = a.get(i++);
            if (!Objects.equals(x.getKey(), e.getKey()) || !Objects.equals(x.getValue(), e.getValue())) return false;
        }
        return true;
    }

    /** Userinfo and signature-like query parameters of a URL replaced; anything else unchanged. */
    public static String url(String v) {
        if (v == null || !v.contains("://")) return v;
        String out = v;
        String userInfo = null;
        try {
            userInfo = new URI(v.trim()).getRawUserInfo();
        } catch (java.net.URISyntaxException notAUri) {
            // redacted by its shape below
        }
        // an authority Java does not parse as a server (e.g. "http://user:pw@", no host) still hides its userinfo
        out = userInfo != null ? out.replace(userInfo + "@", PreparedRequest.REDACTED + "@")
                : out.replaceFirst("://[^/@]*@", "://" + PreparedRequest.REDACTED + "@");
        Matcher m = URL_SECRET_PARAM.matcher(out);
        return m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + PreparedRequest.REDACTED));
    }
}
