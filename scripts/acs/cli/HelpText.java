package acs.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Help laid out for people: picocli is given a width it never reaches, and each section is then
 * wrapped here at spaces only (picocli's own wrapping breaks at any line-break opportunity:
 * "e.\n g.", paths and URLs at a slash or hyphen). A description's or footer's sentences given as
 * several strings read as one paragraph; a continued option description keeps its column, a
 * continued example comment stays a comment under its '#', a synopsis continues after the command.
 */
final class HelpText {
    /** The width help is wrapped to, as picocli's default. */
    static final int WIDTH = 80;
    private static final int UNWRAPPED = 1000;

    private static final Pattern SYNOPSIS = Pattern.compile("^(\u0000+\\S+(?: [a-z][\\w-]*)* )");
    private static final Pattern OPTION_ROW = Pattern.compile("^(\\s+(?:-|\\[|[A-Z])\\S*(?:, \\S+)?(?: \\S+)?\\s{2,})\\S");
    private static final Pattern COMMAND_ROW = Pattern.compile("^(\\s+[a-z][\\w-]*\\s{2,})\\S");
    private static final Pattern NUMBERED_ROW = Pattern.compile("^(\\s+\\d+\\s+)\\S");
    private static final String COMMAND = "^(\\s+)(?:acs|\\./|source|printf|export|kill|jbang|ACS_[A-Z_]+=)";
    private static final Pattern EXAMPLE = Pattern.compile(COMMAND + "\\S*\\s.*?\\s# ");
    private static final Pattern EXAMPLE_COMMENT = Pattern.compile("^(.*?\\s)# ");
    private static final Pattern COMMAND_LINE = Pattern.compile(COMMAND);
    /** A shell word: quoted parts stay together ('download package'). */
    private static final Pattern WORD = Pattern.compile("(?:[^\\s'\"]+|'[^']*'|\"[^\"]*\")+");

    private HelpText() {}

    /** Lays out the help of this command line and of every subcommand it has now (once each). */
    static void apply(CommandLine cl) {
        cl.setUsageHelpWidth(UNWRAPPED);
        Map<String, CommandLine.IHelpSectionRenderer> sections = cl.getHelpSectionMap();
        for (String key : List.copyOf(sections.keySet())) {
            CommandLine.IHelpSectionRenderer r = sections.get(key);
            if (r instanceof Marker) continue;
            if (key.equals(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS)) {
                sections.put(key, new Synopsis(r));
                continue;
            }
            boolean prose = key.equals(CommandLine.Model.UsageMessageSpec.SECTION_KEY_DESCRIPTION)
                    || key.equals(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER)
                    || key.equals(CommandLine.Model.UsageMessageSpec.SECTION_KEY_HEADER);
            sections.put(key, new Wrapped(r, prose));
        }
        cl.setHelpSectionMap(sections);
        for (CommandLine sub : cl.getSubcommands().values()) apply(sub);
    }

    private record Wrapped(CommandLine.IHelpSectionRenderer inner, boolean prose) implements CommandLine.IHelpSectionRenderer, Marker {
        @Override public String render(CommandLine.Help help) {
            String text = inner.render(help);
            return text == null ? null : wrap(prose ? paragraphs(text) : text, WIDTH);
        }
    }

    /** The synopsis follows its heading ("Usage: ") on the first line and continues after the command's name. */
    private record Synopsis(CommandLine.IHelpSectionRenderer inner) implements CommandLine.IHelpSectionRenderer, Marker {
        @Override public String render(CommandLine.Help help) {
            String text = inner.render(help);
            if (text == null || text.isEmpty()) return text;
            String heading = help.commandSpec().usageMessage().synopsisHeading().replace("%n", "\n");
            int first = heading.length() - heading.lastIndexOf('\n') - 1;
            String pad = "\u0000".repeat(first);
            return wrap(pad + text.stripTrailing(), WIDTH).substring(first) + "\n";
        }
    }

    private interface Marker {}

    /** Lines that continue a sentence (neither empty nor indented, the one before not ending a heading) joined into one. */
    static String paragraphs(String text) {
        String[] lines = text.split("\n", -1);
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            int last = out.size() - 1;
            if (last >= 0 && !line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && !out.get(last).isBlank()
                    && !Character.isWhitespace(out.get(last).charAt(0)) && !out.get(last).endsWith(":")) {
                out.set(last, out.get(last) + " " + line);
            } else {
                out.add(line);
            }
        }
        return String.join("\n", out);
    }

    /** Every line wrapped at spaces to {@code width}. */
    static String wrap(String text, int width) {
        StringBuilder b = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) b.append('\n');
            b.append(line(lines[i], width));
        }
        return b.toString();
    }

    /** A long example command continued as the shell reads it: " \\" at the end, the rest indented; a word is never broken. */
    private static String command(String line, int lead, int width) {
        StringBuilder out = new StringBuilder(line.substring(0, lead));
        int col = lead;
        boolean first = true;
        List<String> all = new ArrayList<>();
        Matcher words = WORD.matcher(line.substring(lead));
        while (words.find()) {
            String w = words.group();
            int last = all.size() - 1;
            // an option stays with its value (-o table)
            if (last >= 0 && all.get(last).startsWith("-") && !all.get(last).contains("=") && !w.startsWith("-") && !all.get(last).contains(" ")) {
                all.set(last, all.get(last) + " " + w);
            } else {
                all.add(w);
            }
        }
        for (String word : all) {
            if (!first && col + 1 + word.length() > width - 2) {
                out.append(" \\\n").append(" ".repeat(lead + 4));
                col = lead + 4;
                first = true;
            }
            if (!first) {
                out.append(' ');
                col++;
            }
            out.append(word);
            col += word.length();
            first = false;
        }
        return out.toString();
    }

    private static String line(String line, int width) {
        String trimmed = line.stripTrailing();
        if (trimmed.length() <= width) return line;
        String head;
        int indent;
        String prefix = "";
        Matcher m;
        if ((m = SYNOPSIS.matcher(trimmed)).find()) {
            head = m.group(1);
            indent = head.length();
        } else if (EXAMPLE.matcher(trimmed).find()) {
            // an example with a comment: the command whole, the comment continued under its '#'
            trimmed = trimmed.replaceFirst("\\s{3,}# ", "  # ");
            if (trimmed.length() <= width) return trimmed;
            m = EXAMPLE_COMMENT.matcher(trimmed);
            m.find();
            head = m.group(1) + "# ";
            indent = m.group(1).length();
            prefix = "# ";
            if (width - indent - prefix.length() < 20) return trimmed;   // no room beside it: the line stays long, never a comment alone
        } else if ((m = COMMAND_LINE.matcher(trimmed)).find()) {
            return command(trimmed, m.group(1).length(), width);
        } else if ((m = OPTION_ROW.matcher(trimmed)).find() || (m = NUMBERED_ROW.matcher(trimmed)).find()
                || (m = COMMAND_ROW.matcher(trimmed)).find()) {
            head = m.group(1);
            indent = head.length();
        } else {
            int lead = 0;
            while (lead < trimmed.length() && trimmed.charAt(lead) == ' ') lead++;
            head = trimmed.substring(0, lead);
            indent = lead;
        }
        if (width - indent - prefix.length() < 20) {   // too little room to continue there
            indent = Math.min(indent, 8);
        }
        StringBuilder out = new StringBuilder(head);
        int col = head.length();
        boolean lineEmpty = true;
        for (String word : trimmed.substring(head.length()).split(" ")) {
            if (word.isEmpty()) continue;
            if (!lineEmpty && col + 1 + word.length() > width) {
                out.append('\n').append(" ".repeat(indent)).append(prefix);
                col = indent + prefix.length();
                lineEmpty = true;
            }
            if (!lineEmpty) {
                out.append(' ');
                col++;
            }
            out.append(word);
            col += word.length();
            lineEmpty = false;
        }
        return out.toString();
    }
}
