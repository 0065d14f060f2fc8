package lab.compare.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import lab.data.DataException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

/**
 * The {@code lab} command line. The only place that reads flags and the environment, and the only one
 * that may end the process. Errors in the user's input become one line naming the problem and a
 * non-zero exit (2); {@code --verbose} adds the stack trace.
 */
@Command(name = "lab", mixinStandardHelpOptions = true, version = "inductive-bias-lab 0.1",
        description = {
            "Measure what a convolution's built-in assumptions (locality, and weight sharing) are worth,",
            "by training networks on images whose pixels are, or are not, scrambled.",
            ""},
        subcommands = {RunCommand.class, StudyCommand.Locality.class, StudyCommand.Sharing.class,
            StudyCommand.Translation.class, StudyCommand.Samples.class, StudyCommand.Params.class,
            SweepCommand.class, ReportCommand.class, TableCommand.class, TrainCommand.class,
            AgreeCommand.class, LessonCommand.class, ExerciseCommand.class, GradeCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Start with:  ./lab run --quick      then  ./lab help run"})
public final class Lab implements Runnable {

    private static PrintStream out = System.out;
    private static PrintStream err = System.err;
    private static String command = "./lab";

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true"); // the report's plots are drawn off-screen
        if (java.util.Arrays.asList(args).contains("--verbose")) {
            // Before any logger exists: DL4J's and ND4J's start-up information, normally kept quiet.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        }
        // Some library code prints to System.out (SameDiff: "Added differentiated op ..." for every op of a
        // locally connected layer). Results go to the real stdout; stray prints go nowhere, or to stderr
        // with --verbose.
        PrintStream stdout = System.out;
        System.setOut(java.util.Arrays.asList(args).contains("--verbose") ? System.err
                : new PrintStream(java.io.OutputStream.nullOutputStream()));
        System.exit(execute(args, stdout, System.err));
    }

    /** Runs the command line with these streams; returns the exit code. */
    static int execute(String[] args, PrintStream stdout, PrintStream stderr) {
        out = stdout;
        err = stderr;
        command = typed(args);
        CommandLine cmd = commandLine();
        cmd.setOut(new java.io.PrintWriter(stdout, true));
        cmd.setErr(new java.io.PrintWriter(stderr, true));
        cmd.setParameterExceptionHandler((e, args1) -> {
            CommandLine failed = e.getCommandLine();
            stderr.println("lab: error: " + message(e));
            stderr.println("(see: ./lab " + (failed.getParent() == null ? "" : failed.getCommandName() + " ")
                    + "--help)");
            return 2;
        });
        cmd.setExecutionExceptionHandler((e, failed, parse) -> {
            boolean verbose = parse.subcommand() != null && parse.subcommand().hasMatchedOption("--verbose");
            if (verbose || !isUserError(e)) {
                e.printStackTrace(stderr);
            }
            stderr.println("lab: error: " + e.getMessage());
            return isUserError(e) ? 2 : 1;
        });
        return cmd.execute(args);
    }

    /**
     * The command line as {@link #execute} runs it (and its help shows), without streams or handlers. An option
     * typed as an enum takes its value in any case, as every enum's own parse does ({@code --stacks DL4J}).
     */
    static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new Lab());
        cmd.setUsageHelpWidth(USAGE_WIDTH);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        return cmd;
    }

    /**
     * A parse error's one line. A word the command does not know names the nearest real one of that command
     * ({@link Nearest}): "Unknown option: '--stack' (did you mean --stacks?)", and of lab's
     * commands, "Unknown command: 'swep' (did you mean sweep?)". Beside unknown options, the other words
     * left over are not repeated: they are those options' values, not further mistakes.
     */
    static String message(ParameterException e) {
        if (!(e instanceof UnmatchedArgumentException u)) {
            return e.getMessage();
        }
        CommandLine failed = e.getCommandLine();
        String first = u.getUnmatched().get(0);
        if (!option(first)) {
            Set<String> commands = failed.getSubcommands().keySet();
            return commands.isEmpty() ? e.getMessage()
                    : "Unknown command: '" + first + "'" + didYouMean(Nearest.to(first, commands));
        }
        List<String> names = failed.getCommandSpec().options().stream().filter(o -> !o.hidden())
                .flatMap(o -> Arrays.stream(o.names())).toList();
        List<String> unknown = u.getUnmatched().stream().filter(Lab::option)
                .map(w -> "'" + w + "'" + didYouMean(Nearest.to(w.split("=", 2)[0], names))).toList();
        return (unknown.size() == 1 ? "Unknown option: " : "Unknown options: ") + String.join(", ", unknown);
    }

    /** Whether a word is written as an option: a dash, and not a negative number (which is a value). */
    private static boolean option(String word) {
        return word.startsWith("-") && !word.matches("-\\d.*");
    }

    private static String didYouMean(List<String> near) {
        return near.isEmpty() ? "" : " (did you mean " + String.join(" or ", near) + "?)";
    }

    /** The width --help is laid out for: no example line may be wider (HelpExamplesTest checks). */
    static final int USAGE_WIDTH = 110;

    /** Bad input the user can fix, as opposed to a bug (which always shows its stack trace). */
    private static boolean isUserError(Exception e) {
        return e instanceof IllegalArgumentException || e instanceof DataException
                || e instanceof UncheckedIOException;
    }

    /**
     * The command as the user typed it, for a results folder's lock to name its holder: {@code ./lab} and the
     * arguments, a word with a space or a shell character in single quotes.
     */
    static String command() {
        return command;
    }

    private static String typed(String[] args) {
        StringBuilder s = new StringBuilder("./lab");
        for (String a : args) {
            s.append(' ').append(a.matches("[\\w./:=,@%+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return s.toString();
    }

    public static PrintStream out() {
        return out;
    }

    public static PrintStream err() {
        return err;
    }

    /** A terminal is attached: progress bars may redraw in place. */
    public static boolean interactive() {
        return System.console() != null && err == System.err;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(out);
    }
}
