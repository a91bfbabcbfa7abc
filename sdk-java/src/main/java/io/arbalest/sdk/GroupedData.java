package io.arbalest.sdk;

import io.arbalest.proto.logical.Aggregate;
import io.arbalest.proto.logical.Expression;
import io.arbalest.proto.logical.Relation;

import java.util.ArrayList;
import java.util.List;

import static io.arbalest.sdk.Functions.col;

/**
 * A DataFrame grouped by keys ({@code df.groupBy("a")}): each aggregation gives one row per
 * group, the grouping columns first, then the aggregates, as Spark's RelationalGroupedDataset.
 */
public final class GroupedData {
    private final DataFrame input;
    private final List<Expression> grouping;

    GroupedData(DataFrame input, List<Expression> grouping) {
        this.input = input;
        this.grouping = List.copyOf(grouping);
    }

    public DataFrame agg(Column aggregate, Column... more) {
        List<Column> all = new ArrayList<>();
        all.add(aggregate);
        all.addAll(List.of(more));
        return agg(all);
    }

    DataFrame agg(List<Column> aggregates) {
        Aggregate.Builder aggregate = Aggregate.newBuilder().setInput(input.plan()).addAllGrouping(grouping);
        aggregates.forEach(a -> aggregate.addAggregates(a.expression()));
        return input.derive(Relation.newBuilder().setAggregate(aggregate));
    }

    /** Rows per group, in a column named count. */
    public DataFrame count() {
        return agg(Functions.count("*").alias("count"));
    }

    public DataFrame sum(String... columns) {
        return each("sum", columns);
    }

    public DataFrame avg(String... columns) {
        return each("avg", columns);
    }

    public DataFrame mean(String... columns) {
        return each("avg", columns);
    }

    public DataFrame min(String... columns) {
        return each("min", columns);
    }

    public DataFrame max(String... columns) {
        return each("max", columns);
    }

    private DataFrame each(String function, String... columns) {
        if (columns.length == 0) {
            throw new IllegalArgumentException(function + "() needs the columns to aggregate.");
        }
        List<Column> aggregates = new ArrayList<>();
        for (String column : columns) {
            aggregates.add(Column.call(function, col(column)));
        }
        return agg(aggregates);
    }
}
