package lab.compare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every example in every command's --help pastes: each line that starts with {@code ./lab } is shown whole
 * (not wrapped at the width the help is laid out for), parses, and, on a command with --dry-run, runs with
 * --dry-run added and exits 0. The commands come from {@code lab}'s own list, so a new one is checked too.
 * An example is {@code ./lab ARGS}, optionally followed by two or more spaces (or {@code #}) and a comment;
 * {@code ./lab ARGS && ./lab ARGS} is two, each checked.
 */
class HelpExamplesTest {

    @TempDir
    Path dir;

    /** Each command's help as {@code lab} shows it, and the same help on lines too long ever to wrap. */
    private static Map<String, String[]> helps() {
        Map<String, String[]> helps = new LinkedHashMap<>();
        CommandLine wide = Lab.commandLine();
        wide.setUsageHelpWidth(10_000);
        collect(Lab.commandLine(), wide, helps);
        return helps;
    }

    private static void collect(CommandLine shown, CommandLine wide, Map<String, String[]> into) {
        into.put(shown.getCommandSpec().qualifiedName(), new String[] {
            shown.getUsageMessage(CommandLine.Help.Ansi.OFF), wide.getUsageMessage(CommandLine.Help.Ansi.OFF)});
        shown.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().parent() == shown.getCommandSpec()) { // not an alias seen twice
                collect(sub, wide.getSubcommands().get(name), into);
            }
        });
    }

    /** The lines that start with {@code ./lab }, trimmed. */
    static List<String> examples(String help) {
        return help.lines().map(String::strip).filter(l -> l.startsWith("./lab ")).toList();
    }

    /** The command lines of an example: one, or those joined by {@code &&}, each as its arguments. */
    static List<List<String>> commands(String example) {
        List<List<String>> commands = new ArrayList<>();
        for (String part : example.split(" {2,}|\\s#", 2)[0].split("&&")) {
            assertTrue(part.strip().startsWith("./lab "), "each command of '" + example + "' is ./lab's");
            commands.add(arguments(part.strip().substring("./lab ".length())));
        }
        return commands;
    }

    /** A command's arguments, quotes as a shell reads them. */
    private static List<String> arguments(String command) {
        List<String> args = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (char c : command.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    args.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder().append(c) : word.append(c);
            }
        }
        assertEquals(0, quote, "an unclosed quote in: " + command);
        if (word != null) {
            args.add(word.toString());
        }
        return args;
    }

    @Test
    void everyExampleInEveryHelpIsWholeAndParses() {
        Map<String, String[]> helps = helps();
        assertTrue(helps.keySet().containsAll(List.of("lab", "lab train", "lab run", "lab sweep", "lab locality")),
                helps.keySet().toString());
        int count = 0;
        for (Map.Entry<String, String[]> help : helps.entrySet()) {
            String shown = help.getValue()[0];
            List<String> examples = examples(shown);
            assertEquals(examples(help.getValue()[1]), examples, help.getKey() + " --help cuts an example at width "
                    + Lab.USAGE_WIDTH + ":\n" + shown);
            for (String example : examples) {
                for (List<String> args : commands(example)) {
                    parse(help.getKey(), example, args);
                    count++;
                }
            }
        }
        assertTrue(count >= 20, "the helps hold examples: " + count);
    }

    /** The example's command line as {@code lab} parses it; fails, naming the help and the example, if it does not. */
    private static CommandLine.ParseResult parse(String help, String example, List<String> args) {
        try {
            CommandLine.ParseResult parsed = Lab.commandLine().parseArgs(args.toArray(String[]::new));
            assertTrue(parsed.hasSubcommand(), "names a command: " + example);
            if (parsed.subcommand().commandSpec().userObject() instanceof TrainCommand train) {
                train.spec(); // its settings, checked as lab train checks them before loading anything
            }
            return parsed;
        } catch (CommandLine.ParameterException | IllegalArgumentException e) {
            return fail(help + " --help: '" + example + "' does not parse: " + e.getMessage());
        }
    }

    /** One command line of an example in a command's help. */
    private record Example(String help, String text, List<String> args) {
    }

    /** Every command line of every example, in help order. */
    private static List<Example> allExamples() {
        List<Example> all = new ArrayList<>();
        helps().forEach((help, texts) -> examples(texts[0]).forEach(example -> commands(example)
                .forEach(args -> all.add(new Example(help, example, args)))));
        return all;
    }

    @Test
    void everyExampleOfACommandWithDryRunRunsDryAndExitsZero() {
        int ran = 0;
        List<String> skipped = new ArrayList<>();
        for (Example example : allExamples()) {
            CommandLine.ParseResult parsed = parse(example.help(), example.text(), example.args());
            if (!parsed.subcommand().commandSpec().optionsMap().containsKey("--dry-run")) {
                continue;
            }
            List<String> args = new ArrayList<>(example.args());
            // Not here: a placeholder (DIR, HOST) to fill in, or the Spark engine, which is not on this
            // module's class path (the spark module's tests run it).
            if (String.join(" ", args).matches(".*\\b[A-Z]{2,}\\b.*") || args.contains("spark")
                    || args.contains("--master")) {
                skipped.add(example.text());
                continue;
            }
            if (!args.contains("--dry-run")) {
                args.add("--dry-run");
            }
            Path out = dir.resolve("dry-" + ran);
            if (!args.contains("--out")) {
                args.addAll(List.of("--out", out.toString()));
            }
            LabTest.Outcome o = LabTest.lab(args.toArray(String[]::new));
            assertEquals(0, o.code(), example.text() + "\n" + o.err());
            assertTrue(o.err().contains("dry run: nothing run"), example.text() + "\n" + o.err());
            assertFalse(out.resolve("results.jsonl").toFile().length() > 0, "a dry run stores nothing: " + example);
            ran++;
        }
        assertTrue(ran >= 2, "dry runs: " + ran + ", skipped: " + skipped);
    }
}
