package lab.compare.study;

import java.nio.file.Path;
import java.util.List;

import lab.compare.report.ReportFiles;
import lab.compare.report.Tables;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;

/**
 * The report of an experiment folder, written from results.jsonl alone (so it can be rebuilt at any time,
 * and no number in it is typed): the title, the control's opening paragraph, the runs that did not finish,
 * then every study's section in {@link Studies#inReportOrder()}; report.md, report.html and results.csv are
 * written by {@link ReportFiles}. It lives here, above the studies, because it runs each of them; the
 * report package below holds only what the sections share.
 */
public final class FolderReport {

    private FolderReport() {
    }

    /** Writes every output file into {@code dir}, the plan taken to be the seeds the results hold. */
    public static String write(Path dir, List<RunResult> all, String title) {
        return write(dir, all, List.of(), title);
    }

    /**
     * Writes every output file into {@code dir}; returns the Markdown. {@code planned} are the jobs the
     * plan asked for (may be empty): a control cell is complete when it holds every seed the plan or the
     * results name for its data set.
     */
    public static String write(Path dir, List<RunResult> all, List<RunSpec> planned, String title) {
        StringBuilder md = new StringBuilder("# " + title + "\n\n");
        md.append(Control.intro(all)).append(Tables.unfinishedRuns(all));
        for (StudyDesign<?> design : Studies.inReportOrder()) {
            md.append(design.section(dir, all, planned));
        }
        ReportFiles.write(dir, md.toString(), all);
        return md.toString();
    }
}
