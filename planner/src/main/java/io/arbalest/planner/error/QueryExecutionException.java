package io.arbalest.planner.error;

/**
 * A query failed while running: arithmetic overflow, division by zero, a corrupt or unreadable
 * file, a memory limit. The message names the file, expression or setting involved.
 */
public final class QueryExecutionException extends ArbalestException {
    public QueryExecutionException(String message) {
        super(message);
    }

    public QueryExecutionException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String kind() {
        return "Query failed";
    }
}
