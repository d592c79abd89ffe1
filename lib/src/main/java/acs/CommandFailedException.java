package acs;

/** A command ended PUBLISH_FAILED, or DONE with a result other than "200". Carries the final command. */
public class CommandFailedException extends AcsException {
    private final transient Command command;

    public CommandFailedException(Command command) {
        super("command " + command.commandId() + " (" + command.name() + ") failed: status " + command.status()
                + (command.result().isEmpty() ? "" : ", result " + command.result())
                + (command.resultMsg().isEmpty() ? "" : ", " + command.resultMsg())
                + command.failure().filter(f -> !repeats(command.resultMsg(), f)).map(f -> "; at " + f).orElse(""));
        this.command = command;
    }

    /** The failed step adds nothing when resultMsg already quotes its message. */
    private static boolean repeats(String resultMsg, String failure) {
        int colon = failure.indexOf(": ");
        return !resultMsg.isEmpty() && colon > 0 && resultMsg.contains(failure.substring(colon + 2));
    }

    public Command command() { return command; }

    @Override public int exitCode() { return EXIT_COMMAND_FAILED; }
}
