package lab.compare.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What a results folder was asked to hold, beside its results: {@code plan.json}, written by the command
 * that runs a plan into the folder before its first run, so that {@code lab report} can rebuild the report
 * (and join folders) from the folder alone, without the command line. It keeps the whole plan, even in a
 * shard's folder, so that shards of one plan can be recognised and joined in the plan's order.
 *
 * @param kind  {@link #SWEEP} (a {@code lab sweep} grid) or {@link #STUDIES} ({@code lab run} and the studies)
 * @param title the report's title, without a shard's words
 * @param axes  a sweep's axes that vary, by name (its report's columns); empty for studies
 * @param shard which slice of the plan the folder runs ({@link Shard#toString()}), or null: all of it
 * @param jobs  the whole plan, in its order
 */
public record PlanFile(String kind, String title, List<String> axes, String shard, List<RunSpec> jobs) {

    /** The file's name in a results folder. */
    public static final String NAME = "plan.json";

    /** The kind of a sweep's folder. */
    public static final String SWEEP = "sweep";

    /** The kind of {@code lab run}'s and the studies' folders. */
    public static final String STUDIES = "studies";

    public PlanFile {
        if (!SWEEP.equals(kind) && !STUDIES.equals(kind)) {
            throw new IllegalArgumentException("a plan's kind is sweep or studies, not '" + kind + "'");
        }
        axes = axes == null ? List.of() : List.copyOf(axes);
        jobs = List.copyOf(jobs);
    }

    /** 8 hex digits of the SHA-256 of {@code key}: a folder named after what it holds. */
    public static String hash(String key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The jobs this folder runs: its shard of the plan, or the whole plan. */
    public List<RunSpec> mine() {
        return shard == null ? jobs : Shard.parse(shard).jobs(jobs);
    }

    /** Writes {@code dir/plan.json} whole or not at all (a temporary file moved into place). */
    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, NAME, ".tmp");
            Files.writeString(tmp, ResultsFile.toJson(this) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(NAME) + ": " + e.getMessage(), e);
        }
    }

    /** The plan of the folder {@code dir}, or null if it has none (a folder written before plans were kept). */
    public static PlanFile read(Path dir) {
        Path file = dir.resolve(NAME);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return ResultsFile.fromJson(Files.readString(file, StandardCharsets.UTF_8), PlanFile.class);
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is not a plan (" + ResultStore.firstLine(e.getMessage()) + ")", e);
        }
    }
}
