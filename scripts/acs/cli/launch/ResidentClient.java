package acs.cli.launch;

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
import java.nio.file.FileSystems;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import jdk.net.ExtendedSocketOptions;
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
 * when none is running (that JVM starts one for the next command once its command succeeded), it is
 * busy, it is not this user's, or the command is not one it serves. Once the resident has accepted a command, the command never runs a second time.
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
        // PrintStreams, as a JVM's own System.out: a closed pipe (acs node-list | head -1) drops the rest, it does not fail the command
        return run(System.getenv(), new PrintStream(new FileOutputStream(FileDescriptor.out), true),
                new PrintStream(new FileOutputStream(FileDescriptor.err), true), System.in, args);
    }

    /** The command in the resident of this identity under the home {@code env} names: its exit code, or {@link #DIRECT}. */
    static int run(java.util.Map<String, String> env, PrintStream stdout, PrintStream stderr, InputStream stdin, String... args) {
        if (!wanted(args, env.get("ACS_RESIDENT"), stderr)) return DIRECT;
        Identity me = Identity.here(args);
        Path dir = AcsHome.of(env).resolve("resident");
        Path socket = dir.resolve(me.key() + ".sock");
        if (socket.toString().length() > MAX_SOCKET_PATH) return DIRECT;
        SocketChannel ch = connect(dir, socket, true);
        if (ch == null) return DIRECT;   // none: the JVM of its own starts one once the command succeeded
        try (ch) {
            return converse(ch, me, args, dir, stdout, stderr, stdin);
        } catch (IOException e) {
            return DIRECT;
        }
    }

    /** Whether ACS_RESIDENT lets a resident serve these arguments (a setting that is no duration is said). */
    private static boolean wanted(String[] args, String setting, PrintStream stderr) {
        if ("0".equals(setting) || (args.length > 0 && Frames.NOT_SERVED.contains(args[0]))) return false;
        if (setting != null && !setting.equals("1")) {
            try {
                Resident.idleLimit(setting);
            } catch (RuntimeException e) {
                stderr.println("acs: warning: " + e.getMessage() + " (0 turns the resident JVM off; 30m keeps it 30 minutes); running without it");
                return false;
            }
        }
        return true;
    }

    /**
     * A connection to the resident listening on {@code socket}, or null: none listens, or the folder
     * or the listener is not this user's. The request carries the whole environment, secret key
     * included, so the listener's uid is checked on the connected socket itself (no file check can
     * rule out a swap between check and connect) before a byte is sent.
     */
    static SocketChannel connect(Path dir, Path socket, boolean say) {
        SocketChannel ch = null;
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !privateFolder(dir, say)) return null;
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            UserPrincipal peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED).user();
            if (!peer.equals(currentUser())) {
                if (say) System.err.println("acs: warning: " + socket + " is held by user " + peer.getName() + ", not by you: nothing was sent to it, "
                        + "and the command runs in a JVM of its own (remove that socket)");
                ch.close();
                return null;
            }
            return ch;
        } catch (IOException | RuntimeException none) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException e) {
                    // closed
                }
            }
            return null;
        }
    }

    static UserPrincipal currentUser() throws IOException {
        return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
    }

    /**
     * After a command that succeeded in the launcher's JVM of its own: a resident for the next
     * commands of this identity, unless one is up (a command that failed, e.g. a wrong secret or
     * profile, starts none). At most {@link Residents#MAX} live: the least recently used idle one leaves.
     */
    public static void afterOwnJvm(String... args) {
        if (System.getProperty(JvmLaunch.STAMP_PROPERTY) == null || !wanted(args, System.getenv("ACS_RESIDENT"), System.err)) return;
        try {
            Identity me = Identity.here(args);
            Path dir = AcsHome.of(System.getenv()).resolve("resident");
            Path socket = dir.resolve(me.key() + ".sock");
            if (socket.toString().length() > MAX_SOCKET_PATH || !privateFolder(dir, false)) return;
            SocketChannel up = connect(dir, socket, false);
            if (up != null) {
                up.close();
                return;
            }
            Residents.makeRoom(dir, socket);
            start(dir, socket, me.scripts());
        } catch (IOException | RuntimeException e) {
            // no resident: the next command runs in a JVM of its own too
        }
    }

    /** The request, then the resident's frames relayed to these streams: its exit code, or {@link #DIRECT} when it did not accept. */
    static int converse(SocketChannel ch, Identity me, String[] args, Path dir, PrintStream stdout, PrintStream stderr, InputStream stdin)
            throws IOException {
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
            return relay(in, out, dir, stdout, stderr, stdin);
        } catch (IOException e) {
            // accepted, so it may have sent requests: never run it a second time
            stderr.println("acs: lost the resident JVM running the command (" + e + "); " + whatToCheck(null));
            return 1;
        }
    }

    private static int relay(DataInputStream in, DataOutputStream out, Path dir, PrintStream stdout, PrintStream stderr, InputStream stdin)
            throws IOException {
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
        Integer exiting = null;
        String run = null;   // the run the command announced on stderr, for the way on if the resident dies
        StringBuilder errTail = new StringBuilder();
        try {
            while (true) {
                byte type;
                try {
                    type = in.readByte();
                } catch (EOFException e) {
                    if (cancelled[0]) return 130;
                    if (exiting != null) return exiting;
                    stderr.println("acs: the resident JVM ended before the command did (its log: " + dir + "); " + whatToCheck(run));
                    return 1;
                }
                switch (type) {
                    case Frames.OUT -> write(stdout, Frames.bytes(in));
                    case Frames.ERR -> {
                        byte[] b = Frames.bytes(in);
                        write(stderr, b);
                        errTail.append(new String(b, java.nio.charset.StandardCharsets.UTF_8));
                        java.util.regex.Matcher m = RUN_LINE.matcher(errTail);
                        while (m.find()) run = m.group(1);
                        if (errTail.length() > 400) errTail.delete(0, errTail.length() - 200);
                    }
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

    /** How a fleet or script announces its run on stderr (FleetRunner, ScriptRuns). */
    private static final java.util.regex.Pattern RUN_LINE = java.util.regex.Pattern.compile("acs: run (\\S+) \\(resume with: acs resume \\S+\\)");

    /** After the resident died mid-command: the run to finish, when the command had announced one. */
    private static String whatToCheck(String run) {
        return run == null ? "the command may have made changes: check with 'acs journal --pending'"
                : "run " + run + " may have made changes: 'acs journal --pending' lists what is unknown, 'acs resume " + run
                        + "' finishes it (nothing is sent twice)";
    }

    private static void write(PrintStream to, byte[] b) {
        to.write(b, 0, b.length);
    }

    /** Starts a resident for this identity in a session of its own (no terminal's Ctrl-C reaches it). */
    private static void start(Path dir, Path socket, boolean scripts) throws IOException {
        Path setsid = Path.of("/usr/bin/setsid");
        if (!Files.isExecutable(setsid)) setsid = Path.of("/bin/setsid");
        if (!Files.isExecutable(setsid)) return;
        String archive = System.getProperty(JvmLaunch.ARCHIVE_PROPERTY, ""), opts = System.getenv("ACS_JAVA_OPTS");
        JvmLaunch resident = JvmLaunch.resident(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                List.of(System.getProperty("java.class.path").split(File.pathSeparator)),
                archive.isEmpty() ? List.of() : List.of(archive),
                opts == null || opts.isBlank() ? List.of() : List.of(opts.trim().split("\\s+")),
                System.getProperty(JvmLaunch.STAMP_PROPERTY, ""), socket.toString(), scripts ? "scripts" : "commands");
        List<String> cmd = new ArrayList<>(List.of(setsid.toString()));
        cmd.addAll(resident.command());
        File log = dir.resolve(socket.getFileName().toString().replace(".sock", ".log")).toFile();
        new ProcessBuilder(cmd).redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).redirectErrorStream(true).start();
    }

    /** The folder of the sockets (made if missing), this user's and readable by this user only; another is not used. */
    static boolean privateFolder(Path dir, boolean say) throws IOException {
        Set<PosixFilePermission> own = PosixFilePermissions.fromString("rwx------");
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(own));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another client made it
            }
        }
        PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isDirectory() || !a.owner().equals(currentUser())) {
            if (say) System.err.println("acs: warning: " + dir + " is not a folder of yours (" + (a.isDirectory() ? "owner " + a.owner().getName() : "not a folder")
                    + "), so no resident JVM is used there (remove it)");
            return false;
        }
        if (a.permissions().equals(own)) return true;
        if (say) System.err.println("acs: warning: " + dir + " is open to other users, so no resident JVM is started there (chmod 700 it)");
        return false;
    }
}
