package acs.dsl

import acs.ApiCall
import acs.Command
import acs.fleet.RolloutFailedException
import acs.fleet.Outcome
import acs.WaitOptions
import acs.sim.CommandFault
import java.time.Duration
import java.util.concurrent.CopyOnWriteArrayList

/** rollout(nodes, batch:, pause:, maxFailures:) { ... } with onFailure, against the simulator. */
class RolloutSpec extends DslSpecBase {
    /** What the script did, in order: "send 700001" when a change is sent, "done 700001" when its wait ends. */
    final List<String> events = new CopyOnWriteArrayList<>()

    Operations recording() {
        Operations real = Operations.of(sim.client())
        Map<String, Long> nodeOf = [:].asSynchronized()
        new Operations() {
            @Override def <T> T call(ApiCall<T> call) {
                T answer = real.call(call)
                if (call.mutating()) {
                    long node = call.path().split('/')[4] as long
                    nodeOf[(answer as Command).commandId()] = node
                    events << "send ${node}".toString()
                }
                answer
            }

            @Override Command waitFor(String commandId, WaitOptions options) {
                Command c = real.waitFor(commandId, options)
                events << "done ${nodeOf[commandId]}".toString()
                c
            }
        }
    }

    def "nodes of a batch run in parallel, batches one after another, with the pause between them"() {
        when:
        def report = run('''
            rollout(nodes(service: 20001) + nodes(service: 20002), batch: 2, pause: '30s', maxFailures: 0) {
                deploy url: 'http://repo.example.com/app-1.3.war', method: SEQUENTIAL
                waitDone(timeout: '1m')
            }''', [:], recording())

        then: 'every node deployed once'
        report.results()*.outcome() == [Outcome.SUCCEEDED] * 6
        changeLines().sort() == [700001, 700002, 700003, 700004, 700005, 700006].collect { "POST /api/v1/node/$it/uploadStart".toString() }

        and: 'batch k+1 starts only once every node of batch k is done'
        def batches = [[700001, 700003], [700005, 700002], [700004, 700006]]
        batches.eachWithIndex { batch, k ->
            if (k > 0) {
                def previousDone = batches[k - 1].collect { events.indexOf("done $it".toString()) }.max()
                assert batch.every { events.indexOf("send $it".toString()) > previousDone }
            }
        }

        and: 'within a batch, both changes are sent before either command is done (they run side by side)'
        batches.every { batch ->
            def lastSend = batch.collect { events.indexOf("send $it".toString()) }.max()
            def firstDone = batch.collect { events.indexOf("done $it".toString()) }.min()
            lastSend < firstDone
        }

        and: 'two pauses, through the sleeper: no real waiting'
        pauses == [Duration.ofSeconds(30)] * 2
        err.contains('acs: rollout: batch 2/3: node 700005 (预发2), node 700002 (预发1)')
        err.contains('acs: rollout: 6 succeeded, 0 failed, 0 skipped')
    }

    def "a failing node runs onFailure, stops the rollout before the next batch, and fails the script with exit 6"() {
        given:
        [700001L, 700003L, 700005L].each { deployed(it) }
        sim.clearAccessLog()
        sim.faults().onNode(700003, CommandFault.RESULT_FAILED)

        when:
        run('''
            rollout(nodes(service: 20001), batch: 2, pause: '30s', maxFailures: 0) {
                onFailure { node, error ->
                    echo "onFailure ${node.id}: ${error.message}"
                    redeploy version: 1
                }
                deploy url: 'http://repo.example.com/app-1.3.war'
                waitDone()
            }
            echo 'after the rollout'
        ''')

        then:
        def e = thrown(ScriptFailedException)
        e.exitCode() == 6
        e.cause instanceof RolloutFailedException
        e.location() == 'script.groovy:2'
        e.message.startsWith('script.groovy:2: rollout failed: 1 failure (maxFailures 0); 1 succeeded, 1 failed, 1 skipped')
        e.message.contains('node 700003 (线上1): command ')

        and: 'onFailure ran for the failed node only, and its redeploy was sent'
        err.readLines().findAll { it.startsWith('onFailure ') }.size() == 1
        err.contains('onFailure 700003: command ')
        changeLines().sort() == ['POST /api/v1/node/700001/uploadStart', 'POST /api/v1/node/700003/historyStart',
                                 'POST /api/v1/node/700003/uploadStart']

        and: 'the later batch was not started, nor paused for'
        !changeLines().any { it.contains('700005') }
        pauses.isEmpty()
        err.contains('acs: rollout: stopped: too many failures; not started: node 700005 (预发2)')
        err =~ /acs: rollout: node 700003 \(线上1\) failed at script\.groovy:8: command /
        !err.contains('after the rollout')
    }

    def "failures up to maxFailures are tolerated: every batch runs and the script goes on"() {
        given:
        sim.faults().onNode(700001, CommandFault.START_FAILED)

        when:
        def report = run('''
            def report = rollout(nodes(service: 20001), batch: 1, maxFailures: 1) {
                stop()
                waitDone()
            }
            echo 'after the rollout'
            report
        ''')

        then:
        report.results()*.outcome() == [Outcome.FAILED, Outcome.SUCCEEDED, Outcome.SUCCEEDED]
        !report.exceeded()
        changeLines() == ['POST /api/v1/node/700001/stop', 'POST /api/v1/node/700003/stop', 'POST /api/v1/node/700005/stop']
        err.contains('after the rollout')
    }

    def "an assert in the body fails the node like a failed command"() {
        when:
        run("rollout(nodes(service: 20001)) { assert name.startsWith('线下') }")

        then:
        def e = thrown(ScriptFailedException)
        e.exitCode() == 6
        (e.cause as RolloutFailedException).report().results()*.outcome() ==
                [Outcome.SUCCEEDED, Outcome.FAILED, Outcome.SKIPPED]
    }

    def "bad rollout settings are usage errors before anything is sent"() {
        when:
        run("rollout(nodes(service: 20001), batch: 0) { stop() }")

        then:
        def e = thrown(ScriptFailedException)
        e.exitCode() == 2
        e.message == 'script.groovy:1: batch: 0 is not a batch size; expected at least 1'
        changes().isEmpty()
    }
}
