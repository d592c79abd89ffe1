package acs.dsl

import acs.InvalidInputException

/** Scripts are checked before they run: mistakes come back with file and line, and nothing is sent. */
class TypeCheckingSpec extends DslSpecBase {

    ScriptCheckException check(String source) {
        try {
            DslScript.compile('deploy.groovy', source, false)
        } catch (ScriptCheckException e) {
            return e
        }
        throw new AssertionError('expected the script to be rejected')
    }

    def "an unknown method's argument types read as a script's author wrote them (#call)"() {
        when:
        def e = check("node(610474) {\n    ${call}\n}\n")

        then:
        e.problems()*.message() == [expected]

        where:
        call                                                                       | expected
        "deplyo url: 'http://r.example.com/a.war', method: SEQUENTIAL, update: false" | "unknown DSL method deplyo(Map); did you mean 'deploy'?"
        "deplyo([url: 'http://r.example.com/a.war'], 'x', 3)"                       | "unknown DSL method deplyo(Map, String, int); did you mean 'deploy'?"
    }

    def "a misspelt DSL method is reported with its line, and nothing is sent"() {
        when:
        def e = check('''\
            node(610474) {
                deplyo url: 'http://repo.example.com/app-1.2.war'
                waitDone()
            }'''.stripIndent())

        then:
        e.exitCode() == 2
        e.problems().size() == 1
        with(e.problems()[0]) {
            file() == 'deploy.groovy'
            line() == 2
            column() == 5
            message() == "unknown DSL method deplyo(Map); did you mean 'deploy'?"
        }
        e.message == '''\
            deploy.groovy:2:5: unknown DSL method deplyo(Map); did you mean 'deploy'?
                    deplyo url: 'http://repo.example.com/app-1.2.war'
                    ^
            nothing was run'''.stripIndent()
        sim.accessLog().isEmpty()
    }

    def "a misspelt named argument is reported at the argument, with the valid names"() {
        when:
        def e = check('''\
            node(610474) {
                deploy urll: 'http://repo.example.com/app-1.2.war', method: SEQUENTIAL
            }'''.stripIndent())

        then:
        e.problems()*.line() == [2]
        e.problems()[0].column() == 12
        e.problems()[0].message() == "'urll' is not a named argument of deploy; did you mean 'url'? (expected: url, method, update, comment)"
        sim.accessLog().isEmpty()
    }

    def "other mistakes are found too, all at once, in line order"() {
        when:
        def e = check('''\
            def n = node(610474)
            n.deploy(url: 5)
            n.deploy(method: SEQUENTIAL)
            n.stop(method: 'SEQUENTIAL')
            n.status = STOPPED
            rollout(nodes(service: 12209), batch: 2, pauze: '30s') { waitDone() }
            n.containers.each { assert it.status == RUNNING }
            deploy url: 'http://repo.example.com/a.war'
            echo nam
            '''.stripIndent())

        then:
        e.problems()*.line() == [2, 3, 4, 5, 6, 7, 8, 9]
        e.problems()*.message() == [
                "named argument 'url' must be String, not int",
                "missing named argument 'url'",
                "named argument 'method' must be DeployMethod, not String",
                'Cannot set read-only property: status',
                "'pauze' is not a named argument of rollout; did you mean 'pause'? (expected: batch, pause, maxFailures, waitForLease)",
                'comparing ContainerStatus with NodeStatus is never true; the bare RUNNING is NodeStatus.RUNNING here: write ContainerStatus.RUNNING',
                'unknown DSL method deploy(Map); deploy is a node\'s: call it inside node(id) { ... }, a rollout, or on a handle: node(id).deploy(...)',
                "unknown name 'nam'; did you mean 'name'?"]
        e.message.endsWith('8 problems; nothing was run')
    }

    def "a syntax error is reported with its line"() {
        when:
        def e = check('node(610474) {\n  deploy url: "http://x.example.com/a.war"\n')

        then:
        e.problems().size() == 1
        e.problems()[0].line() == 3
        e.problems()[0].message().contains('Unexpected input')
    }

    def "the script's own methods and closures are checked too"() {
        expect:
        check('''
            void release(NodeHandle n) { n.deploy(url: 'http://x.example.com/a.war', comentt: 'x') }
            release(node(1))''').problems()*.message() ==
                ["'comentt' is not a named argument of deploy; did you mean 'comment'? (expected: url, method, update, comment)"]
    }

    def "a correct script passes the checker: closures, GStrings, spreads, records' properties"() {
        when:
        def script = DslScript.compile('ok.groovy', '''
            String url = "http://repo.example.com/${params.v ?: 'app'}.war"
            nodes(service: 20001, status: RUNNING).each { NodeHandle n ->
                assert n.containers.every { it.status == ContainerStatus.RUNNING }
            }
            def c = node(610474).stop(method: SEQUENTIAL)
            echo "${c.commandId} ${c.status == CommandStatus.CREATED} ${nodes()*.id}"
            node(610474) {
                onFailure { node, error -> echo "${node.id} ${error.message}" }
                onFailure { error -> echo error.message }
                onFailure { echo it.message }
                waitDone(timeout: '1m')
                start()
            }
        ''', false)

        then:
        script.typeChecked()
    }

    def "// acs: dynamic, or --dynamic, skips the checker; named arguments are still checked before sending"() {
        given:
        def dynamic = '''
            // acs: dynamic
            def verb = 'deploy'
            node(610474)."$verb"(url: 'http://repo.example.com/a.war', commnet: 'typo')
        '''

        when:
        def script = DslScript.compile('dyn.groovy', dynamic, false)

        then:
        !script.typeChecked()

        when:
        script.run(context())

        then:
        def e = thrown(ScriptFailedException)
        e.cause instanceof InvalidInputException
        e.exitCode() == 2
        e.message == "dyn.groovy:4: commnet: is not a named argument of deploy; did you mean 'comment'? (expected: url, method, update, comment)"
        changes().isEmpty()

        when: 'the flag instead of the marker'
        DslScript.compile('dyn.groovy', 'def verb = "stop"; node(610474)."$verb"()', true).run(context())

        then:
        changeLines() == ['POST /api/v1/node/610474/stop']
    }

    def "a dynamic script's unknown method fails at run time with its line: exit 2"() {
        when:
        DslScript.compile('dyn.groovy', 'echo "hi"\nnode(610474) { deplyo(url: "x") }', true).run(context())

        then:
        def e = thrown(ScriptFailedException)
        e.exitCode() == 2
        e.location() == 'dyn.groovy:2'
        e.message.contains('deplyo')
        sim.accessLog().isEmpty()
    }

    def "@BaseScript, for IDE completion, compiles and runs"() {
        expect:
        run('''
            import groovy.transform.BaseScript
            import static acs.NodeStatus.*
            @BaseScript acs.dsl.AcsScript script
            node(610474).status == RUNNING
        ''') == true
    }
}
