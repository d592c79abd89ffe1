package acs.dsl

import acs.AcsException
import acs.ApiException
import acs.CommandFailedException
import acs.CommandStatus
import acs.InvalidInputException
import acs.NodeStatus
import acs.WaitTimeoutException
import acs.sim.CommandFault

/** node(id) { ... }, node handles, their verbs and waitDone, against the simulator. */
class NodeBlockSpec extends DslSpecBase {

    def "the issue's example deploys a package to node 610474 and waits for it"() {
        when:
        run("node(610474) { deploy url: 'http://repo.example.com/app-1.2.war', method: SEQUENTIAL; waitDone() }")

        then: 'exactly one change was sent, with the given parameters, and it finished'
        changeLines() == ['POST /api/v1/node/610474/uploadStart']
        def versions = sim.state().versions(610474)*.url()
        versions == ['http://repo.example.com/app-1.2.war']
        def commands = sim.state().commands()
        commands.size() == 1 && commands[0].succeeded()
        err.contains('node 610474: deploy -> command ')
        err =~ /command \S+ \(node_upload_start\) succeeded/
    }

    def "a node block is delegated to the node: properties and the handle as argument"() {
        when:
        def seen = run('''
            List inside = []
            node(610474) { n ->
                assert n.is(delegate)
                inside.addAll([id, name, status, imageName, serviceId, containers*.id])
            }
            def n = node(610474)
            [inside, [n.id, n.name, n.status, n.imageName, n.serviceId, n.containers*.id]]
        ''')

        then:
        seen[0] == seen[1]
        seen[0] == [610474L, '正式环境', NodeStatus.RUNNING, 'registry.acs.aliyun.com/open/tomcat7:3.0.0', 12209L, [16634L, 16636L]]
        changes().isEmpty()
    }

    def "every verb sends its request with the named arguments, and properties refresh after a command"() {
        given:
        deployed(610474)

        when:
        def statuses = run('''
            def n = node(610474)
            List<Object> seen = [n.status]
            n.stop(method: SEQUENTIAL); n.waitDone()
            seen << n.status
            n.start(image: 'registry.acs.aliyun.com/open/jetty9', tag: '1.0.0', method: PARALLEL, update: true); n.waitDone(timeout: '1m')
            seen << n.status << n.imageName
            n.redeploy(version: 1, method: SEQUENTIAL, update: false); n.waitDone()
            n.deploy(url: "http://repo.example.com/app-${2}.war", comment: 'second', update: false); n.waitDone()
            seen << n.refresh().status
        ''')

        then:
        statuses == [NodeStatus.RUNNING, NodeStatus.STOPPED, NodeStatus.RUNNING, 'registry.acs.aliyun.com/open/jetty9:1.0.0', NodeStatus.RUNNING]
        changeLines() == ['POST /api/v1/node/610474/uploadStart',      // deployed(...) in given:
                          'POST /api/v1/node/610474/stop', 'POST /api/v1/node/610474/start',
                          'POST /api/v1/node/610474/historyStart', 'POST /api/v1/node/610474/uploadStart']
        def comments = sim.state().versions(610474)*.comment()
        comments == ['', 'second']
    }

    def "delete removes the node"() {
        when:
        run('node(700006) { delete(); waitDone() }')
        run('node(700006).refresh()')

        then:
        def e = thrown(ScriptFailedException)
        e.cause instanceof ApiException
        e.exitCode() == AcsException.EXIT_API
        changeLines() == ['DELETE /api/v1/node/700006']
    }

    def "waitDone(cmd) waits for a given command, also at the top level"() {
        when:
        def status = run('''
            def c = node(610474).deploy(url: 'http://repo.example.com/a.war')
            waitDone(timeout: '1m', c).status
        ''')

        then:
        status == CommandStatus.DONE
    }

    def "a failed command fails the script at once with its line and exit 6"() {
        given:
        sim.faults().onNode(610474, CommandFault.RESULT_FAILED)

        when:
        run('''
            node(610474) {
                deploy url: 'http://repo.example.com/app-1.2.war'
                waitDone(timeout: '10m')
                echo 'not reached'
            }''')

        then:
        def e = thrown(ScriptFailedException)
        e.cause instanceof CommandFailedException // the command's failure, not the 10 minutes' timeout (that is a WaitTimeoutException)
        e.exitCode() == 6
        e.location() == 'script.groovy:4'
        e.message.startsWith('script.groovy:4: command ')
        !err.contains('not reached')
    }

    def "a command that never finishes is a timeout: exit 7"() {
        given:
        sim.faults().onNode(610474, CommandFault.NEVER_FINISHES)

        when:
        run("node(610474) { stop(); waitDone(timeout: '300ms') }")

        then:
        def e = thrown(ScriptFailedException)
        e.cause instanceof WaitTimeoutException
        e.exitCode() == 7
    }

    def "onFailure in a node block runs, delegated to the node, and the script still fails"() {
        given:
        deployed(610474)
        // the deploy fails; the fault is cleared once it is created, so the redeploy succeeds
        sim.faults().onNode(610474, CommandFault.RESULT_FAILED)
        accessLogListeners << { String line -> if (line.startsWith('POST /api/v1/node/610474/uploadStart')) sim.faults().clear() }

        when:
        run('''
            node(610474) {
                onFailure { node, error ->
                    echo "rolling back ${node.id} after: ${error.message}"
                    redeploy version: 1
                    waitDone()
                }
                deploy url: 'http://repo.example.com/app-2.war'
                waitDone()
            }''')

        then:
        def e = thrown(ScriptFailedException)
        e.exitCode() == 6
        err.contains('rolling back 610474 after: command ')
        changeLines()[-2..-1] == ['POST /api/v1/node/610474/uploadStart', 'POST /api/v1/node/610474/historyStart']
        def last = sim.state().commands()[-1]
        last.name() == 'node_history_start' && last.succeeded()
    }

    def "an onFailure handler that fails too is reported with the original error"() {
        given:
        sim.faults().onNode(610474, CommandFault.RESULT_FAILED)

        when:
        run('''
            node(610474) {
                onFailure { error -> redeploy version: 99 }
                deploy url: 'http://repo.example.com/app-2.war'
                waitDone()
            }''')

        then:
        def e = thrown(ScriptFailedException)
        e.cause instanceof CommandFailedException
        e.cause.suppressed*.class == [ApiException]
        err.contains('onFailure failed too')
    }

    def "waitDone with nothing to wait for is a usage error"() {
        when:
        run('node(610474) { waitDone() }')

        then:
        def e = thrown(ScriptFailedException)
        e.cause instanceof InvalidInputException
        e.exitCode() == 2
        e.message == 'script.groovy:1: waitDone: node 610474 has no command to wait for: deploy, redeploy, start, stop or delete first'
        sim.accessLog().isEmpty()
    }

    def "bad values known only at run time are rejected before sending"() {
        when:
        run("def u = 'ftp://repo/app.war'\nnode(610474) { deploy url: u }")

        then:
        def e = thrown(ScriptFailedException)
        e.exitCode() == 2
        e.message.contains("url: 'ftp://repo/app.war' is not an http(s) URL")
        changes().isEmpty()
    }

    def "a bad literal value is rejected when the script is checked, before it runs"() {
        when:
        run("node(610474) { deploy url: 'ftp://repo/app.war' }")

        then:
        def e = thrown(ScriptCheckException)
        e.exitCode() == 2
        e.message.contains("url: 'ftp://repo/app.war' is not an http(s) URL")
        changes().isEmpty()
    }

    def "an unknown node is an API error: exit 4"() {
        when:
        run("node(999999) { deploy url: 'http://repo.example.com/a.war' }")

        then:
        def e = thrown(ScriptFailedException)
        e.exitCode() == 4
        e.message.startsWith('script.groovy:1: POST /api/v1/node/999999/uploadStart failed: code 1005')
    }
}
