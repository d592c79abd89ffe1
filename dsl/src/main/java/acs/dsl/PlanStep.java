package acs.dsl;

import acs.Command;
import acs.wire.PreparedRequest;

/**
 * One change a script made (or, in a dry run, would have made): where in the script, the
 * request as it would go to the target (signature redacted by {@link PreparedRequest#describe()}),
 * and the answer: the command started, or the error that refused it.
 */
public record PlanStep(int number, String location, PreparedRequest request, Command answer, String error) {
    /** {@code # 1. deploy.groovy:3} then the request, as {@code --dry-run} prints it. */
    public String describe() {
        return "# " + number + ". " + location + "\n" + request.describe();
    }
}
