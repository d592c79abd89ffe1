package acs.dsl

/** Scripts are checked whole before they run: parameters, literal values, names; a failed assert is a failure. */
class PreflightSpec extends DslSpecBase {
    static final String ROLLBACK = '''\
node(610474) {
    deploy url: param('url')
    waitDone()
}
onFailure { node(610474).redeploy version: param('good') }
'''.stripIndent()

    def "a param without default used only in onFailure is required up front, in a dry run and a real run alike (#mode)"() {
        given:
        def f = scriptFile('deploy.groovy', 'def nodes = [610474]\nnode(nodes[0]) { deploy url: param(\'url\'); waitDone() }\n'
                + 'if (false) { echo param(\'good\') }\necho param(\'note\', \'none\')\n')

        when:
        def r = cli(([f.toString(), '-Purl=http://repo.example.com/a.war'] + extra) as String[])

        then:
        r.exit == 2
        r.err.contains('needs parameter good;')
        r.err.contains('-Pgood=VALUE')
        !r.err.contains('note')
        sim.accessLog().findAll { it.method() != 'GET' }.isEmpty()

        where:
        mode         | extra
        'real run'   | []
        'dry run'    | ['--dry-run']
        'rehearsal'  | ['--rehearse']
    }

    def "every missing parameter is listed at once"() {
        when:
        def r = cli(scriptFile('two.groovy', "echo param('a') + param('b')").toString())

        then:
        r.exit == 2
        r.err.contains('needs parameters a, b;')
    }

    def "a literal duration, URL or method that cannot work fails at its line before the deploy is sent (#what)"() {
        given:
        def f = scriptFile('bad.groovy', "node(610474) {\n    deploy url: 'http://repo.example.com/a.war'\n    ${line}\n}\n")

        when:
        def r = cli(f.toString())

        then:
        r.exit == 2
        r.err.contains("${f}:3:")
        r.err.contains(expected)
        sim.accessLog().isEmpty()

        where:
        what        | line                                                   | expected
        'duration'  | "waitDone(timeout: '10 minutes')"                      | "timeout: '10 minutes' is not a duration"
        'url'       | "deploy url: 'ftp://repo.example.com/b.war'"           | "is not an http(s) URL"
        'method'    | "deploy url: 'http://r.example.com/c.war', method: 'SIDEWAYS'" | "'SIDEWAYS' is not valid"
    }

    def "did you mean for a misspelt enum constant and a case-only typo (#typo)"() {
        when:
        def r = cli(scriptFile('typo.groovy', script).toString())

        then:
        r.exit == 2
        r.err.contains(hint)

        where:
        typo       | script                                                               | hint
        'RUNING'   | "node(610474) { if (status == RUNING) echo 'up' }"                   | "did you mean 'RUNNING'?"
        'waitdone' | "node(610474) { deploy url: 'http://repo.example.com/a.war'; waitdone() }" | "did you mean 'waitDone'?"
    }

    def "a failed assert is a script failure (exit 6) with its line"() {
        given:
        def f = scriptFile('check.groovy', "echo 'checking'\nassert node(610474).status == STOPPED\n")

        when:
        def r = cli(f.toString())

        then:
        r.exit == 6
        r.err.contains("acs: error: ${f}:2: assert")
    }
}
