package lab.compare.study;

import java.nio.file.Path;
import java.util.List;

import lab.compare.report.ReportFiles;
import lab.compare.report.Summary;
import lab.compare.report.Tables;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;

/**
 * The report of an experiment folder, written from results.jsonl alone (so it can be rebuilt at any time,
 * and no number in it is typed): the title, the summary (each study's claim, headline figure and reading;
 * the stacks' agreement; what ran), the control's opening paragraph, the runs that did not finish, then
 * every study's section in {@link Studies#inReportOrder()}; report.md, report.html and results.csv are
 * written by {@link ReportFiles}. It lives here, above the studies, because it runs each of them; the
 * report package below holds only what the sections share.
 */
public final class FolderReport {

    private FolderReport() {
    }

    /**
     * Writes every output file into {@code dir}; returns the Markdown. {@code planned} are the jobs the
     * plan asked for (may be empty): a control cell is complete when it holds every seed the plan or the
     * results name for its data set.
     */
    public static String write(Path dir, List<RunResult> all, List<RunSpec> planned, String title) {
        StringBuilder sections = new StringBuilder(Control.intro(all)).append(Tables.unfinishedRuns(all));
        StringBuilder findings = new StringBuilder();
        for (StudyDesign<?> design : Studies.inReportOrder()) {
            StudyDesign.Written written = design.write(dir, all, planned);
            sections.append(written.section());
            findings.append(written.headline());
        }
        java.util.Set<lab.compare.run.Study> reported = Studies.inReportOrder().stream().map(StudyDesign::study)
                .collect(java.util.stream.Collectors.toSet()); // not a sweep's runs, which have a report of their own
        List<RunResult> unread = all.stream().filter(r -> !reported.contains(r.spec().study())).toList();
        String leftOut = unread.isEmpty() ? "" : String.format("**Left out.** results.jsonl holds %d run(s) of "
                + "lab sweep, which this report does not read: a sweep's runs have a report of their own (lab sweep "
                + "with the same settings, or lab report on a folder of its own).%n%n", unread.size());
        String md = "# " + title + "\n\n" + summary(findings.toString(),
                all.stream().filter(r -> reported.contains(r.spec().study())).toList()) + leftOut + sections;
        ReportFiles.write(dir, md, all);
        return md;
    }

    /**
     * The summary at the top: each study's claim, headline figure and reading (the control's first), then
     * whether the stacks agreed and what ran; nothing for an empty folder.
     */
    static String summary(String findings, List<RunResult> all) {
        if (all.isEmpty()) {
            return "";
        }
        return "## Summary\n\n" + findings + Summary.closingLines(all);
    }
}
