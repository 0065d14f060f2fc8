package lab.compare.study;

import java.nio.file.Path;
import java.util.List;

import lab.compare.report.Tables;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Study;

/**
 * What the four studies beyond the control share: they plan from a {@link Scale}, train with Adam (lr 0.005,
 * batch 32, He init) in double unless the command sets float, each seed its own weights, batch order,
 * scramble and subset (shared by the stacks), and write their section from their own finished runs.
 */
abstract class ScaledStudy implements StudyDesign<Scale> {

    private final Study study;
    private final String title;
    private final String claim;
    private final String text;

    /**
     * {@code title} and {@code text} open the section: what the study measures and how to read it;
     * {@code claim} opens the report's summary: what the study expects to see, in a sentence.
     */
    ScaledStudy(Study study, String title, String claim, String text) {
        this.study = study;
        this.title = title;
        this.claim = claim;
        this.text = text;
    }

    /** One data set's part of the section: its Markdown, the file of its main plot, and its reading in words. */
    record Part(String markdown, String figure, String reading) {
    }

    @Override
    public final Study study() {
        return study;
    }

    /**
     * The section: the heading, then each data set's part. The headline: the claim, the main plot of the
     * first data set as the headline figure, and every data set's reading. Both empty without a finished run.
     */
    @Override
    public final Written write(Path dir, List<RunResult> all, List<RunSpec> planned) {
        List<RunResult> mine = all.stream().filter(r -> r.spec().study() == study && r.completed()).toList();
        if (mine.isEmpty()) {
            return new Written("", "");
        }
        // The seeds a cell should have: the plan's, or (a folder reported without its plan) every seed this
        // study has a run of, finished or not.
        List<Long> seeds = (planned.isEmpty() ? all.stream().map(RunResult::spec) : planned.stream())
                .filter(s -> s.study() == study).map(RunSpec::seed).distinct().toList();
        java.util.Map<String, Part> parts = parts(dir, mine, seeds.size());
        StringBuilder section = new StringBuilder(Tables.header(title, text, mine, seeds.size()));
        for (Part part : parts.values()) {
            section.append(part.markdown());
        }
        return new Written(section.toString(), headline(parts));
    }

    /** The headline of {@link #write}, from the data sets' parts. */
    private String headline(java.util.Map<String, Part> parts) {
        StringBuilder md = new StringBuilder(String.format("**%s: claim under test.** %s%n%n", title, claim));
        parts.entrySet().stream().filter(e -> e.getValue().figure() != null).findFirst().ifPresent(e -> md.append(
                String.format("![%s: %s](%s)%n%n", e.getKey(), title.toLowerCase(), e.getValue().figure())));
        parts.forEach((data, part) -> {
            if (!part.reading().isBlank()) {
                String reading = part.reading().strip();
                md.append("**Reading on ").append(data).append(".**").append(reading.startsWith("- ") ? "\n\n" : " ")
                        .append(reading).append("\n\n"); // a list of readings starts on a line of its own
            }
        });
        return md.toString();
    }

    /** Each data set's part, in the order the results first name them. */
    private java.util.Map<String, Part> parts(Path dir, List<RunResult> mine, int seeds) {
        java.util.Map<String, Part> parts = new java.util.LinkedHashMap<>();
        for (String data : Tables.distinct(mine, r -> r.spec().data())) {
            parts.put(data, dataSection(dir, data, mine.stream().filter(r -> r.spec().data().equals(data)).toList(),
                    seeds));
        }
        return parts;
    }

    /**
     * The part of one data set, from its finished runs of this study (at least one); its Markdown may be
     * empty, its figure null. A cell over fewer than {@code seeds} seeds says so
     * ({@link Tables#withCi(java.util.Collection, int)}).
     */
    abstract Part dataSection(Path dir, String data, List<RunResult> mine, int seeds);

    /**
     * The loop this study plans through on {@code s}: its seeds, stacks and loops, and a block per data set
     * training {@code models} with the studies' usual settings ({@link Block#adam}) for the scale's epochs.
     */
    Axes axes(Scale s, List<String> models) {
        return new Axes(study, s.stacks(), s.kernels(), s.seeds(),
                s.datas().stream().map(data -> Block.adam(data, models, s.epochs().get(data))).toList());
    }
}
