package acs.dsl;

/**
 * Initialises Groovy's runtime on a second thread while the caller does other work (picocli
 * builds the command line, the cached classes are read, the client connects): with a script's
 * classes from the cache, that initialisation is most of what is left of {@code acs run}'s own
 * start-up. Only this thread initialises Groovy classes until {@link #await} returns, so two
 * threads never race through Groovy's static initialisers (which could deadlock); loading the
 * script's classes without initialising them is safe meanwhile.
 */
final class GroovyWarmUp {
    private static final String[] CLASSES = {
        "groovy.lang.GroovySystem",                        // the meta-class registry and every DGM method
        "org.codehaus.groovy.runtime.InvokerHelper",
        "org.codehaus.groovy.control.ResolveVisitor",      // scans the JDK's packages: the first GString formatted needs it
        "org.codehaus.groovy.runtime.FormatHelper",
    };
    private static Thread running;
    private static volatile boolean done;

    private GroovyWarmUp() {}

    /** Starts the warm-up unless it has run or is running; the thread to {@link #await}, or null when there is nothing to wait for. */
    static synchronized Thread start() {
        if (done) return null;
        if (running == null) {
            running = new Thread(GroovyWarmUp::initialise, "acs-groovy-warm-up");
            running.setDaemon(true);
            running.start();
        }
        return running;
    }

    private static void initialise() {
        ClassLoader loader = GroovyWarmUp.class.getClassLoader();
        try {
            for (String c : CLASSES) Class.forName(c, true, loader);
        } catch (Throwable e) {
            // the script's own thread meets the same problem and reports it
        } finally {
            done = true;
        }
    }

    /** Waits for the warm-up (if any) to end; the calling thread may then use Groovy freely. */
    static void await(Thread t) {
        if (t == null) return;
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
