package acs.auth;

import acs.wire.PreparedRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
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

    /** Parameters as journals keep them: secrets and credentials in URLs redacted, the timestamp dropped. */
    public static Map<String, String> params(Map<String, String> params) {
        Map<String, String> out = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (k.equals("timestamp")) return;
            out.put(k, SECRET_NAME.matcher(k).matches() ? PreparedRequest.REDACTED : url(v));
        });
        return out;
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
