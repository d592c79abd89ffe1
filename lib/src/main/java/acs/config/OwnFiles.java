package acs.config;

import acs.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The toolkit trusts only the current user's own files: its home, journal, runs, script cache
 * and resident sockets are used only when, on their real path (symlinks followed), they are
 * owned by this user and not writable by group or others. Anyone else who can write them could
 * make acs act for them with this user's keys (a planted run, a script in the cache).
 */
public final class OwnFiles {
    private static final Set<PosixFilePermission> OTHERS_WRITE = Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    private static volatile Integer myUid;

    private OwnFiles() {}

    /** Creates {@code dir} (mode 0700) when missing, then {@link #check}s it. */
    public static Path folder(Path dir, String what) {
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir)) {
                Files.createDirectories(dir.toAbsolutePath().getParent());
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException notPosix) {
                    Files.createDirectories(dir);
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // another process made it: checked below like any other
                }
            }
        } catch (IOException e) {
            throw new ConfigException("cannot create " + what + " " + dir + ": " + e.getMessage()
                    + " (make its parent writable, or set ACS_HOME to a folder of yours)", e);
        }
        check(dir, what);
        return dir;
    }

    /**
     * Throws a {@link ConfigException} (exit 3) naming the path and the fix when {@code path}
     * exists and is not this user's own, or group/other can write it. A missing path passes.
     */
    public static void check(Path path, String what) {
        Path real;
        try {
            real = path.toRealPath();
        } catch (NoSuchFileException missing) {
            return;
        } catch (IOException e) {
            throw new ConfigException("cannot check " + what + " " + path + ": " + e.getMessage(), e);
        }
        String shown = real.equals(path.toAbsolutePath()) ? path.toString() : path + " (really " + real + ")";
        try {
            int owner = (Integer) Files.getAttribute(real, "unix:uid");
            Integer me = uid();
            if (me != null && owner != me) {
                throw new ConfigException(what + " " + shown + " belongs to another user (uid " + owner + "), so acs will not use it: whoever owns it"
                        + " could act with your keys; nothing was sent. Use a folder of your own (ACS_HOME), or remove it");
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(real);
            if (perms.stream().anyMatch(OTHERS_WRITE::contains)) {
                throw new ConfigException(what + " " + shown + " can be written by other users (mode " + PosixFilePermissions.toString(perms)
                        + "), so acs will not use it; nothing was sent: chmod go-w " + real);
            }
        } catch (UnsupportedOperationException | IllegalArgumentException notPosix) {
            // no owners or modes to check on this file system
        } catch (IOException e) {
            throw new ConfigException("cannot check " + what + " " + path + ": " + e.getMessage(), e);
        }
    }

    /** This process's user id (the owner of /proc/self), read once; null where there is no /proc. */
    static Integer uid() {
        Integer u = myUid;
        if (u == null) {
            try {
                u = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            } catch (IOException | RuntimeException noProc) {
                return null;
            }
            myUid = u;
        }
        return u;
    }
}
