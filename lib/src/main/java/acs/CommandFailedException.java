package acs;

/** A command ended PUBLISH_FAILED, or DONE with a result other than "200". Carries the final command. */
public class CommandFailedException extends AcsException {
    private final transient Command command;
    private final transient com.fasterxml.jackson.databind.JsonNode raw;

    public CommandFailedException(Command command) {
        this(command, null);
    }

    /** @param raw the command as the server last sent it, or null */
    public CommandFailedException(Command command, com.fasterxml.jackson.databind.JsonNode raw) {
        super("command " + command.commandId() + " (" + command.name() + ") failed: " + why(command));
        this.command = command;
        this.raw = raw;
    }

    /** How a command failed, without naming it: {@code status PUBLISH_FAILED, result …, message; at the failing step}. */
    public static String why(Command command) {
        return "status " + command.status()
                + (command.result().isEmpty() ? "" : ", result " + command.result())
                + (command.resultMsg().isEmpty() ? "" : ", " + command.resultMsg())
                + command.failure().filter(f -> !repeats(command.resultMsg(), f)).map(f -> "; at " + f).orElse("");
    }

    /** The failed command as the server sent it (unknown fields kept), or null when not known. */
    public com.fasterxml.jackson.databind.JsonNode raw() { return raw; }

    /** The failed step adds nothing when resultMsg already quotes its message. */
    private static boolean repeats(String resultMsg, String failure) {
        int colon = failure.indexOf(": ");
        return !resultMsg.isEmpty() && colon > 0 && resultMsg.contains(failure.substring(colon + 2));
    }

    public Command command() { return command; }

    @Override public int exitCode() { return EXIT_COMMAND_FAILED; }
}
