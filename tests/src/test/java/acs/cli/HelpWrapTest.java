package acs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * How a long help line is wrapped at 80 columns, the expected text written out by hand: an example
 * command continues as the shell reads it (" \", then indented by four), an example's comment
 * continues under its '#' or, with too little room beside it, stays long; an option's description
 * continues in its column unless that leaves fewer than 20 columns.
 */
class HelpWrapTest {
    static final String X72 = "x".repeat(72);

    @Test
    void aCommandContinuesAsTheShellReadsItAndAWordEndingAtColumn78StaysOnItsLine() {
        assertThat(HelpText.wrap("  acs " + X72 + " yy", 80)).isEqualTo("  acs " + X72 + " \\\n      yy");
    }

    @Test
    void anOptionStaysWithItsValueWhenACommandContinues() {
        assertThat(HelpText.wrap("  acs node-deploy 610474 610247 --url http://repo.example.com/app-2.0.war --batch 2 --pause 30s --max-failures 1", 80))
                .isEqualTo("  acs node-deploy 610474 610247 --url http://repo.example.com/app-2.0.war \\\n      --batch 2 --pause 30s --max-failures 1");
    }

    @Test
    void anExampleThatFitsOnceTheGapBeforeItsCommentIsNarrowedKeepsItsWords() {
        String comment = "# list  nodes " + "w".repeat(40);
        assertThat(HelpText.wrap("  acs node-list -o table" + " ".repeat(10) + comment, 80)).isEqualTo("  acs node-list -o table  " + comment);
    }

    @Test
    void aLongCommentContinuesUnderItsHash() {
        assertThat(HelpText.wrap("  acs node-list -o table     # every node of every service, one line each, with its status and the number of its running containers in a row", 80))
                .isEqualTo("  acs node-list -o table  # every node of every service, one line each, with its\n"
                        + " ".repeat(26) + "# status and the number of its running containers in a\n"
                        + " ".repeat(26) + "# row");
    }

    @Test
    void aCommentWithFewerThanTwentyColumnsBesideItStaysLong() {
        String cmd = "  acs node-deploy 610474 --url http://repo.example.com/a.war";   // 60 columns: the comment would start at 64
        assertThat(HelpText.wrap(cmd + "     # deploy it now please", 80)).isEqualTo(cmd + "  # deploy it now please");
        String shorter = "  acs node-deploy 610474 --url http://repo.example.com/a";    // 56 columns: exactly 20 left for the comment
        assertThat(HelpText.wrap(shorter + "     # deploy it now please, then wait", 80)).isEqualTo(shorter + "  # deploy it now\n"
                + " ".repeat(58) + "# please, then wait");
    }

    @Test
    void anOptionDescriptionContinuesInItsColumnUnlessFewerThanTwentyAreLeft() {
        String narrow = "  --" + "x".repeat(55) + "=N   ";   // the description at column 64: 16 left
        assertThat(HelpText.wrap(narrow + "Nodes worked on at once, from the start request to the end of the command.", 80))
                .isEqualTo(narrow + "Nodes worked on\n        at once, from the start request to the end of the command.");
        String twenty = "  --" + "x".repeat(51) + "=N   ";   // at column 60: exactly 20 left
        assertThat(HelpText.wrap(twenty + "Nodes worked on at once, from the start request.", 80))
                .isEqualTo(twenty + "Nodes worked on at\n" + " ".repeat(60) + "once, from the start\n" + " ".repeat(60) + "request.");
    }
}
