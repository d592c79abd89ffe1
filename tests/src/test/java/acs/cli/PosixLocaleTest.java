package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user without LANG (a container, a cron job, ssh without locale forwarding): JBang's javac
 * then reads sources as US-ASCII, and the toolkit's sources hold names such as 预发. Built afresh
 * (JBANG_DIR of its own) in the POSIX locale, the CLI compiles and prints those names.
 */
@Tag("child-process")
class PosixLocaleTest {
    @TempDir Path tmp;

    @Test void theToolkitBuildsAndRunsInThePosixLocale() throws Exception {
        Proc r = Proc.jbang(tmp.resolve("home"), Map.of("LANG", "C", "LC_ALL", "C", "JBANG_DIR", tmp.resolve("jbang-home").toString()),
                "acs", "node-get", "610247", "-o", "json");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).doesNotContain("unmappable character");
        assertThat(r.out()).contains("\"id\": 610247").contains("registry.acs.aliyun.com/open/tomcat7:2.0.0");
    }
}
