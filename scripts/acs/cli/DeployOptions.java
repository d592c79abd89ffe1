package acs.cli;

import acs.DeployMethod;
import picocli.CommandLine.Option;

/** --method and --update, as node-deploy, node-redeploy and node-start take them; absent means the server's default. */
public final class DeployOptions {
    @Option(names = "--method", paramLabel = "METHOD", completionCandidates = DeployOptions.Methods.class, description = "PARALLEL (all containers at once, the server's default) or SEQUENTIAL (one at a time).")
    String method;

    @Option(names = "--update", description = "Recreate the containers instead of restarting them.")
    boolean update;

    /** The parsed method, or null when not given (bad input: exit 2 naming --method). */
    public DeployMethod method() {
        return method == null ? null : DeployMethod.parse(method);
    }

    /** true when --update was given, else null: the parameter is then not sent. */
    public Boolean update() {
        return update ? Boolean.TRUE : null;
    }

    /** Completion of --method: the API's two methods. */
    static final class Methods implements Iterable<String> {
        @Override public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(acs.DeployMethod.values()).filter(m -> !m.name().equals("UNKNOWN")).map(Enum::name).iterator();
        }
    }
}
