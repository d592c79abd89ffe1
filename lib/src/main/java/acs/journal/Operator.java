package acs.journal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Who makes a change: {@code ACS_OPERATOR} when set (a CI job names itself), else the OS user at
 * this host. Recorded on every journal entry, run claim and lease, so a team can tell who did what.
 */
public record Operator(String name, String host, long pid) {
    private static volatile String localHost;

    public static Operator current(Map<String, String> env) {
        String given = env.get("ACS_OPERATOR");
        String host = localHost();
        String name = given != null && !given.isBlank() ? given.strip() : System.getProperty("user.name") + "@" + host;
        return new Operator(name, host, ProcessHandle.current().pid());
    }

    public static Operator current() {
        return current(System.getenv());
    }

    /** This machine's name: /etc/hostname (no DNS lookup at start-up), else the JDK's. */
    public static String localHost() {
        String h = localHost;
        if (h != null) return h;
        try {
            h = Files.readString(Path.of("/etc/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            h = "";
        }
        if (h.isEmpty()) {
            try {
                h = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                h = "localhost";
            }
        }
        localHost = h;
        return h;
    }

    /** "alice@build-7 (pid 4242)". */
    @Override public String toString() {
        return name + (name.endsWith("@" + host) ? "" : " on " + host) + " (pid " + pid + ")";
    }
}
