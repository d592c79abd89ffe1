package acs.dsl

import acs.NodeStatus
import acs.sim.CommandFault
import java.nio.file.Files

/** Every script of dsl/examples runs, through acs run, against the simulator. */
class ExamplesSpec extends DslSpecBase {

    String example(String name) {
        def f = EXAMPLES.resolve(name)
        assert Files.isRegularFile(f)
        f.toString()
    }

    def "every example type-checks"() {
        expect:
        Files.list(EXAMPLES).withCloseable { it.toList() }.findAll { it.toString().endsWith('.groovy') }.each {
            assert DslScript.compile(it, false).typeChecked()
        }
    }

    def "deploy-one deploys one package to one node"() {
        when:
        def r = cli(example('deploy-one.groovy'), '-Purl=http://repo.example.com/app-1.2.war')

        then:
        r.exit == 0
        changeLines() == ['POST /api/v1/node/610474/uploadStart']
        sim.state().versions(610474)*.url() == ['http://repo.example.com/app-1.2.war']
        r.err.contains('正式环境: RUNNING, image registry.acs.aliyun.com/open/tomcat7:3.0.0, 2 container(s)')
    }

    def "rolling-deploy deploys every running node of a service in batches"() {
        when:
        def r = cli(example('rolling-deploy.groovy'), '-Pservice=20001', '-Purl=http://repo.example.com/app-1.3.war', '-Ppause=0s')

        then:
        r.exit == 0
        changeLines().sort() == ['POST /api/v1/node/700001/uploadStart', 'POST /api/v1/node/700003/uploadStart', 'POST /api/v1/node/700005/uploadStart']
        r.err.contains('acs: rollout: batch 2/2: node 700005')
    }

    def "rolling-deploy stops at a failed node: the next batch is not started, exit 6"() {
        given:
        sim.faults().onNode(700001, CommandFault.START_FAILED)

        when:
        def r = cli(example('rolling-deploy.groovy'), '-Pservice=20001', '-Purl=http://repo.example.com/app-1.3.war', '-Ppause=0s')

        then:
        r.exit == 6
        r.err.contains('rolling-deploy.groovy:9: rollout failed: 1 failure (maxFailures 0); 1 succeeded, 1 failed, 1 skipped')
        !changeLines().any { it.contains('700005') }
    }

    def "stop-environment stops the running nodes of one environment and no other"() {
        when:
        def r = cli(example('stop-environment.groovy'), '-Penv=预发')

        then:
        r.exit == 0
        changeLines().sort() == ['POST /api/v1/node/610247/stop', 'POST /api/v1/node/700002/stop', 'POST /api/v1/node/700005/stop']
        def statuses = sim.state().nodes().collectEntries { [(it.id()): it.status()] }
        statuses.findAll { it.value == NodeStatus.STOPPED }.keySet() == [610247L, 700002L, 700005L] as Set
        r.err.contains('stopped 3 node(s) of 预发: 610247, 700002, 700005')
    }

    def "redeploy-on-failure goes back to the known-good version when the deploy fails, and still exits 6"() {
        given: 'version 1 is known good; the next deploy fails (the fault is cleared once it is created)'
        deployed(610474)
        sim.faults().onNode(610474, CommandFault.RESULT_FAILED)
        accessLogListeners << { String line -> if (line.startsWith('POST /api/v1/node/610474/uploadStart')) sim.faults().clear() }
        sim.clearAccessLog()

        when:
        def r = cli(example('redeploy-on-failure.groovy'), '-Purl=http://repo.example.com/app-1.3.war', '-Pgood=1')

        then:
        r.exit == 6
        changeLines() == ['POST /api/v1/node/610474/uploadStart', 'POST /api/v1/node/610474/historyStart']
        r.err.contains('redeploying known-good version 1')
        r.err.contains('node 610474: back on version 1')
        r.err.contains('redeploy-on-failure.groovy:13: command ')
        def last = sim.state().commands()[-1]
        last.name() == 'node_history_start' && last.succeeded()
    }

    def "redeploy-on-failure without a failure just deploys"() {
        when:
        def r = cli(example('redeploy-on-failure.groovy'), '-Purl=http://repo.example.com/app-1.3.war', '-Pgood=1')

        then:
        r.exit == 0
        changeLines() == ['POST /api/v1/node/610474/uploadStart']
    }
}
