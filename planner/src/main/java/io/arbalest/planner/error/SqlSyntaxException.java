package io.arbalest.planner.error;

/** The SQL text does not parse; carries the 1-based line and column where parsing stopped. */
public final class SqlSyntaxException extends ArbalestException {
    private final int line;
    private final int column;

    public SqlSyntaxException(String message, int line, int column, Throwable cause) {
        super(message, cause);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    @Override
    public String kind() {
        return "SQL syntax error";
    }
}
