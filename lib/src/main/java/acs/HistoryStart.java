package acs;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parameters of historyStart (redeploy a version recorded by an earlier uploadStart). */
public record HistoryStart(String version, DeployMethod method, Boolean update) {
    public HistoryStart {
        version = Checks.required("version", version, "a package version recorded by an earlier deploy, e.g. 2").trim();
        if (method != null) Checks.method(method);
    }

    public static HistoryStart of(String version) { return new HistoryStart(version, null, null); }
    public HistoryStart withMethod(DeployMethod m) { return new HistoryStart(version, m, update); }
    public HistoryStart withUpdate(boolean u) { return new HistoryStart(version, method, u); }

    Map<String, String> params() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("version", version);
        Params.putIf(p, "method", method);
        Params.putIf(p, "update", update);
        return p;
    }
}
