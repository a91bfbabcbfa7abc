package io.arbalest.planner.error;

/**
 * The root of every error a user can see. Its message is one paragraph that says what was
 * wrong and what to change (SQL position, table, column, file or configuration key); the CLI
 * prints it without a stack trace.
 */
public class ArbalestException extends RuntimeException {
    public ArbalestException(String message) {
        super(message);
    }

    public ArbalestException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A short word for the kind of error, printed before the message ("SQL syntax error"). */
    public String kind() {
        return "Error";
    }

    /** The error as a user reads it: its kind, a colon, and its message (what the CLI prints). */
    public String describe() {
        return kind() + ": " + getMessage();
    }
}
