package acs.dsl;

import groovy.transform.NamedParams;
import java.util.ArrayList;
import java.util.List;
import org.codehaus.groovy.ast.AnnotationNode;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.expr.AnnotationConstantExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.ListExpression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCall;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.transform.stc.StaticTypeCheckingVisitor;
import org.codehaus.groovy.transform.stc.TypeCheckingExtension;

/**
 * The DSL's additions to Groovy's type checker (a precompiled extension of {@code @TypeChecked}):
 * <ul>
 * <li>a named argument that the method's {@code @NamedParams} does not list is reported at the
 *     argument itself, with the closest valid name ({@code 'urll' is not a named argument of
 *     deploy; did you mean 'url'?}). Groovy alone reports only the missing required one.</li>
 * <li>{@code ==} / {@code !=} between two different enum types is reported: the bare constants
 *     shared by several status enums ({@code RUNNING}, {@code STOPPED}, {@code CREATED}) resolve
 *     to {@link acs.NodeStatus}, so {@code container.status == RUNNING} would never be true.</li>
 * </ul>
 */
public class DslTypeChecks extends TypeCheckingExtension {
    static final String NOT_A_NAMED_ARGUMENT = "is not a named argument of";

    public DslTypeChecks(StaticTypeCheckingVisitor visitor) {
        super(visitor);
    }

    // On selection, before Groovy checks the named arguments itself: the checker keeps one error
    // per source position, and "'urll' is not a named argument; did you mean 'url'?" says more
    // than Groovy's "required named param 'url' not found" at the same place.
    @Override public void onMethodSelection(Expression expression, MethodNode target) {
        if (!(expression instanceof MethodCall call)) return;
        if (target == null || target.getParameters().length == 0) return;
        List<String> names = namedParams(target.getParameters()[0]);
        if (names == null) return;
        if (!(call.getArguments() instanceof TupleExpression args) || args.getExpressions().isEmpty()) return;
        if (!(args.getExpression(0) instanceof MapExpression map)) return;
        for (MapEntryExpression entry : map.getMapEntryExpressions()) {
            if (!(entry.getKeyExpression() instanceof ConstantExpression k) || !(k.getValue() instanceof String name)) continue;
            if (!names.contains(name)) {
                addStaticTypeError("'" + name + "' " + NOT_A_NAMED_ARGUMENT + " " + target.getName() + Suggest.hint(name, names)
                        + " (expected: " + String.join(", ", names) + ")", k);
            } else if (DURATIONS.contains(name) && !(entry.getValueExpression() instanceof ConstantExpression)) {
                // Declared Object (a text or a Duration): Groovy checks nothing, so an int variable would pass.
                ClassNode t = getType(entry.getValueExpression());
                if (t != null && !isDurationLike(t)) {
                    addStaticTypeError("named argument '" + name + "' of " + target.getName() + " must be a duration such as '30s' or "
                            + "Duration.ofMinutes(10), not " + t.getNameWithoutPackage(), entry.getValueExpression());
                }
            }
        }
    }

    private static final List<String> DURATIONS = List.of("timeout", "pause");

    private static boolean isDurationLike(ClassNode t) {
        String n = t.redirect().getName();
        if (n.equals("java.lang.Object")) return true;   // not known before it runs: checked then, by Args
        for (Class<?> ok : new Class<?>[] {CharSequence.class, String.class, groovy.lang.GString.class, java.time.Duration.class}) {
            if (t.redirect().isDerivedFrom(org.codehaus.groovy.ast.ClassHelper.make(ok)) || n.equals(ok.getName())
                    || t.redirect().implementsInterface(org.codehaus.groovy.ast.ClassHelper.make(ok))) return true;
        }
        return false;
    }

    /** The names of a parameter's {@code @NamedParams}, or null if it has none. */
    static List<String> namedParams(Parameter p) {
        for (AnnotationNode an : p.getAnnotations()) {
            if (!an.getClassNode().getName().equals(NamedParams.class.getName())) continue;
            Expression value = an.getMember("value");
            List<Expression> each = value instanceof ListExpression l ? l.getExpressions() : value == null ? List.of() : List.of(value);
            List<String> names = new ArrayList<>();
            for (Expression e : each) {
                if (e instanceof AnnotationConstantExpression ace && ace.getValue() instanceof AnnotationNode named
                        && named.getMember("value") != null) {
                    names.add(named.getMember("value").getText());
                }
            }
            return names;
        }
        return null;
    }

    @Override public void afterVisitMethod(MethodNode method) {
        if (method.getCode() == null) return;
        method.getCode().visit(new CodeVisitorSupport() {
            @Override public void visitBinaryExpression(BinaryExpression b) {
                super.visitBinaryExpression(b);
                String op = b.getOperation().getText();
                if (!op.equals("==") && !op.equals("!=")) return;
                ClassNode left = getType(b.getLeftExpression());
                ClassNode right = getType(b.getRightExpression());
                if (left == null || right == null || !left.isEnum() || !right.isEnum()) return;
                if (left.redirect().getName().equals(right.redirect().getName())) return;
                addStaticTypeError(enumMismatch(b.getLeftExpression(), left, b.getRightExpression(), right), b);
            }
        });
    }

    private static String enumMismatch(Expression le, ClassNode left, Expression re, ClassNode right) {
        String msg = "comparing " + left.getNameWithoutPackage() + " with " + right.getNameWithoutPackage() + " is never true";
        String constant = constantName(re) != null ? constantName(re) : constantName(le);
        ClassNode other = constantName(re) != null ? left : right;
        ClassNode of = constantName(re) != null ? right : left;
        if (constant != null) {
            msg += "; the bare " + constant + " is " + of.getNameWithoutPackage() + "." + constant + " here: write "
                    + other.getNameWithoutPackage() + "." + constant;
        }
        return msg;
    }

    private static String constantName(Expression e) {
        return e instanceof PropertyExpression p && p.getObjectExpression() instanceof ClassExpression ? p.getPropertyAsString() : null;
    }
}
