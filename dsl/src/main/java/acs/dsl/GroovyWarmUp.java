package acs.dsl;

/**
 * Initialises Groovy's runtime on a second thread while the caller connects (the embedded
 * simulator starts, the first request goes out): with a script's classes from the cache, that
 * initialisation is most of what is left of {@code acs run}'s own start-up. Only this thread
 * initialises Groovy classes until {@link #await} returns, so two threads never race through
 * Groovy's static initialisers (which could deadlock).
 */
final class GroovyWarmUp {
    private static final String[] CLASSES = {
        "groovy.lang.GroovySystem",                        // the meta-class registry and every DGM method
        "org.codehaus.groovy.runtime.InvokerHelper",
        "org.codehaus.groovy.control.ResolveVisitor",      // scans the JDK's packages: the first GString formatted needs it
        "org.codehaus.groovy.runtime.FormatHelper",
    };
    private static volatile boolean done;

    private GroovyWarmUp() {}

    static Thread start() {
        if (done) return null;
        Thread t = new Thread(GroovyWarmUp::initialise, "acs-groovy-warm-up");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void initialise() {
        ClassLoader loader = GroovyWarmUp.class.getClassLoader();
        for (String c : CLASSES) {
            try {
                Class.forName(c, true, loader);
            } catch (Throwable e) {
                return;   // the script's own thread meets the same problem and reports it
            }
        }
        done = true;
    }

    /** Waits for the warm-up (if any) to end; the script's thread may then use Groovy freely. */
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
