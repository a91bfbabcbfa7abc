package io.arbalest.am.cli;

import io.arbalest.planner.error.ArbalestException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The `arbalest` command line: `arbalest sql ...`, `arbalest explain ...`. */
@Command(name = "arbalest", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Arbalest: a distributed SQL engine for Hadoop clusters, on Apache Arrow.",
        subcommands = {SqlCommand.class, ExplainCommand.class, DevClusterCommand.class, CommandLine.HelpCommand.class})
public final class ArbalestCli implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out), new PrintWriter(System.err)));
    }

    /** Runs the CLI and returns its exit code: 0 success, 1 a query error, 2 bad usage. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new ArbalestCli());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            boolean verbose = parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--verbose");
            if (exception instanceof ArbalestException arbalest) {
                err.println(arbalest.describe());
            } else {
                err.println("Internal error: " + exception + ". This is a bug in Arbalest; run again with --verbose "
                        + "and report the stack trace.");
            }
            if (verbose) {
                exception.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
