package acs.cli;

import acs.cli.launch.Resident;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The driver of {@link SameJvmTest}, in a JVM of its own: runs command lines one after another in
 * this one JVM through the resident's entry ({@link Resident#execute}), each with its own empty
 * stdin and no terminal, and writes each one's exit code, stdout and stderr to a folder.
 * Arguments: the folder, then the command lines, each a list of arguments separated by {@code \u0001}.
 */
public final class SameJvm {
    private SameJvm() {}

    public static void main(String... args) throws Exception {
        Path dir = Path.of(args[0]);
        // the JVM's own rule for its standard streams' charset, as a command in a JVM of its own prints
        Charset cs = Charset.forName(System.getProperty("stdout.encoding", System.getProperty("sun.stdout.encoding", Charset.defaultCharset().name())));
        Terminal none = new Terminal() {
            @Override public boolean interactive() {
                return false;
            }

            @Override public String readLine(String prompt) {
                return null;
            }
        };
        for (int i = 1; i < args.length; i++) {
            List<String> line = new ArrayList<>(List.of(args[i].split("\u0001", -1)));
            ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
            int code = Resident.execute(line.toArray(String[]::new), new PrintStream(out, true, cs), new PrintStream(err, true, cs),
                    new ByteArrayInputStream(new byte[0]), none);
            Files.write(dir.resolve(i + ".out"), out.toByteArray());
            Files.write(dir.resolve(i + ".err"), err.toByteArray());
            Files.writeString(dir.resolve(i + ".exit"), Integer.toString(code));
        }
    }
}
