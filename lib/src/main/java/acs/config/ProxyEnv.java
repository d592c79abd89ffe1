package acs.config;

import acs.ConfigException;
import acs.auth.Redaction;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP_PROXY / HTTPS_PROXY / NO_PROXY (either case) as curl reads them. The JDK client
 * ignores these variables by itself, so we translate them into a ProxySelector.
 */
final class ProxyEnv extends ProxySelector {
    private final URI http;
    private final URI https;
    private final List<String> noProxy;

    private ProxyEnv(URI http, URI https, List<String> noProxy) {
        this.http = http;
        this.https = https;
        this.noProxy = noProxy;
    }

    /** A selector for this environment, or null when no proxy variable is set. */
    static ProxySelector from(Map<String, String> env) {
        URI http = uri(env, "HTTP_PROXY");
        URI https = uri(env, "HTTPS_PROXY");
        if (http == null && https == null) return null;
        String np = first(env, "NO_PROXY");
        List<String> noProxy = np == null ? List.of()
                : List.of(np.toLowerCase(Locale.ROOT).split("\\s*,\\s*"));
        return new ProxyEnv(http, https, noProxy);
    }

    private static String first(Map<String, String> env, String name) {
        String v = env.get(name.toLowerCase(Locale.ROOT));
        if (v == null || v.isBlank()) v = env.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static URI uri(Map<String, String> env, String name) {
        String v = first(env, name);
        if (v == null) return null;
        URI u;
        try {
            u = URI.create(v.contains("://") ? v : "http://" + v);
        } catch (IllegalArgumentException e) {
            u = null;
        }
        if (u == null || u.getHost() == null) throw new ConfigException(name + " is not a proxy URL: '" + Redaction.url(v) + "' (e.g. http://proxy.example.com:3128)");
        return u;
    }

    boolean bypass(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String n : noProxy) {
            if (n.isEmpty()) continue;
            if (n.equals("*")) return true;
            String suffix = n.startsWith(".") ? n : "." + n;
            if (h.equals(n.startsWith(".") ? n.substring(1) : n) || h.endsWith(suffix)) return true;
        }
        return false;
    }

    @Override public List<Proxy> select(URI uri) {
        URI p = "https".equalsIgnoreCase(uri.getScheme()) ? (https != null ? https : http) : http;
        if (p == null || uri.getHost() == null || bypass(uri.getHost())) return List.of(Proxy.NO_PROXY);
        int port = p.getPort() > 0 ? p.getPort() : 80;
        return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(p.getHost(), port)));
    }

    @Override public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // nothing to remember: the client reports the failure
    }
}
