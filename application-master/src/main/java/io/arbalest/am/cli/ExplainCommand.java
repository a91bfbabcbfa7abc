package io.arbalest.am.cli;

import io.arbalest.am.driver.LocalDriver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** `arbalest explain`: prints the optimised logical plan and the physical plan of a query. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Print the optimised logical plan and the physical plan of a query without running it.")
final class ExplainCommand implements Callable<Integer> {
    @Mixin
    QueryOptionsMixin options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (LocalDriver driver = LocalDriver.open(options.query().config(), options.query().warehouse)) {
            spec.commandLine().getOut().print(driver.explain(options.query().sql()));
        }
        return 0;
    }
}
