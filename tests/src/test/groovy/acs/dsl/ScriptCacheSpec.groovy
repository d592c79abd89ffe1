package acs.dsl

import acs.InvalidInputException
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.FileTime
import java.security.MessageDigest
import java.time.Duration
import java.time.Instant
import spock.lang.IgnoreIf
import spock.lang.TempDir

/**
 * The cache of compiled scripts, in process (ScriptCacheTest runs the same scenarios through a child
 * {@code acs run}): a script compiled once is loaded from its entry afterwards with all it knows about
 * its parameters; an entry that does not read back exactly as written is compiled afresh and replaced.
 */
class ScriptCacheSpec extends DslSpecBase {
    @TempDir Path tmp

    ScriptCache cache() { new ScriptCache(tmp.resolve('cache')) }

    List<Path> entries() {
        Path dir = tmp.resolve('cache')
        Files.isDirectory(dir) ? Files.list(dir).withCloseable { it.filter { it.toString().endsWith('.classes') }.sorted().toList() } : []
    }

    /** A text no earlier run can have cached, in any mode. */
    static String unique(String text) { "// ${System.nanoTime()}\n" + text }

    DslScript compile(String name, String source, boolean dynamic = false) {
        DslScript.compile(name, source, dynamic, cache())
    }

    static final String PARAMS_SCRIPT = '''\
        String url = param('url')
        String zone = param('zone')
        String mode = param('mode', 'careful')
        int batch = paramInt('batch', 2)
        long service = paramLong('service', 20001)
        boolean force = paramBoolean('force', false)
        echo "url=${url} zone=${zone} mode=${mode} batch=${batch} service=${service} force=${force} region=${params.region}"
        '''.stripIndent()

    def "a script compiled once is loaded from its entry and still knows every parameter it reads"() {
        given:
        String source = unique(PARAMS_SCRIPT)

        when:
        DslScript first = compile('ops/deploy.groovy', source)
        DslScript second = compile('ops/deploy.groovy', source)

        then:
        !first.fromCache()
        second.fromCache()
        second.typeChecked()
        second.name() == 'ops/deploy.groovy'
        second.toString() == 'DslScript[ops/deploy.groovy, type-checked]'
        entries().size() == 1
        entries()[0].fileName.toString() ==~ /deploy-[0-9a-f]{32}\.classes/
        second.requiredParams() == ['url', 'zone']
        second.knownParams() == ['url', 'zone', 'mode', 'batch', 'service', 'force', 'region'] as Set

        when: 'the cached script runs'
        second.run(context().withParams([url: 'http://r.example.com/a.war', zone: 'b', batch: '5', force: 'true', region: 'north']))

        then:
        err.contains('url=http://r.example.com/a.war zone=b mode=careful batch=5 service=20001 force=true region=north')

        when: 'a typed parameter that does not read is refused before the cached script runs'
        second.run(context().withParams([url: 'u', zone: 'z', batch: 'many']))

        then:
        InvalidInputException bad = thrown()
        bad.message.contains("must be a whole number, not 'many'")
        !err.contains('url=u ')

        when: 'a missing one too'
        second.run(context().withParams([url: 'u']))

        then:
        InvalidInputException missing = thrown()
        missing.message.contains('needs parameter zone')
    }

    def "a cached script that reads parameters by a computed name still says how to declare them"() {
        given:
        String source = unique('''\
            String which = 'a' + 'b'
            echo "read ${params[which]} and ${param('known', 'x')}"
            '''.stripIndent())
        compile('computed.groovy', source)

        when:
        DslScript cached = compile('computed.groovy', source)
        cached.run(context().withParams([ab: '1']))

        then:
        cached.fromCache()
        InvalidInputException e = thrown()
        e.message.contains("declare those with a line '// acs: params ab'")
    }

    def "an unchecked script is cached apart from the same text type-checked"() {
        given:
        String source = unique("echo 'either way'\n")

        expect:
        !compile('mode.groovy', source, false).fromCache()
        !compile('mode.groovy', source, true).fromCache()
        compile('mode.groovy', source, true).fromCache()
        compile('mode.groovy', source, true).toString() == 'DslScript[mode.groovy, dynamic]'
        compile('mode.groovy', source, false).fromCache()
        entries().size() == 2
    }

    def "the entry of a script is named after its file, made safe for a file name"() {
        when:
        compile('my ops(1).groovy', unique("echo 'named'\n"))

        then:
        entries()*.fileName*.toString().every { it ==~ /my_ops_1_-[0-9a-f]{32}\.classes/ }
        entries().size() == 1
    }

    def "using a cached script marks its entry as used, so it is not pruned"() {
        given:
        String source = unique("echo 'used'\n")
        compile('used.groovy', source)
        Path entry = entries()[0]
        Files.setLastModifiedTime(entry, FileTime.from(Instant.now() - Duration.ofDays(20)))

        when:
        compile('used.groovy', source)

        then:
        Files.getLastModifiedTime(entry).toInstant() > Instant.now() - Duration.ofDays(1)
    }

    def "writing an entry prunes those unused for 30 days and keeps the rest"() {
        given:
        Path dir = Files.createDirectories(tmp.resolve('cache'))
        Path stale = Files.writeString(dir.resolve('old-0.classes'), 'x')
        Path recent = Files.writeString(dir.resolve('recent-0.classes'), 'x')
        Path folder = Files.createDirectory(dir.resolve('a-folder'))
        [(stale): 31, (recent): 29, (folder): 60].each { Path p, int days ->
            Files.setLastModifiedTime(p, FileTime.from(Instant.now() - Duration.ofDays(days)))
        }

        when:
        compile('prune.groovy', unique("echo 'prune'\n"))

        then:
        !Files.exists(stale)
        Files.exists(recent)
        Files.isDirectory(folder)
        entries().size() == 2
    }

    def "a damaged entry (#damage) is compiled afresh, runs, and is replaced"() {
        given:
        String source = unique("echo 'still runs'\n")
        compile('damaged.groovy', source)
        Path entry = entries()[0]
        byte[] good = Files.readAllBytes(entry)
        Files.write(entry, damaged.call(good))

        when:
        DslScript again = compile('damaged.groovy', source)
        again.run(context())

        then:
        !again.fromCache()
        err.contains('still runs')
        Files.readAllBytes(entry) == good
        compile('damaged.groovy', source).fromCache()

        where:
        damage                         | damaged
        'empty'                        | { byte[] b -> new byte[0] }
        'shorter than its checksum'    | { byte[] b -> Arrays.copyOf(b, 20) }
        'cut in half'                  | { byte[] b -> Arrays.copyOf(b, b.length.intdiv(2)) }
        'one byte changed'             | { byte[] b -> byte[] c = b.clone(); c[b.length.intdiv(3)] ^= 0x5A; c }
        'a byte more, checksum redone' | { byte[] b -> resealed(Arrays.copyOf(Arrays.copyOf(b, b.length - 32), b.length - 31)) }
        'another format, resealed'     | { byte[] b -> byte[] body = Arrays.copyOf(b, b.length - 32); body[3] = (byte) (body[3] + 1); resealed(body) }
    }

    def "an entry whose classes do not make a script (#what) is compiled afresh"() {
        given:
        String source = unique("echo 'a real script'\n")
        ScriptCache cache = cache()
        Path entry = cache.entry('foreign.groovy', source, true)
        cache.write(entry, new ScriptCache.Entry(classes, [], [], [:], false))

        when:
        DslScript script = DslScript.compile('foreign.groovy', source, false, cache)
        script.run(context())

        then:
        !script.fromCache()
        err.contains('a real script')
        DslScript.compile('foreign.groovy', source, false, cache).fromCache()

        where:
        what                   | classes
        'none at all'          | [:]
        'a class of the DSL'   | ['acs.dsl.Suggest': ScriptCacheSpec.getResourceAsStream('/acs/dsl/Suggest.class').bytes]
        'bytes that no class'  | ['foreign_broken': [1, 2, 3, 4] as byte[]]
    }

    def "a script that does not check is reported the same way every time and never stored"() {
        given:
        String source = unique("node(610474) {\n    deploy urll: 'http://repo.example.com/app.war'\n}\n")

        when:
        compile('bad.groovy', source)
        then:
        ScriptCheckException first = thrown()

        when:
        compile('bad.groovy', source)
        then:
        ScriptCheckException second = thrown()
        second.message == first.message
        first.message.contains("bad.groovy:3:12: 'urll' is not a named argument of deploy")
        entries().isEmpty()
    }

    def "the toolkit a script was compiled against names each code location by its size and time"() {
        when: 'worked out afresh (it is kept for the JVM once known)'
        ScriptCache.toolkit = null
        String toolkit = ScriptCache.toolkit()
        Path groovyJar = Path.of(groovy.lang.GroovySystem.protectionDomain.codeSource.location.toURI())
        Path dslClasses = Path.of(AcsScript.protectionDomain.codeSource.location.toURI())

        then:
        toolkit.startsWith("acs ${acs.client.AcsClient.VERSION}|java ${Runtime.version().feature()}|")
        toolkit.split('\\|').size() == 5
        toolkit.contains(locationOf(groovyJar))
        toolkit.contains(locationOf(dslClasses))
    }

    def "two scripts of the same name and length are two entries"() {
        given:
        String a = unique("echo 'version A'\n")
        String b = a.replace('version A', 'version B')

        when:
        compile('same.groovy', a)
        DslScript other = compile('same.groovy', b)
        other.run(context())

        then:
        !other.fromCache()
        err.contains('version B')
        !err.contains('version A')
        entries().size() == 2
    }

    @IgnoreIf(value = { System.getProperty('acs.scriptCache') == 'off' }, reason = 'the mutation tester turns the home\'s cache off')
    def "a script file compiled twice is loaded from the cache in the toolkit's home"() {
        given:
        Path file = tmp.resolve('home-cached.groovy')
        Files.writeString(file, unique("echo 'from the home'\n"))

        expect:
        !DslScript.compile(file, false).fromCache()
        DslScript.compile(file, false).fromCache()
    }

    def "a cache #what other users can write is refused: its classes would run as this user"() {
        given:
        String source = unique("echo 'not run'\n")
        compile('shared.groovy', source)
        Path target = what == 'entry' ? entries()[0] : tmp.resolve('cache')
        Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString(mode))

        when:
        compile('shared.groovy', source)

        then:
        acs.ConfigException e = thrown()
        e.message.contains(expected)
        e.message.contains('can be written by other users')
        e.message.contains("chmod go-w ${target.toRealPath()}")

        where:
        what     | mode        | expected
        'entry'  | 'rw-rw-r--' | 'the script cache entry '
        'folder' | 'rwxrwxrwx' | 'the script cache '
    }

    /** A jar: path:size:mtime; a class folder: path:files:newest mtime. */
    static String locationOf(Path p) {
        if (Files.isRegularFile(p)) return "${p}:${Files.size(p)}:${Files.getLastModifiedTime(p).toMillis()}"
        List<Path> files = Files.walk(p).withCloseable { it.filter { Files.isRegularFile(it) }.toList() }
        "${p}:${files.size()}:${files.collect { Files.getLastModifiedTime(it).toMillis() }.max()}"
    }

    static byte[] resealed(byte[] body) {
        byte[] sum = MessageDigest.getInstance('SHA-256').digest(body)
        byte[] all = Arrays.copyOf(body, body.length + 32)
        System.arraycopy(sum, 0, all, body.length, 32)
        all
    }
}
