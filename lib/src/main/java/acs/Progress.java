package acs;

/**
 * One thing a waiter saw appear: a new status ({@code activity} and {@code step} null), a new
 * activity ({@code step} null), or a new step of an activity.
 */
public record Progress(Command command, Activity activity, Step step) {
    /** One line for a person: {@code status RUNNING}, {@code PrepareParams}, {@code StartContainer (container 2) / pull image: 200}. */
    public String describe() {
        if (activity == null) return "status " + command.status() + (command.result().isEmpty() ? "" : " result " + command.result());
        String name = activity.name() + which();
        if (step == null) return name;
        return name + " / " + step.stepName() + ": " + step.status() + (step.msg().isEmpty() ? "" : " " + step.msg());
    }

    /**
     * The API names an activity per container the same (StartContainer, StopContainer) without its
     * container: the n-th of them is the node's n-th container, so a person can tell two apart.
     */
    private String which() {
        int n = 0;
        for (Activity a : command.activities()) {
            if (a.name().equals(activity.name())) n++;
            if (a == activity) break;
        }
        if (activity.name().endsWith("Container")) return " (container " + Math.max(n, 1) + ")";
        return n > 1 ? " #" + n : "";
    }
}
