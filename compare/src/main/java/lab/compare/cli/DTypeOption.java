package lab.compare.cli;

import java.util.List;

import lab.compare.run.DType;
import lab.compare.run.RunSpec;
import picocli.CommandLine.Option;

/**
 * --dtype, for the commands that run a plan (lab run, the studies, lab sweep): the precision every run of the
 * plan computes in, on both stacks. A plan is drawn in double and then set to it, so a study's plan is the same
 * in either precision but for that one setting.
 */
final class DTypeOption {

    @Option(names = "--dtype", paramLabel = "TYPE", converter = Converters.ToDType.class, description = "The "
            + "precision of every run, on both stacks: double, or float (DL4J's float network; the reference's fast "
            + "path in float lanes, its master weights in double; not with --kernels naive, whose loops are double). "
            + "Float runs go to a default folder of their own, never resuming into double ones'. Default: double.")
    DType dtype = DType.DOUBLE;

    DType value() {
        return dtype;
    }

    /** Whether the runs are float: their default folder and the header line say so. */
    boolean isFloat() {
        return dtype == DType.FLOAT;
    }

    /** {@code jobs}, each in this precision (a spec that cannot run in it is refused here, by its own check). */
    List<RunSpec> on(List<RunSpec> jobs) {
        return jobs.stream().map(s -> s.toBuilder().dtype(dtype).build()).toList();
    }

    /** A default folder's name: {@code name}, with "-float" for float runs, so they never resume into double ones'. */
    String folder(String name) {
        return isFloat() ? name + "-float" : name;
    }
}
