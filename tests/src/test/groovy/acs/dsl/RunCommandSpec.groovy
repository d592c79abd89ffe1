package acs.dsl

import acs.sim.CommandFault

/** acs run (scripts/Run.java), in process through picocli, against the simulator. */
class RunCommandSpec extends DslSpecBase {
    static final String DEPLOY = 'node(610474) { deploy url: params.url, method: SEQUENTIAL; waitDone() }\necho "args ${args}"\n'

    def "runs a script with -P parameters and arguments; progress on stderr, nothing on stdout"() {
        when:
        def r = cli(scriptFile('deploy.groovy', DEPLOY).toString(), '-Purl=http://repo.example.com/app.war?build=7&x=1', 'a', 'b')

        then:
        r.exit == 0
        r.out == ''
        r.err.contains('args [a, b]')
        r.err.contains('acs: node 610474: deploy -> command ')
        sim.state().versions(610474)*.url() == ['http://repo.example.com/app.war?build=7&x=1']
    }

    def "a script that does not check exits 2 with file:line, before any request"() {
        given:
        def f = scriptFile('deploy.groovy', "node(610474) {\n    deploy urll: 'http://repo.example.com/app.war'\n}\n")

        when:
        def r = cli(f.toString())

        then:
        r.exit == 2
        r.err.startsWith("acs: error: ${f}:2:12: 'urll' is not a named argument of deploy; did you mean 'url'?")
        r.err.contains("    deploy urll: 'http://repo.example.com/app.war'\n               ^")
        sim.accessLog().isEmpty()
    }

    def "a failed command exits 6 with the script's line and no stack trace; --verbose adds one"() {
        given:
        sim.faults().onNode(610474, CommandFault.RESULT_FAILED)
        def f = scriptFile('deploy.groovy', DEPLOY)

        when:
        def r = cli(f.toString(), '-Purl=http://repo.example.com/app.war')

        then:
        r.exit == 6
        r.err.contains("acs: error: ${f}:1: command ")
        !r.err.contains('\tat ')

        when:
        def verbose = cli(f.toString(), '-Purl=http://repo.example.com/app.war', '--verbose')

        then:
        verbose.exit == 6
        verbose.err.contains('\tat ')
        !verbose.err.contains(sim.secretKey())
    }

    def "exit codes: 7 for a timeout, 4 for an API error, 2 for a missing file or conflicting modes"() {
        given:
        sim.faults().onNode(610474, CommandFault.NEVER_FINISHES)

        expect:
        cli(scriptFile('t.groovy', "node(610474) { stop(); waitDone(timeout: '300ms') }").toString()).exit == 7
        cli(scriptFile('t.groovy', "node(999999).stop()").toString()).exit == 4
        cli('no-such-script.groovy').exit == 2
        cli(scriptFile('t.groovy', 'echo 1').toString(), '--dry-run', '--rehearse').exit == 2
    }

    def "--dry-run: reads go to the endpoint, each change is printed and answered as succeeded, nothing changes"() {
        given:
        def f = scriptFile('deploy.groovy', '''
            rollout(nodes(service: 20001), batch: 2, pause: '30s') {
                deploy url: params.url, method: SEQUENTIAL
                waitDone()
            }
            node(610247) { stop(); waitDone(); delete() }
            echo "still ${node(610247).status}"
        ''')

        when:
        def r = cli(f.toString(), '-Purl=http://repo.example.com/app-1.3.war', '--dry-run')

        then:
        r.exit == 0
        r.out.contains("# 1. ${f}:3\nPOST ${sim.endpoint()}/api/v1/node/7000")
        r.out.contains("POST ${sim.endpoint()}/api/v1/node/610247/stop")
        r.out.contains("DELETE ${sim.endpoint()}/api/v1/node/610247?accesskey=")
        r.out.contains('url=http%3A%2F%2Frepo.example.com%2Fapp-1.3.war&method=SEQUENTIAL')
        r.out.contains('Authorization: <redacted>')
        r.out.count('=> not sent (dry run); answered as command dry-run-') == 5
        r.err.contains('acs: pause 30s skipped (dry run)')
        r.err.contains('still RUNNING')

        and: 'the target saw reads only'
        !sim.accessLog().isEmpty()
        changes().isEmpty()
        sim.state().commands().isEmpty()
        !(r.out + r.err).contains(sim.secretKey())
    }

    def "--rehearse: the endpoint is copied with reads, the script runs on the copy, and the plan shows each change's outcome"() {
        given:
        def f = scriptFile('roll.groovy', '''
            rollout(nodes(service: 20001), batch: 2, pause: '30s') {
                deploy url: params.url
                waitDone()
            }
            node(610247) { redeploy version: 3 }
        ''')

        when:
        def r = cli(f.toString(), '-Purl=http://repo.example.com/app-1.3.war', '--rehearse')

        then: 'a redeploy plays on the copy: the real endpoint cannot list its versions, so the copy accepts any'
        r.exit == 0

        and: 'the plan lists every change, as the target would receive it, with its outcome'
        r.out.startsWith("# rehearsal against a copy of ${sim.endpoint()} (4 services, 8 nodes): 4 changes, nothing was sent there\n")
        r.out.count("POST ${sim.endpoint()}/api/v1/node/") == 4
        r.out.findAll(/\(node_upload_start\): DONE, result 200: succeeded/).size() == 3
        r.out.contains("/api/v1/node/610247/historyStart\nAuthorization: <redacted>")
        // not waited for: on a slow machine it may have ended before the script did
        r.out =~ /version=3\n=> command \S+ \(node_history_start\): (\w+: still running when the script ended|DONE, result 200: succeeded)/
        r.err.contains('acs: pause 30s skipped (rehearsal)')

        and: 'the target was only read: services, nodes, containers'
        changes().isEmpty()
        sim.accessLog()*.path().toSet() == ['/api/v1/service', '/api/v1/node', '/api/v1/container'].toSet()
        sim.state().commands().isEmpty()
    }

    def "--rehearse shows a failure the copy reproduces: a command that fails in the plan"() {
        given:
        def f = scriptFile('one.groovy', "node(610474) { stop(); waitDone() }\nnode(610474) { start(image: 'registry.acs.aliyun.com/open/nginx', tag: '1.10.1') }")

        when:
        def r = cli(f.toString(), '--rehearse')

        then: 'a command not waited for is shown as such'
        r.exit == 0
        r.out.contains('node_stop): DONE, result 200: succeeded')
        r.out =~ /node_start\): (CREATED|PUBLISHED|RUNNING|DONE)/
        changes().isEmpty()
    }
}
