package io.arbalest.am.cli;

import io.arbalest.am.driver.Driver;
import io.arbalest.am.driver.QueryResult;
import io.arbalest.am.driver.SqlSession;
import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.planner.error.ArbalestException;
import io.arbalest.planner.error.ScriptStatementException;
import io.arbalest.planner.sql.SqlScript;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * `arbalest sql`: runs the ';'-separated statements of -e or -f in order, printing each query's
 * result; the first error stops the script and names its statement's line.
 */
@Command(name = "sql", mixinStandardHelpOptions = true, description = "Run SQL statements (';'-separated: queries, "
        + "EXPLAIN, views, databases, tables, INSERT, partitions; see docs/sql.md and docs/hive.md) and print each "
        + "query's result.")
final class SqlCommand implements Callable<Integer> {
    @Mixin
    QueryOptionsMixin options;

    @Option(names = "--format", description = "table, csv or json (default: ${DEFAULT-VALUE}).", defaultValue = "table")
    String format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ResultFormatter.Format outputFormat = OutputFormats.parse(format);
        List<SqlScript.Statement> statements = SqlScript.parse(options.query().sql());
        PrintWriter out = spec.commandLine().getOut();
        try (Driver driver = Driver.open(options.query().config(), options.query().warehouse)) {
            SqlSession session = new SqlSession(driver, options.query().config().get(ArbalestConfig.DATABASE));
            if (!session.database().equals(io.arbalest.planner.catalog.Catalog.DEFAULT_DATABASE)) {
                session.use(session.database());
            }
            SqlSession.Output output = new SqlSession.Output() {
                @Override
                public void rows(QueryResult result) {
                    try {
                        ResultFormatter.print(result, outputFormat, out);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public void text(String text) {
                    out.print(text);
                }

                @Override
                public void warning(String text) {
                    out.flush();
                    spec.commandLine().getErr().println("Warning: " + text);
                }
            };
            for (SqlScript.Statement statement : statements) {
                try {
                    session.run(statement, output);
                } catch (ArbalestException e) {
                    throw statements.size() > 1 ? new ScriptStatementException(statement.line(), e) : e;
                }
                out.flush();
            }
        }
        return 0;
    }
}
