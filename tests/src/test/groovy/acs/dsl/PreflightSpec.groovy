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

    def "a script that throws has failed (exit 6) at its line, not crashed (#what)"() {
        given:
        def f = scriptFile('throws.groovy', "echo 'starting'\n${line}\n")

        when:
        def r = cli(f.toString())

        then:
        r.exit == 6
        r.err.contains("acs: error: ${f}:2: ${expected}")
        !r.err.contains('\tat ')

        where:
        what          | line                                                  | expected
        'its throw'   | "throw new IllegalStateException('no healthy node')"  | 'IllegalStateException: no healthy node'
        'a bad number'| "echo Integer.parseInt('x').toString()"              | 'NumberFormatException: For input string: "x"'
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

    def "a named argument of the wrong type fails at its line before the deploy before it is sent (#what)"() {
        given:
        def f = scriptFile('bad.groovy', "${header}node(610474) {\n    deploy url: 'http://repo.example.com/a.war'\n    ${line}\n}\n")

        when:
        def r = cli(f.toString())

        then:
        r.exit == 2
        r.err.contains("${f}:")
        r.err.contains(expected)
        sim.accessLog().findAll { it.method() != 'GET' }.isEmpty()

        where:
        what                      | header               | line                                        | expected
        'literal int, typed'      | ''                   | 'waitDone(timeout: 5)'                      | 'timeout: of waitDone must be a duration'
        'literal int, dynamic'    | '// acs: dynamic\n' | 'waitDone(timeout: 5)'                      | 'timeout: of waitDone must be a duration'
        'int variable, typed'     | ''                   | 'int t = 5; waitDone(timeout: t)'           | "named argument 'timeout' of waitDone must be a duration"
        'literal text for a flag' | ''                   | "deploy url: 'http://r.example.com/b.war', update: 'yes'" | 'update: of deploy must be true or false'
    }

    def "a -P the script never reads is refused with did you mean, before anything is sent"() {
        when:
        def r = cli(EXAMPLES.resolve('rolling-deploy.groovy').toString(), '-Purl=http://repo.example.com/a.war', '-Ppuase=60s')

        then:
        r.exit == 2
        r.err.contains("-Ppuase: is not a parameter of ")
        r.err.contains("did you mean 'pause'?")
        r.err.contains('nothing was run')
        sim.accessLog().isEmpty()
    }

    def "a parameter read by a computed name is accepted once the script declares it, and refused with the way to declare it before"() {
        given:
        def source = "def names = ['region']\nnames.each { echo \"\${it}=\${params[it]}\" }\n"

        when:
        def undeclared = cli(scriptFile('dyn.groovy', source).toString(), '-Pregion=eu')

        then:
        undeclared.exit == 2
        undeclared.err.contains("declare those with a line '// acs: params region'")

        when:
        def declared = cli(scriptFile('dyn.groovy', '// acs: params region\n' + source).toString(), '-Pregion=eu')

        then:
        declared.exit == 0
        declared.err.contains('region=eu')
    }

    def "a typed parameter of the wrong form fails naming it before anything is sent, even when read after a change (#reader)"() {
        given:
        def f = scriptFile('typed.groovy', "node(610474) { stop(); waitDone() }\necho \"${reader}: \${${reader}('v')}\"\n")

        when:
        def bad = cli(f.toString(), "-Pv=${value}")

        then:
        bad.exit == 2
        bad.err.contains("-Pv: ${expected}")
        sim.accessLog().findAll { it.method() != 'GET' }.isEmpty()

        when:
        def good = cli(f.toString(), "-Pv=${fine}")

        then:
        good.exit == 0
        good.err.contains("${reader}: ${shown}")

        where:
        reader          | value  | expected                            | fine    | shown
        'paramLong'     | 'abc'  | "must be a whole number, not 'abc'" | '12209' | '12209'
        'paramInt'      | '1.5'  | "must be a whole number, not '1.5'" | '2'     | '2'
        'paramDuration' | '10 m' | "'10 m' is not a duration"          | '90s'   | 'PT1M30S'
        'paramBoolean'  | 'yes'  | "must be true or false, not 'yes'"  | 'TRUE'  | 'true'
    }
}
