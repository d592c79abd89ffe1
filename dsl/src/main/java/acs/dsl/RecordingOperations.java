package acs.dsl;

import acs.AcsException;
import acs.ApiCall;
import acs.Command;
import acs.wire.PreparedRequest;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Passes every call on to {@code delegate} and reports each change as a {@link PlanStep}:
 * the request as {@code describe} prepares it (for a rehearsal: as it would go to the real
 * target, not to the simulator that answers), where the script made it, and the answer or error.
 */
public final class RecordingOperations implements Operations {
    private final Operations delegate;
    private final Function<ApiCall<?>, PreparedRequest> describe;
    private final Supplier<String> where;
    private final Consumer<PlanStep> sink;
    private final AtomicInteger number = new AtomicInteger();

    public RecordingOperations(Operations delegate, Function<ApiCall<?>, PreparedRequest> describe,
                               Supplier<String> where, Consumer<PlanStep> sink) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.describe = Objects.requireNonNull(describe, "describe");
        this.where = Objects.requireNonNull(where, "where");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    @Override public <T> T call(ApiCall<T> call) {
        if (!call.mutating()) return delegate.call(call);
        PreparedRequest request = describe.apply(call);
        String location = where.get();
        T answer;
        try {
            answer = delegate.call(call);
        } catch (AcsException e) {
            sink.accept(new PlanStep(number.incrementAndGet(), location, request, null, e.getMessage()));
            throw e;
        }
        sink.accept(new PlanStep(number.incrementAndGet(), location, request, answer instanceof Command c ? c : null, null));
        return answer;
    }

    @Override public String toString() {
        return "RecordingOperations[" + delegate + "]";
    }
}
