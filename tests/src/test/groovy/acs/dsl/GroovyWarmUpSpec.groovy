package acs.dsl

import java.util.concurrent.CountDownLatch
import java.util.concurrent.atomic.AtomicBoolean

/** The warm-up of Groovy's runtime: waited for before a thread uses Groovy, and only while it runs. */
class GroovyWarmUpSpec extends DslSpecBase {

    def "once Groovy is warm there is nothing to wait for"() {
        given: 'a script has run, so Groovy is initialised'
        run("echo 'warm'")

        expect:
        GroovyWarmUp.start() == null
    }

    def "waiting for the warm-up waits for it to end, and an interrupt meanwhile is kept for the caller"() {
        given:
        CountDownLatch release = new CountDownLatch(1)
        AtomicBoolean ended = new AtomicBoolean()
        Thread warmUp = new Thread({ release.await(); ended.set(true) } as Runnable, 'test-warm-up')
        warmUp.start()
        Thread caller = Thread.currentThread()
        AtomicBoolean over = new AtomicBoolean()
        Thread.start {   // ends the stand-in once the caller is waiting for it
            while (caller.state != Thread.State.WAITING && !over.get()) Thread.onSpinWait()
            release.countDown()
        }

        when:
        Thread.currentThread().interrupt()
        GroovyWarmUp.await(warmUp)
        boolean interrupted = Thread.interrupted()

        then:
        ended.get()
        interrupted

        cleanup:
        over.set(true)
        release.countDown()
    }
}
