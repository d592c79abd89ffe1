package acs.dsl;

import acs.DeployMethod;
import acs.internal.Durations;
import acs.InvalidInputException;
import acs.NodeStatus;
import acs.UploadStart;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

/**
 * Checks made on the script's text before it runs, typed or dynamic: every literal named argument
 * ({@code timeout: '10 minutes'}, {@code url: 'ftp://…'}, {@code method: 'SIDEWAYS'}) with the
 * library's own parser, so a bad one fails at its line before the first request, not after it;
 * and the names of {@code param('x')} calls without a default, wherever they stand (an
 * {@code onFailure} closure too), so a missing {@code -Px} fails before anything runs.
 */
final class LiteralChecks extends CompilationCustomizer {
    private final Set<String> requiredParams = new LinkedHashSet<>();

    LiteralChecks() {
        super(CompilePhase.CONVERSION);
    }

    /** The literal names of {@code param(name)} calls without a default, in the order they appear. */
    Set<String> requiredParams() {
        return requiredParams;
    }

    @Override public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        new ClassCodeVisitorSupport() {
            @Override protected SourceUnit getSourceUnit() {
                return source;
            }

            @Override public void visitMethodCallExpression(MethodCallExpression call) {
                super.visitMethodCallExpression(call);
                if (!(call.getArguments() instanceof TupleExpression args)) return;
                if (call.isImplicitThis() && "param".equals(call.getMethodAsString()) && args.getExpressions().size() == 1
                        && args.getExpression(0) instanceof ConstantExpression c && c.getValue() instanceof String name) {
                    requiredParams.add(name);
                }
                if (!DslScript.vocabulary().contains(call.getMethodAsString())) return; // an unknown method is reported as such
                for (Expression a : args.getExpressions()) {
                    if (a instanceof MapExpression map) map.getMapEntryExpressions().forEach(e -> check(source, e));
                }
            }
        }.visitClass(classNode);
    }

    private static void check(SourceUnit source, MapEntryExpression e) {
        if (!(e.getKeyExpression() instanceof ConstantExpression k) || !(k.getValue() instanceof String name)) return;
        if (!(e.getValueExpression() instanceof ConstantExpression v) || !(v.getValue() instanceof String text)) return;
        Consumer<String> parse = switch (name) {
            case "timeout", "pause" -> t -> Durations.parse(name, t);
            case "url" -> UploadStart::of;
            case "method" -> DeployMethod::parse;
            case "status" -> NodeStatus::parse;
            default -> null;
        };
        if (parse == null) return;
        try {
            parse.accept(text);
        } catch (InvalidInputException bad) {
            source.getErrorCollector().addErrorAndContinue(new SyntaxErrorMessage(new SyntaxException(
                    "named argument " + bad.getMessage(), v.getLineNumber(), v.getColumnNumber(), v.getLastLineNumber(), v.getLastColumnNumber()), source));
        }
    }
}
