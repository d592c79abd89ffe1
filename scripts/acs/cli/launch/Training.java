package acs.cli.launch;

import acs.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The run that {@code acs install} records its class archive from: a node-get and a dry run of a
 * small DSL script in one JVM, so both the CLI's classes and Groovy's runtime start from the archive.
 * Against the embedded simulator of a throwaway ACS_HOME (the caller sets it), where the script is
 * kept too: a second run finds its classes in the cache, as a user's repeated {@code acs run} does.
 */
public final class Training {
    private Training() {}

    public static void main(String... args) throws Exception {
        Path script = Path.of(System.getenv("ACS_HOME"), "training.groovy");
        Files.writeString(script, "node(610474) { echo \"${name}: ${status}\" }\n");
        Cli.executeUmbrella("node-get", "610474", "-o", "table");
        Cli.executeUmbrella("run", script.toString(), "--dry-run");
    }
}
