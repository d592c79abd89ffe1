package acs.dsl;

import acs.InvalidInputException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;
import org.codehaus.groovy.syntax.Types;

/**
 * Checks made on the script's text before it runs, typed or dynamic: every literal named argument
 * ({@code timeout: '10 minutes'}, {@code timeout: 5}, {@code url: 'ftp://…'}, {@code method: 'SIDEWAYS'})
 * as the DSL verb reads it, so a bad one fails at its line before the first request, not after it;
 * and the parameters the script reads by a literal name ({@code param('x')}, {@code params.x},
 * {@code params['x']}, the typed {@code paramLong('x')}…), wherever they stand (an
 * {@code onFailure} closure too): one without a default is required, so a missing {@code -Px} fails
 * before anything runs, and a {@code -P} the script never reads is refused.
 */
final class LiteralChecks extends CompilationCustomizer {
    /** The DSL methods that read a parameter by name; with one argument, the parameter is required. */
    static final Set<String> PARAM_READERS = Set.of("param", "paramLong", "paramInt", "paramDuration", "paramBoolean");

    private final Set<String> requiredParams = new LinkedHashSet<>();
    private final Set<String> readParams = new LinkedHashSet<>();
    private final java.util.Map<String, String> paramTypes = new java.util.LinkedHashMap<>();
    private boolean paramsByComputedName;

    /** Named arguments declared {@code Object} (a text or a value): the type checker lets any literal through. */
    private static final Set<String> UNTYPED = Set.of("timeout", "pause", "version");
    private final boolean typeChecked;

    LiteralChecks(boolean typeChecked) {
        super(CompilePhase.CONVERSION);
        this.typeChecked = typeChecked;
    }

    /** The literal names of parameter reads without a default, in the order they appear. */
    Set<String> requiredParams() {
        return requiredParams;
    }

    /** Every parameter name the script reads literally, with or without a default. */
    Set<String> readParams() {
        return readParams;
    }

    /** name → the typed reader that reads it ({@code paramLong}…), so a value of the wrong type fails before anything runs. */
    java.util.Map<String, String> paramTypes() {
        return paramTypes;
    }

    /** Whether the script also reads parameters by a name only known when it runs ({@code params[name]}, {@code params.each}). */
    boolean paramsByComputedName() {
        return paramsByComputedName;
    }

    @Override public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        Set<Expression> literalReads = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        new ClassCodeVisitorSupport() {
            @Override protected SourceUnit getSourceUnit() {
                return source;
            }

            @Override public void visitMethodCallExpression(MethodCallExpression call) {
                if (call.getArguments() instanceof TupleExpression args) {
                    String method = call.getMethodAsString();
                    if (call.isImplicitThis() && PARAM_READERS.contains(method) && !args.getExpressions().isEmpty()) {
                        if (args.getExpression(0) instanceof ConstantExpression c && c.getValue() instanceof String name) {
                            readParams.add(name);
                            if (args.getExpressions().size() == 1) requiredParams.add(name);
                            if (!method.equals("param")) paramTypes.put(name, method);
                        } else {
                            paramsByComputedName = true;
                        }
                    }
                    if (isParams(call.getObjectExpression()) && "get".equals(method) && args.getExpressions().size() >= 1
                            && args.getExpression(0) instanceof ConstantExpression c && c.getValue() instanceof String name) {
                        readParams.add(name);
                        literalReads.add(call.getObjectExpression());
                    }
                    if (DslScript.vocabulary().contains(method)) { // an unknown method is reported as such
                        for (Expression a : args.getExpressions()) {
                            if (a instanceof MapExpression map) map.getMapEntryExpressions().forEach(e -> check(source, method, e));
                        }
                    }
                }
                super.visitMethodCallExpression(call);
            }

            @Override public void visitPropertyExpression(PropertyExpression p) {
                if (isParams(p.getObjectExpression()) && p.getPropertyAsString() != null) {
                    readParams.add(p.getPropertyAsString());
                    literalReads.add(p.getObjectExpression());
                }
                super.visitPropertyExpression(p);
            }

            @Override public void visitBinaryExpression(BinaryExpression b) {
                if (b.getOperation().getType() == Types.LEFT_SQUARE_BRACKET && isParams(b.getLeftExpression())
                        && b.getRightExpression() instanceof ConstantExpression c && c.getValue() instanceof String name) {
                    readParams.add(name);
                    literalReads.add(b.getLeftExpression());
                }
                super.visitBinaryExpression(b);
            }

            @Override public void visitVariableExpression(VariableExpression v) {
                if (isParams(v) && !literalReads.contains(v)) paramsByComputedName = true;
                super.visitVariableExpression(v);
            }
        }.visitClass(classNode);
    }

    private static boolean isParams(Expression e) {
        return e instanceof VariableExpression v && v.getName().equals("params");
    }

    private void check(SourceUnit source, String verb, MapEntryExpression e) {
        if (!(e.getKeyExpression() instanceof ConstantExpression k) || !(k.getValue() instanceof String name)) return;
        if (!(e.getValueExpression() instanceof ConstantExpression v) || v.getValue() == null) return;
        // A type-checked script's other literals are Groovy's to report (all at once, at the type-checking phase).
        if (typeChecked && !(v.getValue() instanceof String) && !UNTYPED.contains(name)) return;
        try {
            Args.check(verb, name, v.getValue());
        } catch (InvalidInputException bad) {
            source.getErrorCollector().addErrorAndContinue(new SyntaxErrorMessage(new SyntaxException(
                    "named argument " + bad.getMessage(), v.getLineNumber(), v.getColumnNumber(), v.getLastLineNumber(), v.getLastColumnNumber()), source));
        }
    }
}
