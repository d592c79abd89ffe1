package acs.cli.resident;

import acs.config.AcsHome;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The installed launcher's first JVM: a small one that hands the command to a resident JVM of the
 * same identity ({@link Identity}) and relays its output, input, questions and exit code. Exit
 * {@link #DIRECT} tells the launcher to run the command in a JVM of its own, as without a resident:
 * when none is running (one is started for the next command), it is busy, or the command is not one
 * it serves. Once the resident has accepted a command, the command never runs a second time.
 */
public final class ResidentClient {
    /** The launcher's cue to run the command itself. */
    public static final int DIRECT = 254;
    /** Longest socket path the platforms take (sun_path is 104 bytes on macOS, 108 on Linux). */
    private static final int MAX_SOCKET_PATH = 100;

    private ResidentClient() {}

    public static void main(String... args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        String setting = System.getenv("ACS_RESIDENT");
        if ("0".equals(setting) || (args.length > 0 && Frames.NOT_SERVED.contains(args[0]))) return DIRECT;
        if (setting != null && !setting.equals("1")) {
            try {
                Resident.idleLimit(setting);
            } catch (RuntimeException e) {
                System.err.println("acs: warning: " + e.getMessage() + " (0 turns the resident JVM off; 30m keeps it 30 minutes); running without it");
                return DIRECT;
            }
        }
        Identity me = Identity.here();
        Path dir = AcsHome.of(System.getenv()).resolve("resident");
        Path socket = dir.resolve(me.key() + ".sock");
        if (socket.toString().length() > MAX_SOCKET_PATH) return DIRECT;
        SocketChannel ch;
        try {
            // the request carries the whole environment: only to a socket no other user could have put there
            if (Files.isDirectory(dir) && !privateFolder(dir)) return DIRECT;
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException | RuntimeException none) {
            start(dir, socket);
            return DIRECT;
        }
        try (ch) {
            return converse(ch, me, args, dir);
        } catch (IOException e) {
            return DIRECT;
        }
    }

    private static int converse(SocketChannel ch, Identity me, String[] args, Path dir) throws IOException {
        DataOutputStream out = Frames.output(ch);
        DataInputStream in = Frames.input(ch);
        synchronized (out) {
            out.writeByte(Frames.REQUEST);
            out.writeInt(Frames.VERSION);
            me.write(out);
            out.writeInt(args.length);
            for (String a : args) Frames.string(out, a);
            out.writeBoolean(System.console() != null);
            out.flush();
        }
        int first;
        try {
            first = in.readByte();
        } catch (EOFException e) {
            return DIRECT;    // closed before it accepted (it was ending): nothing ran
        }
        if (first != Frames.ACCEPTED) return DIRECT;
        Frames.bytes(in);
        try {
            return relay(in, out, dir);
        } catch (IOException e) {
            // accepted, so it may have sent requests: never run it a second time
            System.err.println("acs: lost the resident JVM running the command (" + e + "); the command may have made changes: check with 'acs journal'");
            return 1;
        }
    }

    private static int relay(DataInputStream in, DataOutputStream out, Path dir) throws IOException {
        // Ctrl-C or a kill: the resident ends the command as a JVM of its own would end (its shutdown
        // hooks print what a fleet left in flight); wait for that to be relayed.
        CountDownLatch ended = new CountDownLatch(1);
        boolean[] cancelled = {false};
        Thread hook = new Thread(() -> {
            cancelled[0] = true;
            try {
                Frames.writeBytes(out, Frames.CANCEL, new byte[0], 0, 0);
                ended.await(60, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                // the resident is gone already
            }
        }, "acs-resident-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        // PrintStreams, as a JVM's own System.out: a closed pipe (acs node-list | head -1) drops the rest, it does not fail the command
        PrintStream stdout = new PrintStream(new FileOutputStream(FileDescriptor.out), true), stderr = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
        InputStream stdin = System.in;
        Integer exiting = null;
        try {
            while (true) {
                byte type;
                try {
                    type = in.readByte();
                } catch (EOFException e) {
                    if (cancelled[0]) return 130;
                    if (exiting != null) return exiting;
                    stderr.println("acs: the resident JVM ended before the command did (its log: "
                            + dir + "); the command may have"
                            + " made changes: check with 'acs journal'");
                    return 1;
                }
                switch (type) {
                    case Frames.OUT -> write(stdout, Frames.bytes(in));
                    case Frames.ERR -> write(stderr, Frames.bytes(in));
                    case Frames.READ -> {
                        byte[] buf = new byte[Math.max(1, Math.min(in.readInt(), 1 << 16))];
                        int n = stdin.read(buf);
                        if (n < 0) Frames.writeBytes(out, Frames.INPUT, null, 0, -1);
                        else Frames.writeBytes(out, Frames.INPUT, buf, 0, n);
                    }
                    case Frames.PROMPT -> {
                        String prompt = Frames.string(in);
                        java.io.Console console = System.console();
                        Frames.writeString(out, Frames.LINE, console == null ? null : console.readLine("%s", prompt));
                    }
                    case Frames.EXIT -> {
                        return in.readInt();
                    }
                    case Frames.EXITING -> exiting = in.readInt();
                    default -> throw new IOException("unknown frame " + type);
                }
            }
        } finally {
            ended.countDown();
            if (!cancelled[0]) Runtime.getRuntime().removeShutdownHook(hook);
        }
    }

    private static void write(PrintStream to, byte[] b) {
        to.write(b, 0, b.length);
    }

    /** Starts a resident for this identity in a session of its own (no terminal's Ctrl-C reaches it). */
    private static void start(Path dir, Path socket) {
        try {
            Path setsid = Path.of("/usr/bin/setsid");
            if (!Files.isExecutable(setsid)) setsid = Path.of("/bin/setsid");
            if (!Files.isExecutable(setsid) || !privateFolder(dir)) return;
            List<String> cmd = new ArrayList<>(List.of(setsid.toString(), Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            for (String o : (acs.cli.Launcher.JVM_OPTS + " " + acs.cli.Launcher.LOG_OPTS).split(" ")) cmd.add(o);
            String archive = System.getProperty("acs.launch.archive");
            if (archive != null && !archive.isEmpty()) cmd.add(archive);
            String opts = System.getenv("ACS_JAVA_OPTS");
            if (opts != null) for (String o : opts.trim().split("\\s+")) if (!o.isEmpty()) cmd.add(o);
            cmd.add("-Dacs.launch.stamp=" + System.getProperty("acs.launch.stamp", ""));
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Resident.class.getName(), socket.toString()));
            File log = dir.resolve(socket.getFileName().toString().replace(".sock", ".log")).toFile();
            new ProcessBuilder(cmd).redirectInput(new File("/dev/null"))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).redirectErrorStream(true).start();
        } catch (IOException | RuntimeException e) {
            // no resident: every command runs in a JVM of its own, as before
        }
    }

    /** The folder of the sockets (made if missing), readable by this user only; one open to others is not used. */
    private static boolean privateFolder(Path dir) throws IOException {
        Set<PosixFilePermission> own = PosixFilePermissions.fromString("rwx------");
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(own));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another client made it
            }
        }
        if (Files.getPosixFilePermissions(dir).equals(own)) return true;
        System.err.println("acs: warning: " + dir + " is open to other users, so no resident JVM is started there (chmod 700 it)");
        return false;
    }
}
