package acs.dsl

import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.TempDir

/** With -Dacs.scriptCache=off (the mutation tester's JVMs) every script is compiled afresh, none is served from the home's cache. */
class ScriptCacheOffSpec extends Specification {
    @TempDir Path tmp

    def "with the cache off a script compiled twice is compiled twice"() {
        given:
        String saved = System.getProperty('acs.scriptCache')
        Path file = tmp.resolve('uncached.groovy')
        Files.writeString(file, "echo 'not cached ${UUID.randomUUID()}'\n")
        System.setProperty('acs.scriptCache', 'off')

        expect:
        !DslScript.compile(file, false).fromCache()
        !DslScript.compile(file, false).fromCache()

        cleanup:
        if (saved == null) System.clearProperty('acs.scriptCache') else System.setProperty('acs.scriptCache', saved)
    }
}
