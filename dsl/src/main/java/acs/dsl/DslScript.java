package acs.dsl;

import acs.CommandStatus;
import acs.ContainerStatus;
import acs.DeployMethod;
import acs.InvalidInputException;
import acs.NodeStatus;
import groovy.lang.Binding;
import groovy.lang.GroovyClassLoader;
import groovy.transform.TypeChecked;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.ASTTransformationCustomizer;
import org.codehaus.groovy.control.customizers.ImportCustomizer;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SimpleMessage;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.runtime.InvokerInvocationException;
import org.codehaus.groovy.tools.GroovyClass;
import org.codehaus.groovy.syntax.SyntaxException;

/**
 * A DSL script, compiled and checked: {@link #compile(Path, boolean)} finds every error (syntax,
 * unknown DSL method, misspelt named argument, wrong type) with its file and line before
 * anything runs; {@link #run(DslContext)} runs it and reports a failure at the script's own line.
 * <pre>{@code
 * DslScript script = DslScript.compile(Path.of("deploy.groovy"), false);   // ScriptCheckException (exit 2)
 * script.run(DslContext.of(Operations.of(acs)).withParams(Map.of("url", url)));
 * }</pre>
 *
 * <p><b>How scripts are compiled.</b> Base class {@link AcsScript}; imports {@code acs.*},
 * {@code acs.dsl.*}, {@code java.time.*} and the constants of {@link NodeStatus},
 * {@link DeployMethod}, {@link CommandStatus}, {@link ContainerStatus}, in that order (a bare
 * {@code RUNNING} is a NodeStatus); {@code @TypeChecked} with {@link DslTypeChecks}. A script
 * opts out of type checking with a line {@code // acs: dynamic} (or {@code acs run --dynamic}).
 */
public final class DslScript {
    /** A line that makes a script dynamic (no type checking). */
    public static final Pattern DYNAMIC_MARKER = Pattern.compile("(?m)^\\s*//\\s*acs:\\s*dynamic\\s*$");
    private static final Pattern QUALIFIED = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+([A-Z][A-Za-z0-9_$]*)");
    private static final Pattern NO_METHOD = Pattern.compile("Cannot find matching method ([\\w.$-]+)#(\\w+)\\((.*)\\)\\. Please check if the declared type is correct and if the method exists\\.?");
    private static final Pattern NO_PROPERTY = Pattern.compile("No such property: (\\w+) for class: ([\\w.$-]+)");
    private static final Pattern UNDECLARED = Pattern.compile("The variable \\[(\\w+)] is undeclared\\.?");
    private static final Pattern REQUIRED = Pattern.compile("required named param '(\\w+)' not found\\.?");
    private static final Pattern UNEXPECTED = Pattern.compile("unexpected named arg: (\\w+)");
    private static final Pattern NAMED_TYPE = Pattern.compile("argument for named param '(\\w+)' has type '([^']+)' but expected '([^']+)'\\.?");

    private final String displayName;
    private final Class<? extends AcsScript> type;
    private final boolean typeChecked;
    private final ScriptParams params;
    private final boolean fromCache;
    private Thread warmUp;

    private DslScript(String displayName, Class<? extends AcsScript> type, boolean typeChecked, ScriptCache.Entry params,
            String source, boolean fromCache) {
        this.displayName = displayName;
        this.type = type;
        this.typeChecked = typeChecked;
        this.params = new ScriptParams(displayName, params, source);
        this.fromCache = fromCache;
    }

    /**
     * Reads and compiles a script file (UTF-8); type-checked unless {@code dynamic} or marked
     * {@code // acs: dynamic}. A script compiled before (same text, mode and toolkit build) is
     * loaded from the toolkit's home ({@code cache/scripts/}) instead of compiled again.
     */
    public static DslScript compile(Path file, boolean dynamic) {
        if (!Files.isRegularFile(file)) throw new InvalidInputException("FILE", "no such script file: " + file);
        String source;
        try {
            source = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException("FILE", "cannot read " + file + ": " + e.getMessage());
        }
        return compile(file.toString(), source, dynamic, ScriptCache.inHome());
    }

    /** Compiles script text; {@code name} is how errors show the file, e.g. {@code deploy.groovy}. */
    public static DslScript compile(String name, String source, boolean dynamic) {
        return compile(name, source, dynamic, null);
    }

    /**
     * Starts initialising Groovy's runtime on a second thread, for a caller that will compile or
     * run a script shortly (acs run does it before picocli parses its command line).
     */
    public static void warmUp() {
        GroovyWarmUp.start();
    }

    static DslScript compile(String name, String source, boolean dynamic, ScriptCache cache) {
        boolean checked = !dynamic && !DYNAMIC_MARKER.matcher(source).find();
        String sourceName = Path.of(name).getFileName().toString();
        if (!sourceName.endsWith(".groovy")) sourceName += ".groovy";
        sourceName = ScriptClassName.of(sourceName);
        Path entry = cache == null ? null : cache.entry(sourceName, source, checked);
        ScriptCache.Entry cached = entry == null ? null : ScriptCache.read(entry);
        if (cached != null) {
            try {
                Class<?> c = define(cached.classes());
                if (AcsScript.class.isAssignableFrom(c)) {
                    ScriptFrames.register(sourceName, name);
                    ScriptCache.touch(entry);
                    DslScript script = new DslScript(name, c.asSubclass(AcsScript.class), checked, cached, source, true);
                    script.warmUp = GroovyWarmUp.start();
                    return script;
                }
            } catch (LinkageError | ClassNotFoundException e) {
                // a damaged or foreign entry: compiled afresh below, and replaced
            }
        }
        GroovyWarmUp.await(GroovyWarmUp.start());   // the compiler initialises Groovy classes too: one thread at a time
        ScriptCache.Entry compiled = compileToBytes(name, source, sourceName, checked);
        Class<?> c;
        try {
            c = define(compiled.classes());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        if (!AcsScript.class.isAssignableFrom(c)) {
            throw new ScriptCheckException(List.of(new ScriptProblem(name, 0, 0,
                    "is not a script (it declares a class " + c.getName() + "); write DSL statements at the top level", null)));
        }
        if (entry != null) cache.write(entry, compiled);
        ScriptFrames.register(sourceName, name);
        return new DslScript(name, c.asSubclass(AcsScript.class), checked, compiled, source, false);
    }

    /** Every class of the script (the script class first) as class files, and its required parameters; errors as {@link ScriptCheckException}. */
    private static ScriptCache.Entry compileToBytes(String name, String source, String sourceName, boolean checked) {
        LiteralChecks literals = new LiteralChecks(checked);
        CompilerConfiguration cc = configuration(checked);
        cc.addCompilationCustomizers(literals);
        try (GroovyClassLoader loader = new GroovyClassLoader(AcsScript.class.getClassLoader(), cc)) {
            CompilationUnit unit = new CompilationUnit(cc, null, loader);
            SourceUnit su = unit.addSource(new SourceUnit(sourceName, source, cc, loader, unit.getErrorCollector()));
            unit.compile(Phases.CLASS_GENERATION);
            // The first class of the module is the one Groovy's own loader returns for a source.
            String main = su.getAST().getClasses().get(0).getName();
            Map<String, byte[]> classes = new LinkedHashMap<>();
            for (GroovyClass g : unit.getClasses()) {
                if (g.getName().equals(main)) classes.put(g.getName(), g.getBytes());
            }
            for (GroovyClass g : unit.getClasses()) classes.putIfAbsent(g.getName(), g.getBytes());
            return new ScriptCache.Entry(classes, List.copyOf(literals.requiredParams()), List.copyOf(literals.readParams()),
                    Map.copyOf(literals.paramTypes()), literals.paramsByComputedName());
        } catch (MultipleCompilationErrorsException e) {
            throw new ScriptCheckException(problems(name, source, e));
        } catch (CompilationFailedException e) {
            throw new ScriptCheckException(List.of(new ScriptProblem(name, 0, 0, tidy(e.getMessage()), null)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Class<?> define(Map<String, byte[]> classes) throws ClassNotFoundException {
        ScriptCache.Loader loader = new ScriptCache.Loader(AcsScript.class.getClassLoader(), classes);
        Class<?> main = null;
        for (String n : classes.keySet()) {   // all at once: a damaged class fails here, not mid-run
            Class<?> c = Class.forName(n, false, loader);
            if (main == null) main = c;
        }
        return main;
    }

    /** The compiler configuration of DSL scripts. */
    public static CompilerConfiguration configuration(boolean typeChecked) {
        CompilerConfiguration cc = new CompilerConfiguration();
        cc.setSourceEncoding("UTF-8");
        cc.setScriptBaseClass(AcsScript.class.getName());
        ImportCustomizer imports = new ImportCustomizer()
                .addStarImports("acs", "acs.fleet", "acs.dsl", "java.time")
                .addImports(ScriptClassName.IMPORTS.stream().map(Class::getName).toArray(String[]::new))
                // Order matters: for a constant several enums share (RUNNING, STOPPED, CREATED), the first wins.
                .addStaticStars(NodeStatus.class.getName(), DeployMethod.class.getName(),
                        CommandStatus.class.getName(), ContainerStatus.class.getName());
        cc.addCompilationCustomizers(imports);
        if (typeChecked) {
            cc.addCompilationCustomizers(new ASTTransformationCustomizer(
                    Map.of("extensions", List.of(DslTypeChecks.class.getName())), TypeChecked.class));
        }
        return cc;
    }

    /** As given to {@code compile}, e.g. {@code dsl/examples/deploy-one.groovy}. */
    public String name() { return displayName; }

    public boolean typeChecked() { return typeChecked; }

    /** Whether the classes came from the cache of compiled scripts rather than the compiler. */
    public boolean fromCache() { return fromCache; }

    /** The parameters the script needs: every {@code param('x')} with a literal name and no default, wherever it stands. */
    public List<String> requiredParams() { return params.required(); }

    /** Every parameter the script reads by a literal name or declares with {@code // acs: params NAME, ...}. */
    public Set<String> knownParams() { return params.known(); }

    /** Before anything runs (real run, dry run, rehearsal alike): the {@code -P} parameters are the script's, complete and well formed; else exit 2. */
    public void checkParams(Map<String, String> given) {
        params.check(given);
    }

    /**
     * Runs the script (a fresh instance each time). Any failure comes out as a
     * {@link ScriptFailedException} naming the script's line; its exit code is the cause's.
     */
    public Object run(DslContext context) {
        checkParams(context.params());
        GroovyWarmUp.await(warmUp);
        AcsScript script;
        try {
            script = type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate " + displayName, e);
        }
        script.setBinding(new Binding());
        script.init(context);
        try {
            return script.run();
        } catch (Throwable t) {
            Throwable cause = unwrap(t);
            if (cause instanceof VirtualMachineError e) throw e;
            String at = ScriptFrames.locate(cause);
            throw new ScriptFailedException(at == null ? displayName : at, cause);
        }
    }

    /** Where the current thread is in a DSL script ({@code deploy.groovy:4}), for plans and messages. */
    public static String currentLocation() {
        return ScriptFrames.current();
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof InvokerInvocationException || t instanceof InvocationTargetException
                || t instanceof UndeclaredThrowableException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    // ---- compile errors, as a person wants to read them ----

    private static List<ScriptProblem> problems(String name, String source, MultipleCompilationErrorsException e) {
        String[] lines = source.split("\r?\n", -1);
        List<ScriptProblem> out = new ArrayList<>();
        for (Message m : e.getErrorCollector().getErrors()) {
            if (m instanceof SyntaxErrorMessage s) {
                SyntaxException se = s.getCause();
                int line = se.getLine();
                out.add(new ScriptProblem(name, Math.max(line, 0), Math.max(se.getStartColumn(), 0), tidy(se.getOriginalMessage()),
                        line > 0 && line <= lines.length ? lines[line - 1] : null));
            } else if (m instanceof ExceptionMessage x) {
                out.add(new ScriptProblem(name, 0, 0, tidy(String.valueOf(x.getCause().getMessage())), null));
            } else if (m instanceof SimpleMessage s) {
                out.add(new ScriptProblem(name, 0, 0, tidy(s.getMessage()), null));
            }
        }
        // Groovy's "unexpected named arg: urll" repeats what DslTypeChecks said better.
        List<ScriptProblem> kept = new ArrayList<>();
        for (ScriptProblem p : out) {
            Matcher u = Pattern.compile("^'(\\w+)' is not a named argument$").matcher(p.message());
            boolean duplicate = u.matches() && out.stream().anyMatch(q -> q != p && q.line() == p.line()
                    && q.message().startsWith("'" + u.group(1) + "' " + DslTypeChecks.NOT_A_NAMED_ARGUMENT));
            if (!duplicate && !kept.contains(p)) kept.add(p);
        }
        kept.sort(java.util.Comparator.comparingInt(ScriptProblem::line).thenComparingInt(ScriptProblem::column));
        return kept;
    }

    static String tidy(String raw) {
        String m = raw.replace("[Static type checking] - ", "").strip();
        int at = m.indexOf("\n @ line ");
        if (at >= 0) m = m.substring(0, at);
        Matcher x;
        if ((x = NO_METHOD.matcher(m)).matches()) {
            String owner = x.group(1), method = x.group(2), args = simple(withoutGenerics(x.group(3))).replace("LinkedHashMap", "Map");
            boolean script = !owner.contains(".") || !owner.startsWith("acs.") && !owner.startsWith("java.") && !owner.startsWith("groovy.");
            String hint = script && nodeVerbs().contains(method)
                    ? "; " + method + " is a node's: call it inside node(id) { ... }, a rollout, or on a handle: node(id)." + method + "(...)"
                    : Suggest.hint(method, vocabulary());
            return (script ? "unknown DSL method " : owner.substring(owner.lastIndexOf('.') + 1) + " has no method ")
                    + method + "(" + args + ")" + hint;
        }
        if ((x = NO_PROPERTY.matcher(m)).matches()) {
            return "unknown property '" + x.group(1) + "' of " + simple(x.group(2)) + Suggest.hint(x.group(1), namesAndConstants());
        }
        if ((x = UNDECLARED.matcher(m)).matches()) {
            return "unknown name '" + x.group(1) + "'" + Suggest.hint(x.group(1), namesAndConstants());
        }
        if ((x = REQUIRED.matcher(m)).matches()) return "missing named argument '" + x.group(1) + "'";
        if ((x = UNEXPECTED.matcher(m)).matches()) return "'" + x.group(1) + "' is not a named argument";
        if ((x = NAMED_TYPE.matcher(m)).matches()) {
            return "named argument '" + x.group(1) + "' must be " + simple(x.group(3)) + ", not " + simple(x.group(2));
        }
        return simple(m);
    }

    /** {@code LinkedHashMap<String, Serializable<? extends Serializable<…>>>} → {@code LinkedHashMap}: a type's arguments say nothing to a script's author. */
    private static String withoutGenerics(String text) {
        String before;
        do {
            before = text;
            text = text.replaceAll("<[^<>]*>", "");
        } while (!text.equals(before));
        return text;
    }

    private static String simple(String text) {
        return QUALIFIED.matcher(text).replaceAll("$1");
    }

    private static volatile Set<String> vocabulary;

    private static Set<String> nodeVerbs() {
        Set<String> v = new LinkedHashSet<>();
        for (Method m : NodeHandle.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !m.getName().startsWith("get")) v.add(m.getName());
        }
        for (Method m : AcsScript.class.getDeclaredMethods()) v.remove(m.getName());
        return v;
    }

    /** The vocabulary and the imported enum constants (RUNNING, PARALLEL, DONE…), for "did you mean" on a bare name. */
    private static Set<String> namesAndConstants() {
        Set<String> v = new LinkedHashSet<>(vocabulary());
        for (Class<? extends Enum<?>> e : List.<Class<? extends Enum<?>>>of(NodeStatus.class, DeployMethod.class, CommandStatus.class, ContainerStatus.class)) {
            for (Enum<?> c : e.getEnumConstants()) if (!c.name().equals("UNKNOWN")) v.add(c.name());
        }
        return v;
    }

    /** Every method and property name of the DSL, for "did you mean". */
    static Set<String> vocabulary() {
        Set<String> v = vocabulary;
        if (v == null) {
            v = new LinkedHashSet<>();
            for (Class<?> c : List.of(AcsScript.class, NodeHandle.class, ServiceHandle.class)) {
                for (Method m : c.getDeclaredMethods()) {
                    if (!Modifier.isPublic(m.getModifiers()) || m.isSynthetic()) continue;
                    String n = m.getName();
                    if (n.startsWith("get") && n.length() > 3 && m.getParameterCount() == 0) {
                        v.add(Character.toLowerCase(n.charAt(3)) + n.substring(4));
                    } else {
                        v.add(n);
                    }
                }
            }
            v.remove("toString");
            vocabulary = v;
        }
        return v;
    }

    @Override public String toString() {
        return "DslScript[" + displayName + (typeChecked ? ", type-checked" : ", dynamic") + "]";
    }
}
