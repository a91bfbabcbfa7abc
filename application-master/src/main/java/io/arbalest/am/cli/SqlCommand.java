package io.arbalest.am.cli;

import io.arbalest.am.driver.Driver;
import io.arbalest.am.driver.QueryResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;

/** `arbalest sql`: runs one query and prints its result. */
@Command(name = "sql", mixinStandardHelpOptions = true, description = "Run a SQL query and print its result.")
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
        try (Driver driver = Driver.open(options.query().config(), options.query().warehouse);
             QueryResult result = driver.execute(options.query().sql())) {
            ResultFormatter.print(result, outputFormat, spec.commandLine().getOut());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 0;
    }
}
