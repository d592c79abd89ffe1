package acs;

/** Bad input caught before anything was sent; names the parameter and what is expected. */
public class InvalidInputException extends AcsException {
    private final String parameter;

    public InvalidInputException(String parameter, String problem) {
        super(parameter + ": " + problem);
        this.parameter = parameter;
    }

    public String parameter() { return parameter; }

    @Override public int exitCode() { return EXIT_USAGE; }
}
