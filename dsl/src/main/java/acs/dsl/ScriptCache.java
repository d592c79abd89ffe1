package acs.dsl;

import acs.client.AcsClient;
import acs.config.AcsHome;
import groovy.lang.GroovySystem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Compiled DSL scripts in the toolkit's home ({@code cache/scripts/}), one file per script text,
 * type-checking mode and toolkit build: {@code acs run} of an unchanged script skips Groovy's
 * compiler and type checker. An entry that does not read back exactly as written is ignored and
 * replaced; only scripts that compiled cleanly are stored, so errors are always found afresh.
 */
final class ScriptCache {
    private static final int MAGIC = 0xAC5C0DE3;   // 3: entries list the parameters read
    private static final Duration UNUSED = Duration.ofDays(30);
    private static volatile String toolkit;

    private final Path dir;

    ScriptCache(Path dir) {
        this.dir = dir;
    }

    /** The home's cache; none with {@code -Dacs.scriptCache=off}, for a JVM whose classes differ from their files (PIT's). */
    static ScriptCache inHome() {
        if ("off".equals(System.getProperty("acs.scriptCache"))) return null;
        return new ScriptCache(AcsHome.of(System.getenv()).resolve("cache").resolve("scripts"));
    }

    Path dir() { return dir; }

    /** A compiled script: its classes (the script class first) and what compiling found out about it. */
    /** The classes and what the script's text says about its parameters ({@link LiteralChecks}). */
    record Entry(Map<String, byte[]> classes, List<String> requiredParams, List<String> readParams, Map<String, String> paramTypes,
                 boolean paramsByComputedName) {}

    /** The entry's file for this script: its name, a hash of everything that shapes its classes. */
    Path entry(String sourceName, String source, boolean typeChecked) {
        MessageDigest sha = sha256();
        for (String part : new String[] {sourceName, typeChecked ? "checked" : "dynamic", toolkit(), source}) {
            byte[] b = part.getBytes(StandardCharsets.UTF_8);
            sha.update(lengthOf(b));
            sha.update(b);
        }
        String base = sourceName.replaceAll("\\.groovy$", "").replaceAll("[^A-Za-z0-9_.-]", "_");
        return dir.resolve(base + "-" + HexFormat.of().formatHex(sha.digest(), 0, 16) + ".classes");
    }

    /**
     * What the entry holds, or null when it is missing or damaged. An entry or folder someone else
     * could have written is refused (exit 3): its classes would run as this user.
     */
    static Entry read(Path entry) {
        acs.config.OwnFiles.check(entry.getParent(), "the script cache");
        acs.config.OwnFiles.check(entry, "the script cache entry");
        byte[] all;
        try {
            all = Files.readAllBytes(entry);
        } catch (IOException e) {
            return null;
        }
        if (all.length < 32) return null;
        byte[] body = Arrays.copyOf(all, all.length - 32);
        if (!MessageDigest.isEqual(sha256().digest(body), Arrays.copyOfRange(all, all.length - 32, all.length))) return null;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            if (in.readInt() != MAGIC) return null;
            List<String> params = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) params.add(in.readUTF());
            List<String> read = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) read.add(in.readUTF());
            Map<String, String> types = new LinkedHashMap<>();
            for (int i = in.readInt(); i > 0; i--) types.put(in.readUTF(), in.readUTF());
            boolean computed = in.readBoolean();
            int n = in.readInt();
            Map<String, byte[]> classes = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                classes.put(name, bytes);
            }
            return n > 0 && in.available() == 0 ? new Entry(classes, List.copyOf(params), List.copyOf(read), types, computed) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Stores a compiled script atomically: a reader sees the old entry or the whole new one. A home
     * that cannot be written only costs the next run a compile, so failures are dropped.
     */
    void write(Path entry, Entry compiled) {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(buf)) {
                out.writeInt(MAGIC);
                out.writeInt(compiled.requiredParams().size());
                for (String p : compiled.requiredParams()) out.writeUTF(p);
                out.writeInt(compiled.readParams().size());
                for (String p : compiled.readParams()) out.writeUTF(p);
                out.writeInt(compiled.paramTypes().size());
                for (Map.Entry<String, String> t : compiled.paramTypes().entrySet()) {
                    out.writeUTF(t.getKey());
                    out.writeUTF(t.getValue());
                }
                out.writeBoolean(compiled.paramsByComputedName());
                out.writeInt(compiled.classes().size());
                for (Map.Entry<String, byte[]> c : compiled.classes().entrySet()) {
                    out.writeUTF(c.getKey());
                    out.writeInt(c.getValue().length);
                    out.write(c.getValue());
                }
            }
            byte[] body = buf.toByteArray();
            acs.config.OwnFiles.folder(dir, "the script cache");
            Path tmp = Files.createTempFile(dir, ".write-", ".tmp");
            try {
                Files.write(tmp, body);
                Files.write(tmp, sha256().digest(body), java.nio.file.StandardOpenOption.APPEND);
                Files.move(tmp, entry, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            pruneUnused();
        } catch (IOException | RuntimeException e) {
            // see above: a cache, not state
        }
    }

    /** Marks an entry as used (what {@link #pruneUnused} goes by); a cache that cannot be written is not an error. */
    static void touch(Path entry) {
        try {
            Files.setLastModifiedTime(entry, FileTime.from(Instant.now()));
        } catch (IOException | RuntimeException e) {
            // see write()
        }
    }

    /** Entries not used for 30 days (an edited script leaves its old versions behind). */
    private void pruneUnused() throws IOException {
        FileTime limit = FileTime.from(Instant.now().minus(UNUSED));
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                if (a.isRegularFile() && a.lastModifiedTime().compareTo(limit) < 0) Files.deleteIfExists(p);
            }
        }
    }

    /**
     * The toolkit build the classes were compiled against: versions of acs and Java, and
     * each code location of the DSL, the library and Groovy (a jar's size and time; a class folder's
     * newest file), so a rebuilt toolkit never runs classes checked against the old one.
     */
    static String toolkit() {
        String t = toolkit;
        if (t == null) {
            StringBuilder b = new StringBuilder("acs ").append(AcsClient.VERSION)
                    .append("|java ").append(Runtime.version().feature());
            // GroovySystem by its jar, not getVersion(): that would initialise Groovy's runtime here.
            for (Class<?> c : new Class<?>[] {AcsScript.class, AcsClient.class, GroovySystem.class}) b.append('|').append(location(c));
            toolkit = t = b.toString();
        }
        return t;
    }

    private static String location(Class<?> c) {
        try {
            CodeSource cs = c.getProtectionDomain().getCodeSource();
            if (cs == null || cs.getLocation() == null) return "?";
            Path p = Path.of(cs.getLocation().toURI());
            if (Files.isRegularFile(p)) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                return p + ":" + a.size() + ":" + a.lastModifiedTime().toMillis();
            }
            try (Stream<Path> s = Files.walk(p)) {
                long[] newest = {0, 0};
                s.filter(Files::isRegularFile).forEach(f -> {
                    newest[0]++;
                    try {
                        newest[1] = Math.max(newest[1], Files.getLastModifiedTime(f).toMillis());
                    } catch (IOException e) {
                        newest[1] = Long.MAX_VALUE;
                    }
                });
                return p + ":" + newest[0] + ":" + newest[1];
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return "?" + System.nanoTime();   // unknown: never matches an entry
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] lengthOf(byte[] b) {
        int n = b.length;
        return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }

    /** Defines the stored classes; the first one is the script. */
    static final class Loader extends ClassLoader {
        private final Map<String, byte[]> classes;

        Loader(ClassLoader parent, Map<String, byte[]> classes) {
            super(parent);
            this.classes = classes;
        }

        @Override protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = classes.get(name);
            if (b == null) throw new ClassNotFoundException(name);
            return defineClass(name, b, 0, b.length);
        }
    }
}
