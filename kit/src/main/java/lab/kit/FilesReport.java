package lab.kit;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A check through .npy files ({@link NpyCheck}, {@link NpyLossCheck}) as data for a CI job: the case, both
 * precisions, the verdict, the likely cause, and per tensor where it is worst, both values there, the error and
 * the bound it was held to. {@code lab agree --layer --json FILE} appends it as one JSON line, as
 * {@code lab agree --arch --json} appends one line per architecture. Plain values only (no ND4J, no Jackson
 * here): any JSON writer serialises it. Not the text report: {@link NpyCheck.Result#table()} is.
 *
 * @param layer       DL4J's equivalent in the text form, e.g. {@code conv(4,k3,s2,p1)}, or {@code softmax-ce}
 * @param check       the case, e.g. {@code conv(4,k3,s2,p1) on 2 x 3x9x7 -> 2 x 4x5x4 (N x C x H x W)}
 * @param yoursDtype  your results' precision: float64, or float32 if any of them is
 * @param dl4jDtype   the precision DL4J computed in: double or float
 * @param likelyCause the classic mistake that reproduces your numbers ({@link Diagnosis}), or null
 */
public record FilesReport(String layer, String check, String yoursDtype, String dl4jDtype, boolean agrees,
                          String likelyCause, List<Tensor> tensors) {

    /**
     * One tensor's verdict at its worst element (by relative error: the first NaN or infinity of yours, if any).
     *
     * @param worstAt        the worst element's index in the tensor's own axes, e.g. [1, 0, 2, 3]
     * @param worstFlatIndex the same as a row-major offset
     * @param error          |yours - dl4j| there
     * @param bound          what {@code error} had to stay within: atol + rtol x termsSize
     * @param relativeError  error / termsSize (infinite where no term reaches the element)
     * @param notFinite      elements NaN or infinite in yours where DL4J's are finite
     */
    public record Tensor(String name, List<String> axes, boolean agrees, int size, int differing, int notFinite,
                         List<Integer> worstAt, int worstFlatIndex, double yours, double dl4j, double error,
                         double bound, double relativeError, double termsSize, double rtol, double atol) {
    }

    /** The report of these verdicts, each tensor's index named by {@code axes}. */
    static FilesReport of(String layer, String check, String yoursDtype, String dl4jDtype,
                          List<Judge.TensorVerdict> tensors, Function<String, Axes> axes, String likelyCause) {
        List<Tensor> each = tensors.stream().map(t -> {
            Axes a = axes.apply(t.name());
            List<Integer> at = t.worstRelIndex() < 0 ? List.of()
                    : Arrays.stream(a.index(t.worstRelIndex())).boxed().toList();
            return new Tensor(t.name(), a.names(), t.agrees(), t.size(), t.differing(), t.notFinite(), at,
                    t.worstRelIndex(), t.yours(), t.dl4j(), Math.abs(t.yours() - t.dl4j()), Judge.bound(t),
                    t.worstRel(), t.scale(), t.rtol(), t.atol());
        }).toList();
        boolean agrees = tensors.stream().allMatch(Judge.TensorVerdict::agrees);
        return new FilesReport(layer, check, yoursDtype, dl4jDtype, agrees, likelyCause, each);
    }
}
