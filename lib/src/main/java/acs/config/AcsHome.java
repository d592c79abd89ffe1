package acs.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * The toolkit's home: {@code $ACS_HOME}, else {@code $HOME/.acs}, else {@code user.home}'s.
 * {@code $HOME} is read explicitly because the JVM takes {@code user.home} from the password
 * file, so a CI job or container that sets {@code HOME} would otherwise write elsewhere. A class of
 * its own, with nothing to load beside it: the launcher's small first JVM needs it too.
 */
public final class AcsHome {
    private AcsHome() {}

    public static Path of(Map<String, String> env) {
        String h = env.get("ACS_HOME");
        if (h != null && !h.isBlank()) return Path.of(h.trim());
        String userHome = env.get("HOME");
        return Path.of(userHome != null && !userHome.isBlank() ? userHome.trim() : System.getProperty("user.home"), ".acs");
    }
}
