package acs.dsl;

import acs.AcsException;
import java.util.List;
import java.util.stream.Collectors;

/** The script does not compile or does not type-check: nothing ran, nothing was sent (exit 2). */
public class ScriptCheckException extends AcsException {
    private final transient List<ScriptProblem> problems;

    public ScriptCheckException(List<ScriptProblem> problems) {
        super(problems.stream().map(ScriptProblem::describe).collect(Collectors.joining("\n"))
                + (problems.size() > 1 ? "\n" + problems.size() + " problems; nothing was run" : "\nnothing was run"));
        this.problems = List.copyOf(problems);
    }

    public List<ScriptProblem> problems() { return problems; }

    @Override public int exitCode() { return EXIT_USAGE; }
}
