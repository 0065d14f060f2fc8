package lab.compare.cli;

import picocli.CommandLine.Option;

/** --verbose: full stack traces on errors (otherwise one line that names the problem). */
final class Verbosity {

    @Option(names = "--verbose", description = "On an error, print the full stack trace too.")
    boolean verbose;
}
