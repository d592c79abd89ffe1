package acs.cli.launch;

import acs.Durations;
import acs.cli.Cli;
import acs.cli.Terminal;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A resident JVM: started by the launcher's client beside a command, it serves the next commands
 * of the same {@link Identity} (toolkit, JDK, folder, environment), one at a time, so they skip the
 * JVM's start. A command runs as in a JVM of its own: the client's stdio and terminal, its exit
 * code; Ctrl-C or a lost client ends the resident as it would end that JVM (shutdown hooks and all).
 * It leaves after {@code ACS_RESIDENT} (a duration; 10 minutes by default) without a command, or
 * when its toolkit is re-installed or removed.
 */
public final class Resident {
    private static final Duration IDLE = Duration.ofMinutes(10);
    private static final String ANSI = "picocli.ansi";
    /** This JVM's stdout: the log file the client opened for it. Command names and exit codes only, never arguments. (A test's own in process.) */
    static volatile PrintStream log = System.out;

    /** The client of the command running now, for a script's System.exit. */
    private static volatile DataOutputStream serving;

    private final Identity identity;
    private final Path socket;
    private final Duration idle;
    /** How it leaves: System.exit (its shutdown hooks remove the socket); a test's own in process. */
    private final java.util.function.IntConsumer exit;
    private final Object lock = new Object();
    private boolean busy, closing, stopAfterCommand;
    private final Instant started = Instant.now();
    private Instant lastUsed = started;
    private int commands;

    Resident(Identity identity, Path socket, Duration idle, java.util.function.IntConsumer exit) {
        this.identity = identity;
        this.socket = socket;
        this.idle = idle;
        this.exit = exit;
    }

    public static void main(String... args) throws IOException {
        Path socket = Path.of(args[0]);
        // The identity its client named the socket after; an install changed or removed since then has another.
        Identity identity = Identity.here(args.length > 1 && args[1].equals("scripts"));
        if (!socket.getFileName().toString().equals(identity.key() + ".sock")) {
            log("not started: the toolkit, JDK, folder or environment changed since its client asked for it");
            return;
        }
        Duration idle = idleLimit(System.getenv("ACS_RESIDENT"));
        // One resident per identity: the lock is held for its life; a second one started at the same moment leaves.
        FileChannel lockFile = FileChannel.open(socket.resolveSibling(socket.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (lockFile.tryLock() == null) return;
        // warm before listening: meanwhile commands run in JVMs of their own (their clients find no socket)
        warmUp();
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(socket);
                Files.deleteIfExists(Residents.info(socket));
            } catch (IOException e) {
                // the next client finds nobody listening and starts another
            }
        }, "acs-resident-socket"));
        prune(socket.getParent());
        Resident r = new Resident(identity, socket, idle, System::exit);
        r.writeInfo();
        log("started for " + r.identity.folder() + " (idle limit " + Durations.format(idle) + ")");
        Thread watch = new Thread(r::watch, "acs-resident-watch");
        watch.setDaemon(true);
        watch.start();
        while (true) {
            SocketChannel ch = server.accept();
            Thread t = new Thread(() -> r.serve(ch), "acs-resident-command");
            t.start();
        }
    }

    /** ACS_RESIDENT: unset or 1, the default; a duration; anything else is an {@link acs.InvalidInputException}. */
    static Duration idleLimit(String setting) {
        return setting == null || setting.isBlank() || setting.equals("1") ? IDLE : Durations.positive("ACS_RESIDENT", setting);
    }

    /** The logs and locks of residents gone for a week (one per folder and environment a user ran acs in). */
    static void prune(Path dir) {
        Instant weekAgo = Instant.now().minus(Duration.ofDays(7));
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                String key = name.substring(0, Math.max(0, name.indexOf('.')));
                if (!name.endsWith(".log") && !name.endsWith(".lock") && !name.endsWith(".info") || Files.exists(dir.resolve(key + ".sock"))) continue;
                if (Files.getLastModifiedTime(f).toInstant().isBefore(weekAgo)) Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            log("could not prune old logs in " + dir + ": " + e.getMessage());
        }
    }

    /** What the first command would load: picocli's model of every command, the request path, Groovy's runtime. */
    private static void warmUp() {
        try {
            Cli.umbrella();
            WarmUp.start("node-get");
            java.util.function.IntConsumer exiting = status -> {
                DataOutputStream client = serving;
                try {
                    if (client != null) Frames.writeInt(client, Frames.EXITING, status);
                } catch (IOException e) {
                    // the client is gone
                }
                log("a script called System.exit(" + status + "); leaving with it");
            };
            // By name: the DSL is on the umbrella's class path, not on that of the one-operation scripts sharing acs.cli.
            Class.forName("acs.dsl.DslScript").getMethod("warmUp").invoke(null);
            Class.forName("acs.dsl.ScriptExits").getMethod("tellFirst", java.util.function.IntConsumer.class).invoke(null, exiting);
        } catch (Throwable e) {
            log("warm-up: " + e);
        }
    }

    /** Leaves when idle too long or when its toolkit changed; never during a command. */
    void watch() {
        while (true) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            String why = null;
            synchronized (lock) {
                if (busy) continue;
                if (!Identity.toolkit(System.getProperty(JvmLaunch.STAMP_PROPERTY)).equals(identity.toolkit())) why = "its toolkit was re-installed or removed";
                else if (Duration.between(lastUsed, Instant.now()).compareTo(idle) > 0) why = "idle for " + Durations.format(idle);
                if (why == null) continue;
                closing = true;
            }
            log("leaving: " + why);
            exit.accept(0);   // the shutdown hook removes the socket
        }
    }

    /** One client: a command, a stop, or a decline (another identity, version, command, or busy). */
    void serve(SocketChannel ch) {
        DataOutputStream out = Frames.output(ch);
        DataInputStream in = Frames.input(ch);
        String[] args;
        boolean interactive;
        try {
            byte first = in.readByte();
            if (first == Frames.STOP) {
                stop(ch, out);
                return;
            }
            if (first != Frames.REQUEST || in.readInt() != Frames.VERSION) {
                decline(ch, out, "a client of another version");
                return;
            }
            Identity theirs = Identity.read(in);
            args = new String[in.readInt()];
            for (int i = 0; i < args.length; i++) args[i] = Frames.string(in);
            interactive = in.readBoolean();
            String other = identity.difference(theirs);
            if (other != null) {
                decline(ch, out, other);
                return;
            }
            if (args.length > 0 && Frames.NOT_SERVED.contains(args[0])) {
                decline(ch, out, args[0] + " runs in a JVM of its own");
                return;
            }
            synchronized (lock) {
                if (busy || closing) {
                    decline(ch, out, closing ? "leaving" : "busy");
                    return;
                }
                busy = true;
            }
        } catch (IOException e) {
            close(ch);
            return;
        }
        try {
            run(in, out, args, interactive);
        } finally {
            boolean leave;
            synchronized (lock) {
                busy = false;
                lastUsed = Instant.now();
                commands++;
                leave = stopAfterCommand;
                if (leave) closing = true;
            }
            close(ch);
            if (leave) {
                log("leaving: stopped (acs resident stop)");
                exit.accept(0);
            }
            System.gc();   // gives back the heap the command grew (JvmLaunch.RESIDENT_OPTIONS)
            writeInfo();
        }
    }

    /** acs resident stop: leaves now when idle, else once its command ends (never in the middle of one). */
    private void stop(SocketChannel ch, DataOutputStream out) {
        boolean now;
        synchronized (lock) {
            now = !busy;
            if (now) closing = true;
            else stopAfterCommand = true;
        }
        try {
            Frames.writeString(out, Frames.EXIT, now ? "stopped" : "stops after its command");
        } catch (IOException e) {
            // the asker left
        }
        close(ch);
        if (now) {
            log("leaving: stopped (acs resident stop)");
            exit.accept(0);
        }
    }

    /** What acs resident list shows (pid, folder, times, commands); never the environment. */
    void writeInfo() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
        p.setProperty("folder", identity.folder());
        p.setProperty("scripts", Boolean.toString(identity.scripts()));
        p.setProperty("started", started.toString());
        synchronized (lock) {
            p.setProperty("lastUsed", lastUsed.toString());
            p.setProperty("commands", Integer.toString(commands));
        }
        p.setProperty("idleLimit", Durations.format(idle));
        Path info = Residents.info(socket);
        try {
            Path tmp = Files.createTempFile(socket.getParent(), ".info-", ".tmp");
            try (java.io.Writer w = Files.newBufferedWriter(tmp)) {
                p.store(w, null);
            }
            Files.move(tmp, info, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log("could not write " + info + ": " + e.getMessage());
        }
    }

    private void run(DataInputStream in, DataOutputStream out, String[] args, boolean interactive) {
        String command = args.length == 0 ? "(usage)" : args[0];   // never the arguments: they may hold a secret
        long started = System.nanoTime();
        Relay relay = new Relay(out, interactive);
        AtomicBoolean finished = new AtomicBoolean();
        Thread reader = new Thread(() -> read(in, relay, finished, command), "acs-resident-client");
        reader.setDaemon(true);
        int code;
        try {
            Frames.writeBytes(out, Frames.ACCEPTED, new byte[0], 0, 0);
            reader.start();
            serving = out;
            code = execute(args, relay.stdout, relay.stderr, relay.stdin, relay);
        } catch (IOException e) {
            relay.stderr.println("acs: unexpected error: " + e);
            code = 1;
        } finally {
            serving = null;
        }
        finished.set(true);   // (execute flushed the relay's streams)
        try {
            Frames.writeInt(out, Frames.EXIT, code);
        } catch (IOException e) {
            log(command + ": the client left before its exit code");
        }
        log(command + ": exit " + code + " in " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    /**
     * One command in this JVM, as {@code Acs.main} runs it in a JVM of its own: the same stdout, stderr
     * and exit code (docs/ARCHITECTURE.md, "Re-entrancy"; {@code SameJvmTest} holds it to that). For the
     * command's time the JVM's standard streams are the given ones and {@link Terminal#current()} is
     * {@code terminal}; they are put back after it, whatever happens. Never two at once.
     */
    public static int execute(String[] args, PrintStream stdout, PrintStream stderr, InputStream stdin, Terminal terminal) {
        PrintStream oldOut = System.out, oldErr = System.err;
        InputStream oldIn = System.in;
        boolean colours = false;
        try {
            System.setOut(stdout);
            System.setErr(stderr);
            System.setIn(stdin);
            Terminal.use(terminal);
            // picocli colours help on a terminal (its test: System.console(), which is the resident's, never one)
            colours = System.getProperty(ANSI) == null && terminal.interactive() && !"0".equals(System.getenv("CLICOLOR"));
            if (colours) System.setProperty(ANSI, "true");
            return Cli.executeUmbrella(args);
        } catch (Throwable t) {
            stderr.println("acs: unexpected error: " + t);
            return 1;
        } finally {
            if (colours) System.clearProperty(ANSI);
            Terminal.use(null);
            System.setIn(oldIn);
            System.setErr(oldErr);
            System.setOut(oldOut);
            stdout.flush();
            stderr.flush();
        }
    }

    /** The client's answers; Ctrl-C (or the client gone mid-command) ends this JVM as it would end the command's own. */
    private void read(DataInputStream in, Relay relay, AtomicBoolean finished, String command) {
        IOException failure = null;
        try {
            while (true) {
                byte type = in.readByte();
                if (type == Frames.INPUT) relay.inputArrived(Frames.bytes(in));
                else if (type == Frames.LINE) relay.lineArrived(Frames.string(in));
                else if (type == Frames.CANCEL) break;
                else throw new IOException("unknown frame " + type);
            }
        } catch (IOException e) {
            failure = e;
        }
        if (finished.get()) return;   // closed after the exit code
        if (failure != null && !(failure instanceof EOFException)) log(command + ": " + failure);
        log(command + ": interrupted by its client; leaving as its own JVM would (exit 130)");
        exit.accept(130);
    }

    private static void decline(SocketChannel ch, DataOutputStream out, String why) {
        try {
            Frames.writeString(out, Frames.DECLINED, why);
        } catch (IOException e) {
            // the client runs the command itself either way
        }
        log("declined: " + why);
        close(ch);
    }

    private static void close(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // closed
        }
    }

    private static void log(String line) {
        PrintStream to = log;
        to.println(Instant.now() + " " + line);
        to.flush();
    }
}
