package acs.dsl;

import groovy.lang.Closure;
import groovy.lang.ExpandoMetaClass;
import groovy.lang.GroovyObject;
import groovy.lang.GroovySystem;
import java.util.function.IntConsumer;

/**
 * A script's {@code System.exit(n)} in a JVM that runs many commands (the launcher's resident JVM):
 * the JVM still ends at once, as it would for a command of its own, but whoever waits for the
 * command's exit code learns n first. Groovy calls static methods through the meta-class, so this
 * reaches every script.
 */
public final class ScriptExits {
    private ScriptExits() {}

    /** From now on, a script's System.exit(n) calls {@code first} with n, then ends the JVM with n. */
    public static void tellFirst(IntConsumer first) {
        GroovyWarmUp.await(GroovyWarmUp.start());   // one thread initialises Groovy's classes at a time
        ExpandoMetaClass emc = new ExpandoMetaClass(System.class, true, true);
        // System.metaClass.static.exit = { int status -> ... }
        ((GroovyObject) emc.getProperty("static")).setProperty("exit", new Closure<Void>(null) {
            @SuppressWarnings("unused")   // called by Groovy
            public Void doCall(int status) {
                first.accept(status);
                Runtime.getRuntime().exit(status);
                return null;
            }
        });
        emc.initialize();
        GroovySystem.getMetaClassRegistry().setMetaClass(System.class, emc);
    }
}
