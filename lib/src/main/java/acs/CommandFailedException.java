package acs;

/** A command ended PUBLISH_FAILED, or DONE with a result other than "200". Carries the final command. */
public class CommandFailedException extends AcsException {
    private final transient Command command;

    public CommandFailedException(Command command) {
        super("command " + command.commandId() + " (" + command.name() + ") failed: status " + command.status()
                + (command.result().isEmpty() ? "" : ", result " + command.result())
                + (command.resultMsg().isEmpty() ? "" : ", " + command.resultMsg())
                + command.failure().map(f -> "; at " + f).orElse(""));
        this.command = command;
    }

    public Command command() { return command; }

    @Override public int exitCode() { return EXIT_COMMAND_FAILED; }
}
