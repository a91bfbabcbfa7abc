package io.arbalest.am.cli;

import io.arbalest.am.driver.LocalDriver;
import io.arbalest.planner.config.ArbalestConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/**
 * `arbalest explain`: prints the optimised logical plan and the physical plan of a query, or
 * with --distributed the stages it runs as. Plans only: it starts no executors.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Print the optimised logical plan and the physical plan of a query without running it.")
final class ExplainCommand implements Callable<Integer> {
    @Mixin
    QueryOptionsMixin options;

    @Option(names = "--distributed", description = "Print the stages the query runs as on executors, with their "
            + "shuffle reads and outputs.")
    boolean distributed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ArbalestConfig config = options.query().config();
        try (LocalDriver driver = LocalDriver.open(config, options.query().warehouse)) {
            String sql = options.query().sql();
            String database = config.get(ArbalestConfig.DATABASE);
            spec.commandLine().getOut().print(distributed ? driver.planning().explainDistributed(sql, database)
                    : driver.planning().explain(sql, database));
        }
        return 0;
    }
}
