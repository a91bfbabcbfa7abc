package io.arbalest.planner.sql;

import java.util.Optional;

/** A table's name as a statement writes it: {@code name} or {@code database.name}. */
public record TableName(Optional<String> database, String name) {
    /** The database it is in when the session's current database is {@code current}. */
    public String databaseOr(String current) {
        return database.orElse(current);
    }

    @Override
    public String toString() {
        return database.map(d -> d + ".").orElse("") + name;
    }
}
