package acs.sim;

import acs.auth.Secret;
import acs.auth.Signer;
import acs.sim.http.ApiError;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is calling: the request's {@code accesskey}, {@code timestamp} and signature checked as the
 * service checks them (1003 when one is missing, 1004 when it is wrong), with the lib's own
 * {@link Signer}, so a client the simulator accepts is one the service would accept. The
 * timestamp window is measured on the simulator's clock.
 */
final class Authenticator {
    private final Map<String, KeyPair> keys = new HashMap<>();
    private final Map<String, Secret> secrets = new HashMap<>();
    private final Duration window;
    private final InstantSource clock;

    /** The first of two pairs with one access key wins. */
    Authenticator(List<KeyPair> pairs, Duration window, InstantSource clock) {
        for (KeyPair k : pairs) {
            keys.putIfAbsent(k.accessKey(), k);
            secrets.putIfAbsent(k.accessKey(), Secret.of(k.secretKey()));
        }
        this.window = window;
        this.clock = clock;
    }

    /** The caller's key pair, or the {@link ApiError} that refuses the request. */
    KeyPair authenticate(Map<String, String> params, String authorization) {
        String ak = params.get("accesskey");
        if (ak == null || ak.isBlank()) throw ApiError.required("accesskey");
        String ts = params.get("timestamp");
        if (ts == null || ts.isBlank()) throw ApiError.required("timestamp");
        KeyPair key = keys.get(ak);
        if (key == null) throw ApiError.sign("unknown accesskey");
        long millis;
        try {
            millis = Long.parseLong(ts.trim());
        } catch (NumberFormatException e) {
            throw ApiError.sign("timestamp must be milliseconds since the epoch, not '" + ts + "'");
        }
        long skew = Math.abs(clock.millis() - millis);
        if (skew > window.toMillis()) {
            throw ApiError.sign("timestamp is " + skew / 1000 + " s away from the server clock (allowed: "
                    + window.toSeconds() + " s); check the clock, and that it is milliseconds");
        }
        if (authorization == null || authorization.isBlank()) throw ApiError.sign("no Authorization header");
        if (!Signer.matches(Signer.sign(secrets.get(ak), params), authorization.trim())) {
            throw ApiError.sign("signature does not match");
        }
        return key;
    }
}
