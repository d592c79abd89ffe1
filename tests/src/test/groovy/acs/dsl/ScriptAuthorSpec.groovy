package acs.dsl

import acs.CommandStatus
import acs.InvalidInputException
import acs.NodeStatus
import java.time.Duration
import java.util.concurrent.CopyOnWriteArrayList

/**
 * What a script's author gets back from the DSL: the values its verbs return, its typed parameters,
 * the progress lines, and the messages of its mistakes.
 */
class ScriptAuthorSpec extends DslSpecBase {

    def "a node's verbs return their commands, and waitDone the finished one"() {
        given:
        deployed(700001)

        when:
        def seen = run('''
            def n = node(700001)
            List<Object> seen = []
            seen.add(n.redeploy(version: 1, method: SEQUENTIAL, update: true).name())
            seen.addAll([n.waitDone().status(), n.lastCommand.status(), n.model.status])
            seen.addAll([n.stop(method: PARALLEL).name(), n.waitDone(timeout: '1m').status()])
            seen.add(n.start().name())
            Command started = n.lastCommand
            seen.add(n.waitDone(started).commandId() == started.commandId())
            seen.addAll([n.stop().name(), waitDone(n.lastCommand).status()])
            seen.add(n.start(image: 'registry.acs.aliyun.com/open/jetty9', tag: '1.0.0').name())
            seen.addAll([n.waitDone(timeout: Duration.ofMinutes(1)).status(), n.refresh().imageName])
            seen.addAll([n.delete().name(), n.waitDone().status()])
            seen
        ''')

        then:
        seen == ['node_history_start', CommandStatus.DONE, CommandStatus.DONE, NodeStatus.RUNNING,
                 'node_stop', CommandStatus.DONE, 'node_start', true, 'node_stop', CommandStatus.DONE,
                 'node_start', CommandStatus.DONE, 'registry.acs.aliyun.com/open/jetty9:1.0.0', 'node_delete', CommandStatus.DONE]
        changeLines().count { it.endsWith('/stop') } == 2
        err.contains('acs: command: command ')
    }

    def "the wait is reported with the seconds it took"() {
        when:
        run('node(700001) { stop(); waitDone() }')

        then:
        def took = (err =~ /command \S+ \(node_stop\) succeeded in (\d+\.\d)s/)
        took.find()
        // a 200 ms command, waited for with polls of at most 50 ms: well under the 10 minutes a wait may take
        Double.parseDouble(took.group(1)) < 600
    }

    def "start with an image needs its tag too, and the other way round"() {
        when:
        run("node(700001).start(image: 'registry.acs.aliyun.com/open/jetty9')")

        then:
        ScriptFailedException e = thrown()
        e.message.contains('tag: is required together with image; give both or neither')

        when:
        run("node(700001).start(tag: '1.0.0')")

        then:
        ScriptFailedException f = thrown()
        f.message.contains('image: is required together with tag; give both or neither')
        changes().isEmpty()
    }

    def "node ids start at 1"() {
        when:
        def ok = run('node(1L).id')
        run('node(0L)')

        then:
        ok == 1L
        ScriptFailedException e = thrown()
        e.message.contains('0 is not a valid node id; expected a positive number')
    }

    def "a failing node block says it runs its onFailure"() {
        when:
        run('''
            node(700001) {
                onFailure { echo 'cleaning up' }
                throw new IllegalStateException('broken')
            }''')

        then:
        thrown(ScriptFailedException)
        err.contains('acs: node 700001')
        err.contains(': failed; running onFailure')
        err.indexOf('running onFailure') < err.indexOf('cleaning up')
    }

    def "a handle used again starts with no onFailure of its earlier block"() {
        when:
        run('''
            def n = node(700001)
            rollout([n]) { onFailure { echo 'the first block' } }
            rollout([n]) { onFailure { echo 'the second block' }; throw new IllegalStateException('broken') }
            ''')

        then:
        thrown(ScriptFailedException)
        err.contains('the second block')
        !err.contains('the first block')
    }

    def "a rollout says how it will go, leases its nodes first and gives each back when its work ends"() {
        given:
        List<List<Object>> leased = new CopyOnWriteArrayList<>()
        List<Long> released = new CopyOnWriteArrayList<>()
        RolloutLeases leases = { List<Long> nodes, Duration wait ->
            leased << [nodes, wait]
            return { long node -> released << node } as RolloutLeases.Held
        } as RolloutLeases

        when:
        def report = DslScript.compile('roll.groovy', '''
            rollout(nodes(service: 20001), batch: 2, pause: '30s', maxFailures: 1, waitForLease: '2m') {
                if (id == 700003L) throw new IllegalStateException('not this one')
                stop(); waitDone()
            }
            rollout(nodes(service: 20002)) { echo "at ${id}" }
            ''', false).run(context().withLeases(leases))

        then:
        err.contains('acs: rollout to 3 node(s): batches of 2, pause 30s, maxFailures 1\n')
        err.contains('acs: rollout to 3 node(s): batches of 1, maxFailures 0\n')
        leased == [[[700001L, 700003L, 700005L], Duration.ofMinutes(2)], [[700002L, 700004L, 700006L], null]]
        released as Set == [700001L, 700003L, 700005L, 700002L, 700004L, 700006L] as Set
        released.size() == 6
        report.succeeded().size() == 3
    }

    def "a service and its handle's properties"() {
        given:
        def model = sim.state().services().find { it.id() == 20001L }

        when:
        def seen = run('''
            List<Object> inside = []
            def s = service(20001) { inside << name << nodes.size() }
            [inside, s.id, s.name, s.imageName, s.model.id(), s.refresh().nodes*.id, s.toString()]
        ''')

        then:
        seen == [[model.name(), 3], 20001L, model.name(), model.imageName(), 20001L, [700001L, 700003L, 700005L],
                 model.name().isEmpty() ? 'service 20001' : "service 20001 (${model.name()})".toString()]
    }

    def "typed parameters read as their readers say (#given)"() {
        expect:
        run('''
            [paramBoolean('force'), paramBoolean('careful', true), paramDuration('pause', '30s'), paramDuration('wait'),
             paramInt('high'), paramInt('low'), paramLong('big')]
            ''', given) == expected

        where:
        given                                                                                    | expected
        [force: 'false', wait: '2m', high: '2147483647', low: '-2147483648', big: '2147483648']  | [false, true, Duration.ofSeconds(30), Duration.ofMinutes(2), Integer.MAX_VALUE, Integer.MIN_VALUE, 2147483648L]
        [force: 'TRUE', careful: 'false', pause: '1m', wait: '5s', high: '1', low: '0', big: '0'] | [true, false, Duration.ofMinutes(1), Duration.ofSeconds(5), 1, 0, 0L]
    }

    def "an int parameter out of an int's range is refused before the script runs (#value)"() {
        when:
        run("echo 'ran'; paramInt('batch')", [batch: value])

        then:
        InvalidInputException e = thrown()
        e.message.contains("${value} is too large")
        !err.contains('ran')

        where:
        value << ['2147483648', '-2147483649']
    }

    def "parameters read by a literal name in every form are the script's; another is refused, naming them"() {
        given:
        String source = '''
            echo "x=${params.get('x')} y=${params['y']} z=${params.z} w=${param('w', 'none')}"
            '''

        when:
        run(source, [x: '1', y: '2', z: '3'])

        then:
        err.contains('x=1 y=2 z=3 w=none')

        when:
        run(source, [x: '1', q: '9'])

        then:
        InvalidInputException e = thrown()
        e.message.contains('-Pq: is not a parameter of script.groovy')
        e.message.contains('(it reads x, y, z, w)')
        e.message.contains('Remove -Pq or correct its name')
    }

    def "a dynamic script may give named arguments as text; they read as the typed ones would"() {
        given:
        deployed(700002)

        when:
        def seen = run('''
            // acs: dynamic
            def stopped = nodes(service: '20002', status: 'RUNNING')*.id
            def two = node(700002), four = node(700004)
            two.redeploy(version: '1', update: 'true', method: 'SEQUENTIAL')
            two.waitDone(timeout: '1m')
            four.stop(method: 'PARALLEL'); four.waitDone()
            [stopped, nodes(service: 20002L, status: STOPPED)*.id, nodes(service: 20002, status: 'STOPPED')*.id]
        ''')

        then:
        seen == [[700002L, 700004L, 700006L], [700004L], [700004L]]
    }

    def "a dynamic script's named argument of the wrong kind is refused, naming what it must be (#call)"() {
        when:
        run("// acs: dynamic\nString v = ${value}\n${call}")

        then:
        ScriptFailedException e = thrown()
        e.message.contains(expected)
        changes().isEmpty()

        where:
        value    | call                                                    | expected
        "'yes'"  | "node(700001).start(update: v)"                 | 'update: of start must be true or false, not String yes'
        "'abc'"  | 'nodes(service: v)'                                     | 'service: of nodes must be a whole number, not String abc'
        "'1.5'"  | 'nodes(service: v as BigDecimal)'                       | 'service: of nodes must be a whole number, not BigDecimal 1.5'
    }

    def "a deploy's comment reaches the node's versions"() {
        when:
        run("node(700001) { deploy url: 'http://repo.example.com/app-9.war', comment: 'release 9'; waitDone() }")

        then:
        sim.state().versions(700001)*.comment() == ['release 9']
    }

    def "a rollout's batch may be as large as an int"() {
        when:
        run('rollout(nodes(service: 20002), batch: 2147483647) { echo "at ${id}" }')

        then:
        err.contains('acs: rollout to 3 node(s): batches of ')
        err.count('at 70000') == 3
    }

    def "an assert without a message fails the script at its line"() {
        when:
        run("echo 'before'\nthrow new AssertionError()\n")

        then:
        ScriptFailedException e = thrown()
        e.message == 'script.groovy:2: assertion failed'
        e.exitCode() == 6
    }

    def "a verb's named arguments are those its methods declare for the type checker"() {
        expect:
        Args.named('deploy', NodeHandle) == ['url', 'method', 'update', 'comment']
        Args.named('waitDone', AcsScript, NodeHandle) == ['timeout']
        Args.named('rollout', AcsScript) == ['batch', 'pause', 'maxFailures', 'waitForLease']

        when:
        Args.named('echo', AcsScript)

        then:
        IllegalStateException e = thrown()
        e.message == 'echo declares no named arguments'

        when: 'two overloads that disagree'
        Args.named('stop', NodeHandle, Disagreeing)

        then:
        IllegalStateException d = thrown()
        d.message.contains('stop declares')
    }

    ScriptCheckException checkFails(String source) {
        try {
            DslScript.compile('check.groovy', source, false)
        } catch (ScriptCheckException e) {
            return e
        }
        throw new AssertionError('expected the script to be rejected')
    }

    def "a type-checked script's mistakes name the type they were made on (#line)"() {
        expect:
        checkFails("def n = node(700001)\n${line}\n").problems()*.message() == [expected]

        where:
        line                 | expected
        'n.imagName'         | "unknown property 'imagName' of NodeHandle; did you mean 'imageName'?"
        'n.serviceid'        | "unknown property 'serviceid' of NodeHandle; did you mean 'serviceId'?"
        "'text'.deplyo()"    | "String has no method deplyo(); did you mean 'deploy'?"
        'n.model.stauts()'   | "Node has no method stauts(); did you mean 'status'?"
    }

    def "a syntax error on the script's last line shows that line"() {
        when:
        def e = checkFails("echo 'first'\necho 'second' +")

        then:
        e.problems().size() == 1
        e.problems()[0].line() == 2
        e.problems()[0].sourceLine() == "echo 'second' +"
        e.message.contains("\n    echo 'second' +\n")
    }

    def "a script runs whatever its file is called and its failures name that file (#name)"() {
        given:
        String text = """\
            Node n = null
            List<String> seen = []
            AcsClient client = null
            assert node(700001).status == RUNNING
            echo "ran \${n == null} \${seen.size()} \${client == null}"
            throw new IllegalStateException('stop here')
            """.stripIndent()
        String file = "/tmp/${System.nanoTime()}/${name}"

        when:
        DslScript.compile(file, text, false).run(context())

        then:
        ScriptFailedException e = thrown()
        e.message == "${file}:6: IllegalStateException: stop here".toString()
        err.contains('ran true 0 true')

        where:
        name << ['short.groovy', 'Node.groovy', 'List.groovy', 'RUNNING.groovy', 'AcsClient.groovy', 'Deploy.groovy',
                 'my-ops.groovy', '1st.groovy', 'ops']
    }

    def "a dry run answers each change with a command of the API's name, reads each target once, and fails on a missing one as the run would"() {
        given:
        def f = scriptFile('dry.groovy', """\
            echo "answered \${node(700001).stop().name()}"
            node(700001).start()
            node(700001).stop(method: SEQUENTIAL)
            echo 'next the missing node'
            node(999999).stop()
            echo 'never here'
            """.stripIndent())

        when:
        def r = cli(f.toString(), '--dry-run')

        then:
        r.exit == 4
        r.err.contains('answered node_stop')
        r.err.contains('next the missing node')
        r.err.contains("${f}:5")
        r.err.contains('999999')
        !r.err.contains('never here')
        changes().isEmpty()
        sim.accessLog().count { it.method() == 'GET' && it.path().endsWith('/node/700001') } == 1
    }

    def "start and redeploy send the method and update they are given, and only those"() {
        given:
        def f = scriptFile('args.groovy', """\
            node(700001).start(method: SEQUENTIAL, update: true)
            node(700003).start()
            node(700001).redeploy(version: 1, method: PARALLEL, update: false)
            node(700003).redeploy(version: '2')
            """.stripIndent())

        when:
        def r = cli(f.toString(), '--dry-run')
        List<String> bodies = r.out.split(/# \d+\. /).findAll { it.contains('POST ') }.collect { it.readLines().find { it.startsWith('accesskey=') } }

        then:
        r.exit == 0
        bodies.size() == 4
        bodies[0].contains('method=SEQUENTIAL') && bodies[0].contains('update=true')
        !bodies[1].contains('method=') && !bodies[1].contains('update=')
        bodies[2].contains('version=1') && bodies[2].contains('method=PARALLEL') && bodies[2].contains('update=false')
        bodies[3].contains('version=2') && !bodies[3].contains('method=') && !bodies[3].contains('update=')
        changes().isEmpty()
    }

    def "a file that declares a class instead of statements is not a script"() {
        when:
        DslScript.compile('helper.groovy', 'class Helper { int x }\n', false)

        then:
        ScriptCheckException e = thrown()
        e.message == 'helper.groovy: is not a script (it declares a class Helper); write DSL statements at the top level\nnothing was run'
    }

    def "a rollout's settings out of an int's range or below zero are refused before anything is sent (#setting)"() {
        when:
        run("// acs: dynamic\nrollout(nodes(service: 20001), ${setting}) { stop() }")

        then:
        acs.AcsException e = thrown()
        e.exitCode() == 2
        e.message.startsWith('script.groovy:2')
        e.message.contains(expected)
        changes().isEmpty()

        where:
        setting                     | expected
        'maxFailures: -2147483648'  | 'maxFailures: -2147483648 is negative; expected 0 or more'
        'maxFailures: -2147483649'  | 'named argument maxFailures: of rollout must be a smaller number, not Long -2147483649'
        'batch: 2147483648'         | 'named argument batch: of rollout must be a smaller number, not Long 2147483648'
    }

    static class Disagreeing {
        void stop(@groovy.transform.NamedParams([@groovy.transform.NamedParam(value = 'force', type = Boolean)]) Map<String, ?> args) {}
    }
}
