package io.arbalest.planner.error;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The error of one statement of a script: the statement's own error (of its kind), with the line
 * the statement starts on, and its positions ("at line 2, column 5") made lines of the script.
 */
public final class ScriptStatementException extends ArbalestException {
    private static final Pattern LINE = Pattern.compile("\\bline (\\d+)");
    private final ArbalestException error;

    public ScriptStatementException(int statementLine, ArbalestException error) {
        super("in the statement at line " + statementLine + ": " + inScript(error.getMessage(), statementLine), error);
        this.error = error;
    }

    @Override
    public String kind() {
        return error.kind();
    }

    private static String inScript(String message, int statementLine) {
        if (message == null) {
            return "";
        }
        Matcher matcher = LINE.matcher(message);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            int line = Integer.parseInt(matcher.group(1));
            matcher.appendReplacement(out, "line " + (line > 0 ? statementLine + line - 1 : statementLine));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
