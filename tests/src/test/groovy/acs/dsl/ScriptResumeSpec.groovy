package acs.dsl

import acs.cli.CliHarness
import acs.sim.NetworkFault
import java.nio.file.Files
import java.nio.file.Path

/**
 * acs resume of a script run, in process: the changes earlier attempts made are answered from the
 * journal (followed, never sent again), one whose outcome is unknown stops the script until it is
 * checked by hand, and one found applied by hand is taken as done.
 */
class ScriptResumeSpec extends DslSpecBase {

    static final String ROLL = '''\
        node(700001) { stop(); waitDone() }
        if (new File(param('gate')).exists()) throw new IllegalStateException('the gate is closed')
        node(700003) { stop(); waitDone() }
        node(700005) { stop(); waitDone() }
        echo 'all stopped'
        '''.stripIndent()

    Map<String, Long> stopsPerNode() {
        sim.accessLog().findAll { it.method() == 'POST' && it.path().endsWith('/stop') }.countBy { it.path().find(/\d{6}/) }
    }

    static String runOf(CliHarness.Result r) {
        def m = r.err =~ /acs: run ([0-9a-f]{6}) \(resume with/
        assert m.find(), r.toString()
        m.group(1)
    }

    def "a resumed script follows the change its failed attempt made and sends only the rest"() {
        given:
        Path gate = Files.createTempFile('acs-gate', '')
        gate.toFile().deleteOnExit()
        Path script = scriptFile('roll.groovy', ROLL)

        when: 'the first attempt stops one node, then fails'
        def first = CliHarness.runAgainst(sim, 'run', script.toString(), "-Pgate=${gate}".toString())
        String run = runOf(first)

        then:
        first.exit() == 6
        first.err().contains('the gate is closed')
        stopsPerNode() == ['700001': 1L]

        when: 'a dry run of the resume'
        Files.delete(gate)
        def dry = CliHarness.runAgainst(sim, 'resume', run, '--dry-run', '-v')

        then:
        dry.exit() == 0
        dry.out().contains('answered from the journal: 1 ')
        dry.out().contains('to send: 2 ')
        dry.out().contains('POST /api/v1/node/700001/stop: made by an earlier attempt (command ')
        dry.out().contains("succeeded); not sent again (${script}:1)")
        dry.out().contains("# 1. ${script}:3\nPOST ${sim.endpoint()}/api/v1/node/700003/stop")
        stopsPerNode() == ['700001': 1L]

        when: 'the resume'
        def resumed = CliHarness.runAgainst(sim, 'resume', run)

        then:
        resumed.exit() == 0
        resumed.err().contains('/api/v1/node/700001/stop: made by an earlier attempt (command ')
        resumed.err().contains("not sent again (${script}:1)")
        resumed.err().contains('all stopped')
        stopsPerNode() == ['700001': 1L, '700003': 1L, '700005': 1L]
    }

    def "a change of unknown outcome is never sent again; once found applied by hand, the script goes on past it"() {
        given:
        Path gate = Files.createTempFile('acs-gate', '')
        Files.delete(gate)
        Path script = scriptFile('roll.groovy', ROLL)
        sim.faults().applyBeforeFault(true).networkOnNode(700003, 1.0, NetworkFault.LOST_RESPONSE)

        when: 'the answer to the second stop is lost'
        def first = CliHarness.runAgainst(sim, 'run', script.toString(), "-Pgate=${gate}".toString())
        String run = runOf(first)
        sim.faults().clear()

        then:
        first.exit() == 5
        stopsPerNode() == ['700001': 1L, '700003': 1L]

        when: 'resumed: the unknown change is not sent again'
        def unknown = CliHarness.runAgainst(sim, 'resume', run)
        def entry = (unknown.err() =~ /acs journal --resolve ([0-9a-f]{8}) --applied/)

        then:
        unknown.exit() == 5
        unknown.err().contains('/api/v1/node/700003/stop was sent by an earlier attempt of run ' + run)
        entry.find()
        stopsPerNode() == ['700001': 1L, '700003': 1L]

        when: 'checked by hand and recorded as applied, then resumed'
        def resolved = CliHarness.run('journal', '--resolve', entry.group(1), '--applied')
        def done = CliHarness.runAgainst(sim, 'resume', run)

        then:
        resolved.exit() == 0
        done.exit() == 0
        done.err().contains('/api/v1/node/700003/stop: found applied by hand (entry ')
        done.err().contains("not sent again (${script}:3)")
        done.err().contains('all stopped')
        stopsPerNode() == ['700001': 1L, '700003': 1L, '700005': 1L]
    }
}
