package acs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.burt.jmespath.Expression;
import io.burt.jmespath.function.Function;
import io.burt.jmespath.jackson.JacksonRuntime;
import io.burt.jmespath.node.Node;
import io.burt.jmespath.node.NodeFactory;
import io.burt.jmespath.node.StandardNodeFactory;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A --query that can be answered one element of a list at a time: a chain of filters
 * ({@code [?…]}), projections ({@code [*].…}, {@code [].…}) and flattens over the top-level list,
 * optionally counted ({@code length(@)}, {@code length([?…])}, {@code … | length(@)}).
 * <p>
 * Each of those library nodes maps {@code [a, b]} to the concatenation of what it makes of
 * {@code [a]} and of {@code [b]}, so the library itself evaluates every step on a one-element
 * array and its results are those elements' share of the whole answer: projection and filter
 * semantics (nulls dropped, truthy conditions kept) stay the library's own. Any other shape
 * (indexes, slices, sorting, other functions, …) needs the whole list and is not streamed.
 */
public final class StreamingQuery {
    private final JacksonRuntime runtime;
    /** Applied in order to a one-element array; each maps an array to an array. */
    private final List<Expression<JsonNode>> steps;
    private final boolean counts;

    private StreamingQuery(JacksonRuntime runtime, List<Expression<JsonNode>> steps, boolean counts) {
        this.runtime = runtime;
        this.steps = steps;
        this.counts = counts;
    }

    /** The streamed form of a valid expression, or empty when it needs the whole list. */
    public static Optional<StreamingQuery> of(String expression) {
        Recording rt = new Recording();
        List<Expression<JsonNode>> parts = rt.chain(rt.compile(expression));
        if (parts.isEmpty()) return Optional.empty();
        Expression<JsonNode> last = parts.get(parts.size() - 1);
        boolean counts = rt.shapes.get(last) instanceof Length;
        List<Expression<JsonNode>> steps = new ArrayList<>(counts ? parts.subList(0, parts.size() - 1) : parts);
        if (counts) {
            Expression<JsonNode> counted = ((Length) rt.shapes.get(last)).argument();
            if (!(rt.shapes.get(counted) instanceof Current)) steps.addAll(rt.chain(counted));
        } else if (steps.isEmpty()) {
            return Optional.empty();
        }
        for (Expression<JsonNode> s : steps) if (!(rt.shapes.get(s) instanceof Step)) return Optional.empty();
        return Optional.of(new StreamingQuery(rt, List.copyOf(steps), counts));
    }

    /** Whether the result is the number of elements the steps give (else the list of them). */
    public boolean counts() {
        return counts;
    }

    /** Hands over, in order, what the query makes of one element of the list. */
    public void results(JsonNode element, Consumer<JsonNode> each) {
        JsonNode v = runtime.createArray(List.of(element));
        for (Expression<JsonNode> s : steps) v = Output.search(s, v);
        v.forEach(each);
    }

    /** The query's answer when it counts: the number node {@code length} would have returned. */
    public JsonNode count(long n) {
        return runtime.createNumber(n);
    }

    private sealed interface Shape permits Step, Sequence, Length, Current {}
    /** A filter, projection or flatten: element-wise over an array. */
    private record Step() implements Shape {}
    private record Sequence(List<? extends Expression<JsonNode>> parts) implements Shape {}
    private record Length(Expression<JsonNode> argument) implements Shape {}
    private record Current() implements Shape {}

    /**
     * Compiles with the standard nodes but notes what each one is: the library's nodes keep
     * their parts private, and the parser builds every node through this factory.
     */
    private static final class Recording extends JacksonRuntime {
        final Map<Expression<JsonNode>, Shape> shapes = new IdentityHashMap<>();
        private final NodeFactory<JsonNode> factory = new StandardNodeFactory<>(this) {
            @Override public Node<JsonNode> createSequence(List<Node<JsonNode>> nodes) {
                return note(super.createSequence(nodes), new Sequence(List.copyOf(nodes)));
            }
            @Override public Node<JsonNode> createProjection(Expression<JsonNode> expression) {
                return note(super.createProjection(expression), new Step());
            }
            @Override public Node<JsonNode> createSelection(Expression<JsonNode> test) {
                return note(super.createSelection(test), new Step());
            }
            @Override public Node<JsonNode> createFlattenArray() {
                return note(super.createFlattenArray(), new Step());
            }
            @Override public Node<JsonNode> createCurrent() {
                return note(super.createCurrent(), new Current());
            }
            @Override public Node<JsonNode> createFunctionCall(Function function, List<? extends Expression<JsonNode>> args) {
                Node<JsonNode> n = super.createFunctionCall(function, args);
                return function != null && function.name().equals("length") && args.size() == 1 ? note(n, new Length(args.get(0))) : n;
            }
        };

        @Override public NodeFactory<JsonNode> nodeFactory() {
            return factory;
        }

        private Node<JsonNode> note(Node<JsonNode> node, Shape shape) {
            shapes.put(node, shape);
            return node;
        }

        /** The expression as the chain of parts it applies in turn (sequences, i.e. pipes and sub-expressions, unnested). */
        List<Expression<JsonNode>> chain(Expression<JsonNode> e) {
            if (!(shapes.get(e) instanceof Sequence s)) return List.of(e);
            List<Expression<JsonNode>> out = new ArrayList<>();
            for (Expression<JsonNode> part : s.parts()) out.addAll(chain(part));
            return out;
        }
    }
}
