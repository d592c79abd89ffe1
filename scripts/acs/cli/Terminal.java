package acs.cli;

import java.io.Console;

/**
 * The person at the keyboard, if any: whether one watches (progress bars) and the question a
 * destructive command asks. The JVM's console, or the one of the client a resident JVM serves
 * ({@link acs.cli.launch.Resident}), whose stdin and stdout are elsewhere.
 */
public interface Terminal {
    /** Both stdin and stdout are a terminal (the JVM's rule for {@code System.console()}). */
    boolean interactive();

    /** Shows the prompt and reads one line; null at end of input. Only when {@link #interactive()}. */
    String readLine(String prompt);

    /** The terminal of the command running now. */
    static Terminal current() {
        Terminal t = Holder.override;
        return t != null ? t : Holder.JVM;
    }

    /** For the resident JVM: the terminal of the client it serves (null: the JVM's own again). */
    static void use(Terminal t) {
        Holder.override = t;
    }

    final class Holder {
        private static volatile Terminal override;
        private static final Terminal JVM = new Terminal() {
            @Override public boolean interactive() {
                return System.console() != null;
            }

            @Override public String readLine(String prompt) {
                Console c = System.console();
                return c == null ? null : c.readLine("%s", prompt);
            }
        };

        private Holder() {}
    }
}
