package acs.cli;

import java.util.List;

/** The table of {@code acs journal -o table}. */
public final class JournalTable {
    private JournalTable() {}

    public static final Table TABLE = new Table(List.of(
            new Table.Column("ENTRY", n -> n.path("id").asText(), false),
            new Table.Column("TIME", n -> seconds(n.path("time").asText()), false),
            new Table.Column("OPERATION", n -> n.path("operation").asText(), false),
            new Table.Column("TARGET", n -> n.hasNonNull("node") ? "node " + n.get("node").asText()
                    : n.hasNonNull("container") ? "container " + n.get("container").asText() : "", false),
            new Table.Column("WHAT", JournalTable::what, false),
            new Table.Column("STATE", n -> n.path("state").asText(), false),
            new Table.Column("COMMAND_ID", n -> n.path("commandId").asText(""), false),
            new Table.Column("USER", n -> n.path("operator").asText(""), false),
            new Table.Column("ENDPOINT", n -> n.path("endpoint").asText(""), false),
            new Table.Column("RUN", n -> n.path("run").asText(""), true),
            new Table.Column("PROFILE", n -> n.path("profile").asText(""), true),
            new Table.Column("DETAIL", n -> n.path("detail").asText(""), true)));

    /** What was asked: the parameters sent (url=…, version=…), as the journal keeps them. */
    static String what(com.fasterxml.jackson.databind.JsonNode n) {
        StringBuilder b = new StringBuilder();
        n.path("params").fields().forEachRemaining(e -> b.append(b.length() == 0 ? "" : " ").append(e.getKey()).append('=').append(e.getValue().asText()));
        return b.toString();
    }

    /** 2026-12-07T13:03:52.750277864Z as 2026-12-07T13:03:52Z: a person reads seconds (json keeps the whole). */
    static String seconds(String time) {
        int dot = time.indexOf('.');
        return dot < 0 ? time : time.substring(0, dot) + "Z";
    }

    /** The table of {@code acs journal --runs -o table}. */
    public static final Table RUNS = new Table(List.of(Table.col("RUN", "run"), Table.col("STARTED", "started"), Table.col("WHAT", "what"),
            Table.col("STATE", "state"), Table.col("DONE", "done"), Table.col("FAILED", "failed"), Table.col("UNKNOWN", "unknown"),
            Table.col("LEFT", "left"), Table.wide("ATTEMPTS", "attempts"), Table.wide("ENDPOINT", "endpoint")));
}
