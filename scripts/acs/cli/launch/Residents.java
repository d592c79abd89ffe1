package acs.cli.launch;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/** The residents of a toolkit home: what {@code acs resident list} shows and {@code stop} ends, and the cap on how many live. */
public final class Residents {
    /** Residents alive at once per home; starting one more makes the least recently used idle one leave. */
    public static final int MAX = 3;

    private Residents() {}

    /** One resident as its info file and /proc tell it. */
    public record Info(String key, long pid, String folder, boolean scripts, Instant started, Instant lastUsed, int commands,
                       String idleLimit, long rssKb, Path socket) {}

    static Path info(Path socket) {
        return socket.resolveSibling(socket.getFileName().toString().replace(".sock", ".info"));
    }

    /** The live residents of {@code dir} (a socket, its info and its process), least recently used first. */
    public static List<Info> list(Path dir) {
        List<Info> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path socket : files.filter(f -> f.getFileName().toString().endsWith(".sock")).toList()) {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(info(socket))) {
                    p.load(r);
                    long pid = Long.parseLong(p.getProperty("pid"));
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        out.add(new Info(socket.getFileName().toString().replace(".sock", ""), pid, p.getProperty("folder"),
                                Boolean.parseBoolean(p.getProperty("scripts")), Instant.parse(p.getProperty("started")),
                                Instant.parse(p.getProperty("lastUsed")), Integer.parseInt(p.getProperty("commands")),
                                p.getProperty("idleLimit"), rssKb(pid), socket));
                    }
                } catch (IOException | RuntimeException e) {
                    // starting, leaving, or not a resident's: not listed
                }
            }
        } catch (IOException e) {
            return out;
        }
        out.sort(Comparator.comparing(Info::lastUsed));
        return out;
    }

    /** Resident set size from /proc (0 where there is none). */
    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or gone
        }
        return 0;
    }

    /**
     * Asks a resident to leave: its answer ("stopped", once its process is gone; "stops after its
     * command"), or null when none of this user's listens there.
     */
    public static String stop(Path dir, Info resident) {
        String answer = ask(dir, resident.socket());
        if ("stopped".equals(answer)) {
            ProcessHandle.of(resident.pid()).ifPresent(p -> {
                try {
                    p.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    // still leaving: it was told
                }
            });
        }
        return answer;
    }

    private static String ask(Path dir, Path socket) {
        SocketChannel ch = ResidentClient.connect(dir, socket, true);
        if (ch == null) return null;
        try (ch) {
            DataOutputStream out = Frames.output(ch);
            DataInputStream in = Frames.input(ch);
            synchronized (out) {
                out.writeByte(Frames.STOP);
                out.flush();
            }
            return in.readByte() == Frames.EXIT ? Frames.string(in) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Before one more starts: the least recently used residents leave until fewer than {@link #MAX} live. */
    static void makeRoom(Path dir, Path starting) {
        List<Info> live = new ArrayList<>(list(dir));
        live.removeIf(i -> i.socket().equals(starting));
        for (int i = 0; live.size() - i >= MAX && i < live.size(); i++) stop(dir, live.get(i));
    }
}
