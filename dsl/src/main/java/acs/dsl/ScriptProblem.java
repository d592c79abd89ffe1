package acs.dsl;

/**
 * One thing wrong with a script, found before it ran: where ({@code line} and {@code column}
 * are 1-based; 0 when unknown), what, and the source line for context.
 */
public record ScriptProblem(String file, int line, int column, String message, String sourceLine) {
    /** {@code deploy.groovy:2:8: message}, then the source line with a caret under the column. */
    public String describe() {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) sb.append(':').append(line);
        if (line > 0 && column > 0) sb.append(':').append(column);
        sb.append(": ").append(message);
        if (sourceLine != null && !sourceLine.isBlank()) {
            sb.append("\n    ").append(sourceLine.stripTrailing());
            if (column > 0) {
                StringBuilder pad = new StringBuilder();
                for (int i = 0; i < column - 1 && i < sourceLine.length(); i++) pad.append(sourceLine.charAt(i) == '\t' ? '\t' : ' ');
                sb.append("\n    ").append(pad).append('^');
            }
        }
        return sb.toString();
    }
}
