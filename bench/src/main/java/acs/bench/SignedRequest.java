package acs.bench;

import acs.ApiCall;
import acs.client.AcsClient;
import acs.wire.PreparedRequest;

/**
 * Prints a signed {@code GET /api/v1/node/{id}} for curl and wrk: line 1 the URL, line 2 the
 * Authorization header value. Signed now; valid for the server's ±15 minute window.
 * <pre>java acs.bench.SignedRequest ENDPOINT ACCESS_KEY SECRET_KEY [NODE_ID | list]</pre>
 */
public final class SignedRequest {
    private SignedRequest() {}

    public static void main(String... a) {
        AcsClient c = AcsClient.create(a[0], a[1], a[2]);
        String what = a.length > 3 ? a[3] : "610474";
        PreparedRequest p = c.prepare(what.equals("list") ? ApiCall.nodes() : ApiCall.node(Long.parseLong(what)));
        System.out.println(p.uri());
        System.out.println(p.authorization());
    }
}
