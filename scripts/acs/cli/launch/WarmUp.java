package acs.cli.launch;

import java.util.Set;

/**
 * Start-up work moved off the main thread: while picocli builds the command line (its classes are
 * Java 5 bytecode, which no class archive holds), a second thread initialises what the first request
 * needs (Jackson's mapper, the HMAC provider, the HTTP client's classes); {@code acs run} starts
 * Groovy's runtime beside it ({@code DslScript.warmUp}). Only class initialisation, no I/O: a command
 * that needs none of it loses nothing.
 */
public final class WarmUp {
    /** Subcommands that send no request: nothing to warm. */
    private static final Set<String> OFFLINE = Set.of("sim", "completion", "install", "configure", "journal", "shell");
    private static final String[] CLIENT = {
        "acs.client.Transport",
        "acs.wire.Json",                              // the ObjectMapper (Jackson's own set-up: date formats, type factory)
        "jdk.internal.net.http.HttpClientImpl", "jdk.internal.net.http.MultiExchange",
        "jdk.internal.net.http.Exchange", "jdk.internal.net.http.Http1Exchange", "jdk.internal.net.http.Http1Response",
    };

    private WarmUp() {}

    /** For the subcommand named first on the command line, if it is one that talks to the API. */
    public static void start(String... args) {
        String command = args.length == 0 ? "" : args[0];
        if (command.startsWith("-") || OFFLINE.contains(command)) return;
        Thread t = new Thread(WarmUp::client, "acs-warm-up");
        t.setDaemon(true);
        t.start();
    }

    private static void client() {
        for (String c : CLIENT) {
            try {
                Class.forName(c, true, WarmUp.class.getClassLoader());
            } catch (Throwable e) {
                // another JDK's internals, or a real problem the command itself will report
            }
        }
        try {
            javax.crypto.Mac.getInstance("HmacMD5");   // loads the security providers up to SunJCE (Signer's algorithm)
        } catch (Throwable e) {
            // Signer reports it
        }
    }
}
