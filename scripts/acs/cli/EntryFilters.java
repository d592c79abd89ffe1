package acs.cli;

import acs.InvalidInputException;
import acs.Durations;
import acs.journal.EntryQuery;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import picocli.CommandLine.Option;

/** The filters of {@code acs journal} and {@code acs history}: one set, the store's own query ({@link EntryQuery}). */
public final class EntryFilters {
    @Option(names = "--node", paramLabel = "ID", split = ",", description = "Only changes to these nodes (repeat, or comma-separated).")
    List<Long> nodes;

    @Option(names = "--since", paramLabel = "DURATION", description = "Only changes made or updated in this past span, e.g. 1h, 7d.")
    String since;

    @Option(names = "--user", paramLabel = "U", description = "Only changes by this operator: ACS_OPERATOR, or user@host, or the user alone.")
    String user;

    @Option(names = "--run", paramLabel = "RUN", description = "Only the changes of this run.")
    String run;

    @Option(names = "--limit", paramLabel = "N", description = "Only the newest N changes (default: all), still listed oldest first: the newest last.")
    Integer limit;

    /** Whether any filter was given. */
    public boolean any() {
        return nodes != null || since != null || user != null || run != null || limit != null;
    }

    /** The query with these filters (bad input: exit 2 naming the option). */
    public EntryQuery apply(EntryQuery q) {
        if (limit != null && limit < 1) throw new InvalidInputException("--limit", limit + " must be at least 1 (without --limit: every change)");
        return q.withNodes(nodes == null ? null : new HashSet<>(nodes)).withOperator(user).withRun(run).withLimit(limit == null ? 0 : limit)
                .withSince(since == null ? null : Instant.now().minus(Durations.positive("--since", since)));
    }
}
