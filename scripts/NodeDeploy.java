///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES acs/cli/CliSources.java

import acs.ApiCall;
import acs.DeployMethod;
import acs.UploadStart;
import acs.cli.Cli;
import acs.cli.GlobalOptions;
import acs.cli.MutationOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** uploadStart: deploy a package from a URL to a node. */
@Command(name = "node-deploy", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Deploy a package from a URL to a node (uploadStart). Each deploy records a new version for node-redeploy.",
        footer = {"", "Examples:",
                "  acs node-deploy 610474 --url http://repo.example.com/app-1.2.war --wait",
                "  acs node-deploy 610474 --url http://repo.example.com/app-1.2.war --method SEQUENTIAL --update --comment 'v1.2'",
                "  acs node-deploy 610474 --url http://repo.example.com/app-1.2.war --dry-run"})
public class NodeDeploy implements Callable<Integer> {
    @Mixin GlobalOptions global;
    @Mixin MutationOptions mutation;

    @Parameters(index = "0", paramLabel = "NODE_ID", description = "Node id, e.g. 610474.")
    long nodeId;

    @Option(names = "--url", required = true, paramLabel = "URL", description = "http(s) URL of the package (upload it first, e.g. to OSS).")
    String url;

    @Option(names = "--method", paramLabel = "METHOD", description = "PARALLEL (all containers at once, the default) or SEQUENTIAL (one at a time).")
    String method;

    @Option(names = "--update", description = "Recreate the containers instead of restarting them.")
    boolean update;

    @Option(names = "--comment", paramLabel = "TEXT", description = "A note kept with the version.")
    String comment;

    @Override public Integer call() {
        UploadStart p = UploadStart.of(url).comment(comment);
        if (method != null) p = p.method(DeployMethod.parse(method));
        if (update) p = p.update(true);
        return mutation.execute(global, ApiCall.uploadStart(nodeId, p));
    }

    public static void main(String... args) {
        System.exit(Cli.run(new NodeDeploy(), args));
    }
}
