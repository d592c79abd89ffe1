package acs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parameters of uploadStart (deploy a package from a URL). {@code method} and {@code update}
 * may be null: the server then uses PARALLEL and false. Build with {@code UploadStart.of(url).withMethod(SEQUENTIAL)}.
 */
public record UploadStart(String url, DeployMethod method, Boolean update, String comment) {
    public UploadStart {
        url = Checks.httpUrl("url", url);
        if (method != null) Checks.method(method);
    }

    public static UploadStart of(String url) { return new UploadStart(url, null, null, null); }
    public UploadStart withMethod(DeployMethod m) { return new UploadStart(url, m, update, comment); }
    public UploadStart withUpdate(boolean u) { return new UploadStart(url, method, u, comment); }
    public UploadStart withComment(String c) { return new UploadStart(url, method, update, c); }

    Map<String, String> params() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("url", url);
        Params.putIf(p, "method", method);
        Params.putIf(p, "update", update);
        Params.putIf(p, "comment", comment);
        return p;
    }
}
