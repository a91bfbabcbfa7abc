package io.arbalest.planner.error;

/** Valid SQL that this version of Arbalest cannot run yet; the message names the construct. */
public final class UnsupportedFeatureException extends ArbalestException {
    public UnsupportedFeatureException(String message) {
        super(message);
    }

    @Override
    public String kind() {
        return "Not supported";
    }
}
