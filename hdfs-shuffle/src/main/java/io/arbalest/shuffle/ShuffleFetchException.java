package io.arbalest.shuffle;

/** A piece of shuffle output could not be read: its executor is gone, or its file is. */
public final class ShuffleFetchException extends RuntimeException {
    public ShuffleFetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
