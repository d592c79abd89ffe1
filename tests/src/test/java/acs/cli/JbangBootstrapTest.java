package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./jbang's bootstrap takes JBang's jars as build/jbang/jbang.lock lists them, and only when each
 * matches the lock's SHA-256. A copy of the wrapper with a one-jar lock and a mirror on disk
 * (ACS_MAVEN_URL=file:...) stands for Maven Central: no network.
 */
@Tag("child-process")
class JbangBootstrapTest {
    @TempDir Path tmp;

    private Path checkout(byte[] lockedJar) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("clone"));
        Files.copy(Proc.REPO.resolve("jbang"), root.resolve("jbang"));
        root.resolve("jbang").toFile().setExecutable(true);
        Files.createDirectories(root.resolve("build/jbang"));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(lockedJar));
        Files.writeString(root.resolve("build/jbang/jbang.lock"),
                "# test lock\nex/ample/tool/1.0/tool-1.0.jar " + sha + " " + lockedJar.length + "\n");
        return root;
    }

    private Proc bootstrap(Path root, Path mirror) throws Exception {
        return Proc.run(tmp.resolve("home"), root, Map.of("ACS_MAVEN_URL", mirror.toUri().toString(),
                "JBANG_REPO", tmp.resolve("empty-m2").toString(), "ACS_JBANG_NO_PATH", "1", "ACS_JBANG_CDS", "0"),
                null, List.of(root.resolve("jbang").toString(), "version"));
    }

    private Path mirrorWith(byte[] jar) throws Exception {
        Path mirror = tmp.resolve("mirror");
        Path file = mirror.resolve("ex/ample/tool/1.0/tool-1.0.jar");
        Files.createDirectories(file.getParent());
        Files.write(file, jar);
        return mirror;
    }

    @Test void aJarThatDoesNotMatchTheLockIsRefusedAndNothingIsKept() throws Exception {
        Path root = checkout("the real jar".getBytes());
        Proc r = bootstrap(root, mirrorWith("a tampered jar".getBytes()));
        assertThat(r.exit()).as(r.toString()).isNotZero();
        assertThat(r.err()).contains("fetching JBang").contains("do not match build/jbang/jbang.lock");
        assertThat(root.resolve(".jbang-bootstrap/lib")).doesNotExist();
    }

    @Test void jarsThatMatchAreKeptAndNotFetchedAgain() throws Exception {
        byte[] jar = "the real jar".getBytes();
        Path root = checkout(jar);
        Path mirror = mirrorWith(jar);
        bootstrap(root, mirror);   // JBang itself is not in this lock: the run fails after the bootstrap
        assertThat(root.resolve(".jbang-bootstrap/lib/tool-1.0.jar")).hasBinaryContent(jar);

        Files.delete(mirror.resolve("ex/ample/tool/1.0/tool-1.0.jar"));
        Proc again = bootstrap(root, mirror);
        assertThat(again.err()).doesNotContain("fetching JBang");
        assertThat(root.resolve(".jbang-bootstrap/lib/tool-1.0.jar")).hasBinaryContent(jar);
    }
}
