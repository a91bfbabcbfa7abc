package io.arbalest.am.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Makes {@link QueryOptions} a picocli mixin of each query command. */
final class QueryOptionsMixin {
    @ArgGroup(exclusive = false, multiplicity = "1", heading = "Query options:%n")
    QueryOptions query;

    QueryOptions query() {
        return query;
    }
}
