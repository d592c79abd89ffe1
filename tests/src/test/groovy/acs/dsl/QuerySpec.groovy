package acs.dsl

import acs.CommandStatus
import acs.NodeStatus

/** nodes(...), nodes { }, service(id) { }, command(id), params, args, echo and the implicit imports. */
class QuerySpec extends DslSpecBase {

    def "nodes filters by service, status and name (a pattern finds, a string matches exactly)"() {
        expect:
        run(script)*.id == ids
        changes().isEmpty()

        where:
        script                                                       || ids
        'nodes(service: 20001)'                                      || [700001L, 700003L, 700005L]
        'nodes(service: 20001, status: RUNNING, name: ~/预发/)'        || [700005L]
        "nodes(name: '预发')"                                          || [610247L]
        "nodes(name: '预.')"                                           || []
        'nodes(name: ~/^预发/)'                                        || [610247L, 700002L, 700005L]
        'nodes(status: STOPPED)'                                     || []
        'nodes().size() == 8 ? [node(610474)] : []'                  || [610474L]
    }

    def "nodes { } takes a predicate with the handle as it and as delegate"() {
        given:
        sim.client().waitFor(sim.client().stop(700004, null).commandId())

        expect:
        run('nodes { it.status == STOPPED }')*.id == [700004L]
        run('nodes(service: 20002) { status == RUNNING && containers.size() == 2 }')*.id == [700002L, 700006L]
    }

    def "service(id) { } is delegated to the service, whose nodes are handles"() {
        when:
        def seen = run('''
            List<String> seen = []
            service(20002) {
                seen << "${id} ${name} ${regionDisplay}".toString()
                nodes.each { seen << "${it.id} ${it.name}".toString() }
            }
            seen << services().size().toString()
            seen
        ''')

        then:
        seen == ['20002 demo-app-2 华北2', '700002 预发1', '700004 线下2', '700006 线上2', '4']
    }

    def "command(id) reads a command; statuses and methods need no import"() {
        when:
        def result = run('''
            def c = node(610474).deploy(url: 'http://repo.example.com/a.war', method: PARALLEL)
            waitDone(c)
            def read = command(c.commandId)
            [read.status == DONE, read.name, SEQUENTIAL.name(), ContainerStatus.RUNNING.name()]
        ''')

        then:
        result == [true, 'node_upload_start', 'SEQUENTIAL', 'RUNNING']
    }

    def "params, param() with a default, args and echo"() {
        when:
        def ctx = context().withParams([url: 'http://repo.example.com/x.war']).withArgs(['a', 'b'])
        def result = DslScript.compile('script.groovy', '''
            echo "url ${params.url}, env ${param('env', 'dev')}, args ${args}"
            [params.url, param('url'), param('env', 'dev'), args]
        ''', false).run(ctx)

        then:
        result == ['http://repo.example.com/x.war', 'http://repo.example.com/x.war', 'dev', ['a', 'b']]
        err.readLines() == ['url http://repo.example.com/x.war, env dev, args [a, b]']
    }

    def "a required parameter that was not given is a usage error naming it, before the script runs"() {
        when:
        run("echo 'started'\nnode(610474) { deploy url: param('url') }")

        then:
        def e = thrown(acs.InvalidInputException)
        e.exitCode() == 2
        e.message.contains('script.groovy needs parameter url; nothing was run. Give -Purl=VALUE')
        sim.accessLog().isEmpty()
    }

    def "a parameter whose name is known only at run time is checked when it is read"() {
        when:
        run("def name = 'url'\nnode(610474) { deploy url: param(name) }")

        then:
        def e = thrown(ScriptFailedException)
        e.exitCode() == 2
        e.message == 'script.groovy:2: -Purl: is required by this script: acs run FILE -Purl=VALUE'
        sim.accessLog().isEmpty()
    }

    def "a bare shared constant is the node's status"() {
        expect:
        run('RUNNING') == NodeStatus.RUNNING
        run('DONE') == CommandStatus.DONE
    }
}
