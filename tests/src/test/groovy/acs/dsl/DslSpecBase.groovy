package acs.dsl

import acs.AcsException
import acs.UploadStart
import acs.WaitOptions
import acs.cli.Cli
import acs.sim.AccessLogEntry
import acs.sim.SimConfig
import acs.sim.Simulator
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.CopyOnWriteArrayList
import java.util.function.Consumer
import spock.lang.AutoCleanup
import spock.lang.Specification

/**
 * A fresh in-process simulator per feature (200 ms commands, the demo seed plus six generated
 * nodes: service 20001 has 700001, 700003, 700005; service 20002 has 700002, 700004, 700006),
 * and helpers that run DSL scripts against it, directly or through {@code acs run}.
 */
abstract class DslSpecBase extends Specification {
    static final Path REPO = Path.of(System.getProperty('acs.repo', '..')).toAbsolutePath().normalize()
    static final Path EXAMPLES = REPO.resolve('dsl/examples')

    /** Set by a feature to see every access-log line as it happens (e.g. to clear a fault at the right moment). */
    final List<Closure<?>> accessLogListeners = new CopyOnWriteArrayList<>()

    @AutoCleanup
    Simulator sim = Simulator.start(SimConfig.defaults().withCommandDuration(Duration.ofMillis(200)).withExtraNodes(6)
            .withAccessLogSink({ String line -> accessLogListeners.each { it.call(line) } } as Consumer<String>))

    final StringWriter errText = new StringWriter()
    final List<Duration> pauses = new CopyOnWriteArrayList<>()

    DslContext context(Operations ops = Operations.of(sim.client())) {
        DslContext.of(ops)
                .withErr(new PrintWriter(errText, true))
                .withWaitOptions(WaitOptions.DEFAULT.withDelays(Duration.ofMillis(10), Duration.ofMillis(50)))
                .withPauseSleeper({ Duration d -> pauses << d } as acs.lifecycle.Waiter.Sleeper)
    }

    /** Compiles (type-checked) and runs a script against the simulator. */
    Object run(String source, Map<String, String> params = [:], Operations ops = Operations.of(sim.client())) {
        DslScript.compile('script.groovy', source, false).run(context(ops).withParams(params))
    }

    String getErr() { errText.toString() }

    List<AccessLogEntry> changes() {
        sim.accessLog().findAll { it.method() in ['POST', 'DELETE'] }
    }

    List<String> changeLines() {
        changes().collect { it.method() + ' ' + it.path() }
    }

    /** Deploys a first package to a node so that version 1 exists for redeploys. */
    void deployed(long nodeId) {
        def c = sim.client().uploadStart(nodeId, UploadStart.of('http://repo.example.com/app-1.0.war'))
        sim.client().waitFor(c.commandId(), WaitOptions.DEFAULT.withDelays(Duration.ofMillis(10), Duration.ofMillis(50)))
    }

    /** Runs {@code acs run ARGS} in process against the simulator: [exit, stdout, stderr]. */
    Map cli(String... args) {
        def out = new StringWriter(), err = new StringWriter()
        def line = Cli.commandLine(Class.forName('Run').getDeclaredConstructor().newInstance())
        line.out = new PrintWriter(out, true)
        line.err = new PrintWriter(err, true)
        List<String> all = ['--endpoint', sim.endpoint().toString(), '--access-key', sim.accessKey(), '--secret-key', sim.secretKey()]
        all.addAll(args)
        int exit = line.execute(all as String[])
        [exit: exit, out: out.toString(), err: err.toString()]
    }

    /** A script file in a temp directory, for {@code acs run}. */
    Path scriptFile(String name, String source) {
        Path dir = Files.createTempDirectory('acs-dsl-spec')
        dir.toFile().deleteOnExit()
        Path f = dir.resolve(name)
        Files.writeString(f, source)
        f.toFile().deleteOnExit()
        f
    }

    static int exitOf(Throwable t) {
        (t as AcsException).exitCode()
    }
}
