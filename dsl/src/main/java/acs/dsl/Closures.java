package acs.dsl;

import groovy.lang.Closure;

/**
 * The one place closures are called, the Ratpack way: clone (so a closure shared between
 * threads, as in a rollout, never shares a delegate), set the delegate, resolve
 * DELEGATE_FIRST, and pass arguments only if the closure declares parameters.
 */
public final class Closures {
    private Closures() {}

    /** Calls {@code closure} with {@code delegate} as its delegate and as its argument (if it takes one). */
    public static <R> R delegateTo(Object delegate, Closure<R> closure) {
        return delegateTo(delegate, closure, delegate);
    }

    /**
     * Calls {@code closure} with {@code delegate} as its delegate. A closure declaring no
     * parameters ({@code { -> }}) gets none; otherwise it gets as many of {@code args} as it
     * declares, taken from the end, so {@code { error -> }} receives only the error of
     * {@code (node, error)}. An implicit {@code it} counts as one parameter.
     */
    public static <R> R delegateTo(Object delegate, Closure<R> closure, Object... args) {
        if (closure == null) return null;
        @SuppressWarnings("unchecked")
        Closure<R> c = (Closure<R>) closure.clone();
        c.setDelegate(delegate);
        c.setResolveStrategy(Closure.DELEGATE_FIRST);
        int n = Math.min(c.getMaximumNumberOfParameters(), args.length);
        if (n == 0) return c.call();
        Object[] tail = new Object[n];
        System.arraycopy(args, args.length - n, tail, 0, n);
        return c.call(tail);
    }

    /** Rethrows any throwable unchanged (a Groovy closure may throw checked exceptions undeclared). */
    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException rethrow(Throwable t) throws E {
        throw (E) t;
    }
}
