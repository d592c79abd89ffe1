package acs.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While another process uses a home's embedded simulator, a second one waits for it and says so
 * to whoever asked (the CLI's stderr, a library user's notices), never on its own to stderr.
 */
@Tag("child-process")
class EmbeddedLockNoticeTest {
    static final String HOLDER = """
            import java.nio.channels.FileChannel;
            import java.nio.file.*;
            class Holder {
                public static void main(String[] a) throws Exception {
                    try (FileChannel ch = FileChannel.open(Path.of(a[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                        ch.lock();
                        System.out.println("locked");
                        System.out.flush();
                        System.in.read(); // held until the test closes our stdin
                    }
                }
            }
            """;

    @Test
    void theWaitIsToldToTheCallersNoticesAndTheActionRunsOnceTheOtherProcessLetsGo(@TempDir Path home) throws Exception {
        Path source = Files.writeString(home.resolve("Holder.java"), HOLDER);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(java, source.toString(), home.resolve(EmbeddedSimulator.LOCK_FILE).toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            var out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).as("the other process holds the lock").isEqualTo("locked");

            BlockingQueue<String> notices = new LinkedBlockingQueue<>();
            CompletableFuture<Void> ran = new CompletableFuture<>();
            Thread waiting = new Thread(() -> EmbeddedSimulator.withStateLocked(home, notices::add, () -> ran.complete(null)));
            waiting.start();
            assertThat(notices.poll(1, TimeUnit.MINUTES)).as("told while it waits")
                    .isEqualTo("acs: waiting for another acs process using the embedded simulator...");
            assertThat(ran).as("not run while the other process holds the state").isNotDone();

            holder.getOutputStream().close();
            ran.get(1, TimeUnit.MINUTES);
            waiting.join(TimeUnit.MINUTES.toMillis(1));
            assertThat(notices).as("told once").isEmpty();
        } finally {
            holder.destroyForcibly();
        }
    }
}
