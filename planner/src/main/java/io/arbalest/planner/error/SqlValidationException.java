package io.arbalest.planner.error;

/** The SQL parses but names an unknown table or column, or mixes types that do not go together. */
public final class SqlValidationException extends ArbalestException {
    public SqlValidationException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String kind() {
        return "SQL error";
    }
}
