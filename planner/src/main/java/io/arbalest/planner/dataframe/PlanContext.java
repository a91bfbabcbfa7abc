package io.arbalest.planner.dataframe;

import io.arbalest.proto.logical.ReadFiles;

import java.util.List;

/** What the plan compiler asks of the SQL front end while it turns a DataFrame plan into SQL. */
public interface PlanContext {
    /** The names of the columns a query returns; validating it, so a bad query fails here with its error. */
    List<String> columnNames(String sql);

    /** Makes files a table of the query being planned; returns the name to read it by. */
    String filesTable(ReadFiles files);

    /** Makes session.range(start, end, step) a table of the query being planned; returns its name. */
    String rangeTable(long start, long end, long step);

    /** Checks that SQL text is one query (SELECT, WITH, VALUES); returns it without a trailing ';'. */
    String query(String sql);

    /** Checks that text is one item of a SELECT list (an expression, perhaps with AS name); returns it. */
    String selectItem(String text);
}
