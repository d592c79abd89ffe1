///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// Start-up (docs/PERFORMANCE.md): C1 only and SerialGC for a short-lived CLI; no Groovy closure probing by picocli
// (it initialises the Groovy runtime, ~0.3 s, because acs run puts Groovy on the class path); AppCDS of the script;
// JVM messages only on stderr, errors only (stdout is data: CDS warns about picocli's Java 5 classes when it dumps).
//JAVA_OPTIONS -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dpicocli.disable.closures=true -Djdk.httpclient.keepalive.timeout=20 -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 -Xlog:disable -Xlog:all=error:stderr -Xshare:auto
//CDS
//SOURCES acs/cli/CliSources.java
//SOURCES CommandGet.java
//SOURCES CommandWait.java
//SOURCES Configure.java
//SOURCES ContainerGet.java
//SOURCES ContainerList.java
//SOURCES ContainerStart.java
//SOURCES ContainerStop.java
//SOURCES HostGet.java
//SOURCES History.java
//SOURCES HostList.java
//SOURCES ImageList.java
//SOURCES Install.java
//SOURCES JournalCommand.java
//SOURCES LeaseCommand.java
//SOURCES NodeDelete.java
//SOURCES NodeDeploy.java
//SOURCES NodeGet.java
//SOURCES NodeList.java
//SOURCES NodeRedeploy.java
//SOURCES NodeStart.java
//SOURCES NodeStop.java
//SOURCES Resume.java
//SOURCES Run.java
//SOURCES RunStatus.java
//SOURCES ServiceGet.java
//SOURCES ServiceList.java
//SOURCES Shell.java
//SOURCES Sim.java

import acs.cli.Cli;
import acs.cli.launch.WarmUp;
import acs.dsl.DslScript;
import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The umbrella: every operation as a subcommand ({@code acs node-list}, {@code acs node-deploy ...}). */
@Command(name = "acs", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Toolkit for the ACS/EWS container-service OpenAPI: nodes, containers, deploy commands.",
        footer = {"", "With nothing configured (no --endpoint, ACS_* variable or profile), commands run against an embedded",
                "simulator seeded with the documents' examples, its state kept in ~/.acs/sim-state.json; partial",
                "configuration is an error (exit 3) that says what is missing.", "",
                "Examples:", "  acs node-list -o table", "  acs node-deploy 610474 --url http://repo.example.com/app-1.2.war --wait",
                "  acs sim --port 8080", "  source <(acs completion)", "", Cli.EXIT_CODES})
public class Acs implements Runnable {
    /** The subcommands, in help order. */
    static final List<Class<?>> COMMANDS = List.of(
            NodeList.class, NodeGet.class, NodeDeploy.class, NodeRedeploy.class, NodeStart.class, NodeStop.class, NodeDelete.class,
            CommandGet.class, CommandWait.class, JournalCommand.class, Resume.class, RunStatus.class, History.class, LeaseCommand.class, ServiceList.class, ServiceGet.class,
            ContainerList.class, ContainerGet.class, ContainerStart.class, ContainerStop.class,
            ImageList.class, HostList.class, HostGet.class,
            Run.class, Sim.class, Configure.class, Shell.class, Install.class, acs.cli.ResidentCommand.class, Acs.Completion.class);

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /**
     * The command line for these arguments. Building picocli's model of every subcommand costs
     * ~0.25 s at each start, so when the first argument names one, only that one is built, and
     * {@code acs --version} builds none; help, typos and completion get them all.
     */
    public static CommandLine commandLine(String... args) {
        CommandLine cl = Cli.newCommandLine(new Acs());
        String first = args.length == 0 ? "" : args[0];
        if (args.length == 1 && (first.equals("--version") || first.equals("-V"))) return Cli.configure(cl);
        boolean one = COMMANDS.stream().anyMatch(c -> name(c).equals(first)) && !first.equals("completion");
        for (Class<?> c : COMMANDS) {
            if (!one || name(c).equals(first)) cl.addSubcommand(instance(c));
        }
        return Cli.configure(cl);
    }

    private static String name(Class<?> c) {
        return c.getAnnotation(Command.class).name();
    }

    private static Object instance(Class<?> c) {
        try {
            return c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    public static void main(String... args) {
        WarmUp.start(args);
        if (args.length > 0 && args[0].equals("run")) DslScript.warmUp();
        int code = Cli.execute(commandLine(args), args);
        if (code == 0) acs.cli.launch.ResidentClient.afterOwnJvm(args);   // the installed launcher's next commands skip the JVM start
        System.exit(code);
    }

    /** {@code source <(acs completion)}: bash and zsh completion of every command and option. */
    @Command(name = "completion", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
            description = "Print a bash/zsh completion script: source <(acs completion)  (zsh: autoload -U +X bashcompinit && bashcompinit first).")
    static class Completion implements Runnable {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override public void run() {
            String script = AutoComplete.bash("acs", spec.parent().commandLine());
            // --profile offers the profiles of the config file as it is when Tab is pressed (picocli's values are fixed at generation)
            script = script.replace("    '--profile')\n      return\n      ;;", "    '--profile')\n      local IFS=$'\\n'\n"
                    + "      local profiles=( $(_acs_profiles) )\n      COMPREPLY=( $( compReplyArray \"${profiles[@]}\" ) )\n      return $?\n      ;;");
            spec.commandLine().getOut().print(script + PROFILES);
            spec.commandLine().getOut().flush();
        }

        /** The profile names of ACS_HOME's (else ~/.acs's) config.json or config.properties, one a line (names are letters, digits, _ and -). */
        static final String PROFILES = """

                # Profile names for --profile, read from the config file when Tab is pressed.
                function _acs_profiles() {
                  local home="${ACS_HOME:-$HOME/.acs}"
                  if [[ -f "$home/config.json" ]]; then
                    grep -o '"[A-Za-z0-9_-]*"[[:space:]]*:[[:space:]]*{' "$home/config.json" 2>/dev/null | sed 's/^"\\([^"]*\\)".*/\\1/' | grep -vx profiles
                  elif [[ -f "$home/config.properties" ]]; then
                    sed -n 's/^[[:space:]]*\\([A-Za-z0-9_-]*\\)\\.[A-Za-z]*[[:space:]]*[=:].*/\\1/p' "$home/config.properties" 2>/dev/null | sort -u
                  fi
                }
                """;
    }
}
