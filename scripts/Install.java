///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES acs/cli/CliSources.java

import acs.InvalidInputException;
import acs.cli.Cli;
import acs.cli.launch.Launcher;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Installs the direct launcher: {@code acs} as one JVM with a class archive, beside its completion script. */
@Command(name = "install", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Install 'acs' as a direct launcher in DIR (default $HOME/.local/bin).", "One JVM, no JBang in front, C1, SerialGC and a class",
                "archive trained on a typical run (an AOT cache on JDK 25+, AppCDS before), with its bash/zsh completion script beside it.",
                "It uses the newest JDK 25+ it finds (JAVA_HOME, java on PATH, /usr/lib/jvm, SDKMAN, JBang's JDKs), else this one, and keeps it.",
                "The launcher says when the toolkit it came from has changed: run 'acs install' again then."},
        footer = {"", "Examples:", "  ./jbang acs install", "  ./jbang acs install --dir ~/bin --java /usr/lib/jvm/temurin-25-jdk-amd64",
                "  acs install --remove"})
public class Install implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR", description = "Where to install (default: the installed launcher's own folder when it runs this, else $HOME/.local/bin).")
    Path dir;

    @Option(names = "--java", paramLabel = "JDK", description = "The JDK to run with: its home or its bin/java (default: the newest JDK 25+ found, else this one).")
    Path java;

    @Option(names = "--remove", description = "Remove the launcher, its files and its completion script from DIR.")
    boolean remove;

    @Override public Integer call() throws Exception {
        // Run by an installed launcher, its own folder is the default (one installed with --dir is found again).
        String stamp = System.getProperty("acs.launch.stamp");
        Path own = stamp == null || stamp.isEmpty() ? null : Path.of(stamp).getParent().getParent();
        Path target = dir != null ? dir : own != null ? own : Launcher.defaultDir(System.getenv());
        if (remove) {
            if (java != null) throw new InvalidInputException("--java", "does not go with --remove");
            Launcher.remove(target, System.err);
        } else {
            Launcher.install(target, java, System.getenv(), System.err);
        }
        return 0;
    }

    public static void main(String... args) {
        System.exit(Cli.run(new Install(), args));
    }
}
