package io.arbalest.am.cluster;

import io.arbalest.planner.error.ArbalestException;

/** An error the driver reported for a query submitted over gRPC: its kind and message as the driver wrote them. */
public final class RemoteQueryException extends ArbalestException {
    private final String kind;

    public RemoteQueryException(String kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    @Override
    public String kind() {
        return kind;
    }
}
