package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/CLI.md is the CLI's own help: a changed option or description without a regenerated reference fails here. */
class CliReferenceTest {
    static final Path FILE = KnownVariablesTest.REPO.resolve("docs/CLI.md");

    @Test
    void docsCliMdIsWhatEveryCommandsHelpPrints() throws Exception {
        assertThat(Files.exists(FILE)).as(FILE + " is missing").isTrue();
        String expected = CliReference.merge(Files.readString(FILE));
        if (Boolean.getBoolean("acs.writeCliReference")) Files.writeString(FILE, expected);
        assertThat(Files.readString(FILE)).as("docs/CLI.md differs from the CLI's help: run " + CliReference.REGENERATE + " and commit it")
                .isEqualTo(expected);
    }

    @Test
    void theReferenceHasEveryCommandAndItsOptions() {
        String md = CliReference.render();
        assertThat(md).contains("### acs node-deploy\n", "### acs journal\n", "### acs completion\n")
                .contains("Usage: acs node-deploy", "--rollback-version", "--dry-run")
                .contains("[`acs node-list`](#acs-node-list)");
    }
}
