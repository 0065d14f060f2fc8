package lab.compare.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one owner of results files: JSON lines, appended one at a time and forced to disk, so a crash
 * loses nothing already finished; read back whole, a torn last line skipped. Nothing else opens a
 * results.jsonl. (Also appends the other JSON-lines files the commands write: --json of train, table,
 * agree.)
 */
public final class ResultsFile {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ResultsFile() {
    }

    /** One value as one line of JSON. */
    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends one line and forces it to disk before returning. */
    public static void append(Path file, Object value) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, toJson(value) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The results already in {@code file} (none if it does not exist); a line that does not parse (a torn
     * last line: a crash mid-write) is skipped, with a warning line to {@code warnings}.
     */
    public static List<RunResult> read(Path file, Consumer<String> warnings) {
        List<RunResult> results = new ArrayList<>();
        if (!Files.exists(file)) {
            return results;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    results.add(MAPPER.readValue(line, RunResult.class));
                } catch (IOException torn) {
                    warnings.accept("lab: skipping an unreadable line in " + file + " (an interrupted write?)");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return results;
    }
}
