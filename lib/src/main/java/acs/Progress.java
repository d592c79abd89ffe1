package acs;

/**
 * One thing a waiter saw appear: a new status ({@code activity} and {@code step} null), a new
 * activity ({@code step} null), or a new step of an activity.
 */
public record Progress(Command command, Activity activity, Step step) {
    /** One line for a person: {@code RUNNING}, {@code StartContainer}, {@code StartContainer / pull image: 200}. */
    public String describe() {
        if (activity == null) return "status " + command.status() + (command.result().isEmpty() ? "" : " result " + command.result());
        if (step == null) return activity.name();
        return activity.name() + " / " + step.stepName() + ": " + step.status() + (step.msg().isEmpty() ? "" : " " + step.msg());
    }
}
