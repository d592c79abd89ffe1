package acs.dsl

import acs.Container
import acs.ContainerStatus
import acs.Node
import acs.NodeStatus
import acs.sim.CommandFault
import java.time.OffsetDateTime

/** A rehearsal runs the script on a copy of the endpoint and shows what became of each change there. */
class RehearsalSpec extends DslSpecBase {

    def "the plan shows each change's outcome on the copy: succeeded, failed, still running, refused"() {
        given:
        Rehearsal rehearsal = Rehearsal.start(sim.client())
        rehearsal.simulator().faults().onNode(700003, CommandFault.NEVER_FINISHES)
        rehearsal.simulator().faults().onNode(700005, CommandFault.RESULT_FAILED)

        when:
        DslScript.compile('plan.groovy', '''\
            node(700001) { stop(); waitDone() }
            node(700003).stop()
            try { node(700005) { stop(); waitDone() } } catch (AcsException e) { echo 'the copy failed it' }
            try { node(999999).stop() } catch (AcsException e) { echo 'the copy refused it' }
            '''.stripIndent(), false).run(rehearsal.context(context()))
        String plan = rehearsal.describePlan()

        then:
        plan.startsWith("# rehearsal against a copy of ${sim.endpoint()} (4 services, 8 nodes): 4 changes, nothing was sent there\n")
        plan =~ /# 1\. plan\.groovy:1\n(?s).*?=> command \S+ \(node_stop\): DONE, result 200: succeeded\n/
        plan =~ /# 2\. plan\.groovy:2\n(?s).*?=> command \S+ \(node_stop\): \w+: still running when the script ended \(not waited for\)\n/
        plan =~ /# 3\. plan\.groovy:3\n(?s).*?=> command \S+ \(node_stop\): DONE, result 500: failed at PrepareParams \/ check params -> 500: parameters rejected/
        plan =~ /# 4\. plan\.groovy:4\n(?s).*?=> refused: \S/
        err.contains('the copy failed it')
        err.contains('the copy refused it')

        and: 'the copy changed, the target did not'
        rehearsal.simulator().state().node(700001).get().status() == NodeStatus.STOPPED
        sim.state().node(700001).get().status() == NodeStatus.RUNNING
        changes().isEmpty()

        when: 'closed, the copy is gone'
        URI copy = rehearsal.simulator().endpoint()
        rehearsal.close()
        new Socket(copy.host, copy.port).close()

        then:
        thrown(ConnectException)
    }

    def "a node listed without its containers gets them from the container listing"() {
        given:
        def now = OffsetDateTime.now()
        def c1 = new Container(1, 10, ContainerStatus.RUNNING, now, now, null, 5, 1, 1, 1, 'ok')
        def c2 = new Container(2, 20, ContainerStatus.RUNNING, now, now, null, 5, 1, 1, 1, 'ok')
        def c3 = new Container(3, 10, ContainerStatus.RUNNING, now, now, null, 5, 1, 1, 1, 'ok')
        def bare = new Node(10, 'bare', 'img', NodeStatus.RUNNING, 1, now, [])
        def full = new Node(20, 'full', 'img', NodeStatus.RUNNING, 1, now, [c2])

        when:
        def out = Rehearsal.withContainers([bare, full], [c1, c2, c3])

        then:
        out*.id() == [10L, 20L]
        out[0].containers()*.id() == [1L, 3L]
        out[0].name() == 'bare'
        out[1].is(full)
    }
}
