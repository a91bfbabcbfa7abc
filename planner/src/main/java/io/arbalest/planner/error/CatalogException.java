package io.arbalest.planner.error;

/** A warehouse, table or data file cannot be found, listed or understood. */
public final class CatalogException extends ArbalestException {
    public CatalogException(String message) {
        super(message);
    }

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String kind() {
        return "Catalog error";
    }
}
