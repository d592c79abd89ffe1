///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES acs/cli/CliSources.java

import acs.cli.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import jdk.jshell.tool.JavaShellToolBuilder;
import picocli.CommandLine.Command;

/** JShell with the toolkit on the class path, imports done, and a client named {@code acs}. */
@Command(name = "shell", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Open JShell with the toolkit on the class path, 'import acs.*' done and a ready client named 'acs'",
                "(configured like the CLI: environment, profile, or the embedded simulator)."},
        footer = {"", "Then try:", "  acs.nodes()", "  var cmd = acs.uploadStart(610474, UploadStart.of(\"http://repo.example.com/app.war\"))",
                "  acs.waitFor(cmd)"})
public class Shell implements Callable<Integer> {
    @Override public Integer call() throws Exception {
        Path startup = Files.createTempFile("acs-shell", ".jsh");
        startup.toFile().deleteOnExit();
        Files.writeString(startup, String.join("\n",
                "import acs.*;",
                "import acs.client.AcsClient;",
                "import java.util.*;",
                "import java.time.*;",
                // 'acs' is also a package name: import first, or 'acs.' would mean the variable
                "import acs.cli.Connections;",
                "AcsClient acs = Connections.connect();",
                "System.out.println(\"acs \" + AcsClient.VERSION + \": client 'acs' -> \" + acs.config().endpoint() + \"  (try: acs.nodes())\");",
                ""), StandardCharsets.UTF_8);
        // JShell refuses a class path with an entry that does not exist (e.g. a build's empty classes folder)
        String classPath = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> Files.exists(Path.of(e))).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        JavaShellToolBuilder.builder().start("--class-path", classPath,
                "--startup", "DEFAULT", "--startup", startup.toString(), "--execution", "local");
        return 0;
    }

    public static void main(String... args) {
        System.exit(Cli.run(new Shell(), args));
    }
}
