package acs.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * Tells an https:// endpoint that is really a plain-HTTP server, without waiting for a timeout.
 * Such a server gets the TLS ClientHello as the start of a request line and waits for the line's
 * end, so the client's handshake hangs until the connect timeout. The probe sends a ClientHello
 * followed by a blank line on a separate connection: a TLS server answers the hello with a TLS
 * record (handshake or alert); a plain-HTTP server answers the bad request line with {@code HTTP/}.
 * (A plain {@code HEAD /} is no test: nginx's TLS port answers it with an HTTP 400.)
 */
final class TlsProbe {
    /** The probe's connect and read timeouts. */
    static final int TIMEOUT_MS = 1000;

    private TlsProbe() {}

    /** Thrown into a request's future when the probe found a plain-HTTP server behind an https:// endpoint. */
    static final class PlainHttpAnswer extends IOException {
        PlainHttpAnswer(URI u) {
            super(u.getAuthority() + " answers a TLS handshake with plain HTTP");
        }
    }

    /** True when {@code u} is reached directly (no proxy), so a socket of our own meets the same server. */
    static boolean direct(URI u, ProxySelector proxy) {
        if (proxy == null) return true;
        try {
            return proxy.select(u).stream().allMatch(p -> p.type() == Proxy.Type.DIRECT);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** True when the server at {@code u}'s host and port answers a TLS ClientHello with plain HTTP. */
    static boolean answersPlainHttp(URI u) {
        int port = u.getPort() > 0 ? u.getPort() : 443;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(u.getHost(), port), TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            SSLEngine engine = SSLContext.getDefault().createSSLEngine(u.getHost(), port);
            engine.setUseClientMode(true);
            ByteBuffer hello = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(ByteBuffer.allocate(0), hello);
            hello.flip();
            OutputStream out = s.getOutputStream();
            out.write(hello.array(), 0, hello.limit());
            out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] head = s.getInputStream().readNBytes(5);
            return new String(head, StandardCharsets.US_ASCII).equals("HTTP/");
        } catch (IOException | RuntimeException | java.security.GeneralSecurityException e) {
            return false;
        }
    }
}
