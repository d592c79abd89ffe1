package acs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.burt.jmespath.Expression;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How a command prints (-o, --query, -v): all that a command which only reads the journal or the
 * store takes ({@code journal}, {@code history}, {@code run-status}, {@code lease}), so that it
 * refuses connection options it would ignore. {@link GlobalOptions} adds the connection.
 */
public class OutputOptions {
    @Spec(Spec.Target.MIXEE) CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "json (default, the API's own field names), yaml, table or wide.")
    Output.Format output = Output.Format.json;

    @Option(names = "--query", paramLabel = "JMESPATH", description = "JMESPath expression applied to the data before output, e.g. '[].{id:id,status:status}'.")
    String query;

    boolean verbose;

    // A setter, so the run's error handler learns it too; the default makes picocli set it at every parse.
    @Option(names = {"-v", "--verbose"}, defaultValue = "false", description = "Show each request and response on stderr (Authorization redacted) and stack traces.")
    void verbose(boolean on) {
        verbose = on;
        RunSession.of(spec.commandLine()).verbose(on);
    }

    public PrintWriter out() { return spec.commandLine().getOut(); }
    public PrintWriter err() { return spec.commandLine().getErr(); }

    /** The journal and the runs: the store ACS_STORE names, else the {@code store} of ACS_PROFILE's (or the default) profile, else the acs home's files. */
    public acs.journal.Journal journal() {
        return Connections.journal(null);
    }

    public Expression<JsonNode> compiledQuery() {
        return query == null ? null : Output.query(query);
    }

    public void print(JsonNode data, Table table) {
        Output.print(out(), data, output, compiledQuery(), table);
    }
}
