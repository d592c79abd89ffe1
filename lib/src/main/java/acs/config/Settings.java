package acs.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;

/**
 * One layer of configuration (explicit values, environment, or a profile); any field may be
 * null meaning "not set here". {@link AcsConfig#resolve} merges the layers.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Settings(String endpoint, String accessKey, String secretKey, String profile,
                       Duration connectTimeout, Duration requestTimeout, String store) {
    public static final Settings NONE = new Settings(null, null, null, null, null, null);

    public Settings {
        endpoint = blankToNull(endpoint);
        accessKey = blankToNull(accessKey);
        secretKey = blankToNull(secretKey);
        profile = blankToNull(profile);
        store = blankToNull(store);
    }

    /** Without a team's store (the profile key {@code store}). */
    public Settings(String endpoint, String accessKey, String secretKey, String profile, Duration connectTimeout, Duration requestTimeout) {
        this(endpoint, accessKey, secretKey, profile, connectTimeout, requestTimeout, null);
    }

    /** With the team's store, {@code postgresql://user@host:5432/acs} (ACS_STORE wins over it). */
    public Settings withStore(String v) { return new Settings(endpoint, accessKey, secretKey, profile, connectTimeout, requestTimeout, v); }

    public Settings withEndpoint(String v) { return new Settings(v, accessKey, secretKey, profile, connectTimeout, requestTimeout, store); }
    public Settings withAccessKey(String v) { return new Settings(endpoint, v, secretKey, profile, connectTimeout, requestTimeout, store); }
    public Settings withSecretKey(String v) { return new Settings(endpoint, accessKey, v, profile, connectTimeout, requestTimeout, store); }
    public Settings withProfile(String v) { return new Settings(endpoint, accessKey, secretKey, v, connectTimeout, requestTimeout, store); }
    public Settings withRequestTimeout(Duration v) { return new Settings(endpoint, accessKey, secretKey, profile, connectTimeout, v, store); }
    public Settings withConnectTimeout(Duration v) { return new Settings(endpoint, accessKey, secretKey, profile, v, requestTimeout, store); }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override public String toString() {
        return "Settings[endpoint=" + endpoint + ", accessKey=" + accessKey + ", secretKey=" + (secretKey == null ? null : "****")
                + ", profile=" + profile + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + (store == null ? "" : ", store=" + acs.auth.Redaction.url(store)) + "]";
    }
}
