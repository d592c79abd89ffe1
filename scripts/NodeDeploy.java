///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//JAVA_OPTIONS -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dpicocli.disable.closures=true -Djdk.httpclient.keepalive.timeout=20 -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 -Xlog:disable -Xlog:all=error:stderr -Xshare:auto
//CDS
//SOURCES acs/cli/CliSources.java

import acs.ApiCall;
import acs.UploadStart;
import acs.cli.Cli;
import acs.cli.DeployOptions;
import acs.cli.NodeCommand;
import java.util.function.LongFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** uploadStart: deploy a package from a URL to a node. */
@Command(name = "node-deploy", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Deploy a package from a URL to a node (uploadStart). Each deploy records a new version for node-redeploy.",
        footer = {"", "Examples:",
                "  acs node-deploy 610474 --url http://repo.example.com/app-1.2.war --wait",
                "  acs node-deploy 610474 --url http://repo.example.com/app-1.2.war --method SEQUENTIAL --update --comment 'v1.2'",
                "  acs node-deploy 610474 --url http://repo.example.com/app-1.2.war --dry-run",
                "  acs node-deploy 610474 610247 --url http://repo.example.com/app-1.2.war -o table",
                "  acs node-deploy --service 20001 --status RUNNING --url http://repo.example.com/app-1.2.war --batch 10 --pause 30s --rollback-version 3"})
public class NodeDeploy extends NodeCommand {
    @Mixin DeployOptions deploy;

    @Option(names = "--url", required = true, paramLabel = "URL", description = "http(s) URL of the package (upload it first, e.g. to OSS).")
    String url;

    @Option(names = "--comment", paramLabel = "TEXT", description = "A note kept with the version.")
    String comment;

    public NodeDeploy() {
        super("deploy to", false);
    }

    @Override protected LongFunction<ApiCall<acs.Command>> operation() {
        UploadStart p = new UploadStart(url, deploy.method(), deploy.update(), comment);
        return id -> ApiCall.uploadStart(id, p);
    }

    public static void main(String... args) {
        System.exit(Cli.run(new NodeDeploy(), args));
    }
}
