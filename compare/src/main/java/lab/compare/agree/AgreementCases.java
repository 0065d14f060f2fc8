package lab.compare.agree;

import java.util.Random;

/**
 * The cases the agreement suite generates: one conv block (kernel 1..5 each way, stride 1..3 and padding
 * 0..2 each way, 1..8 filters, tanh or ReLU), an optional pooling (max or average, overlapping or not), an optional
 * tail (dense or a second conv), then dense(10); inputs from {@link lab.kit.Values#withZerosAndTies}, so
 * that ReLU kinks and pooling ties happen exactly. Shared by the jqwik properties and {@code lab agree}.
 */
public final class AgreementCases {

    /**
     * The extreme-logit case: mlp after 2 SGD steps at lr 1000 on its batch. ReLU keeps derivatives exact
     * (0 or 1) and on seeds 0..9 every weight gradient is still non-zero; a saturated tanh would instead
     * give gradients of 1e-12 whose rounding differs between the stacks, which is not the clip's doing.
     */
    public static final String EXTREME = "mlp";
    public static final int EXTREME_STEPS = 2;


    private AgreementCases() {
    }

    public static String architecture(int filters, int kh, int kw, int stride, int pad, int pool, int tail, boolean relu) {
        return architecture(filters, kh, kw, stride, stride, pad, pad, pool, tail, relu);
    }

    /** As above with stride and padding per axis: an H-W mix-up in a mapping shows only where they differ. */
    public static String architecture(int filters, int kh, int kw, int sh, int sw, int ph, int pw, int pool, int tail,
                               boolean relu) {
        String act = relu ? "relu" : "tanh";
        String poolText = switch (pool) {
            case 1 -> "-maxpool(k2,s1)";
            case 2 -> "-avgpool(k2,s1)";
            case 3 -> "-maxpool(k2x1,s1)";
            case 4 -> "-avgpool(k1x2,s1x2)";
            default -> "";
        };
        String tailText = switch (tail) {
            case 1 -> "-dense(7)-" + act;
            case 2 -> "-conv(3,k2,p1)-" + act;
            default -> "";
        };
        return "conv(" + filters + ",k" + kh + "x" + kw + ",s" + axes(sh, sw) + ",p" + axes(ph, pw) + ")-" + act
                + poolText + tailText + "-dense(10)";
    }

    /** "2" for 2 on both axes, "2x3" for 2 along H and 3 along W. */
    private static String axes(int h, int w) {
        return h == w ? Integer.toString(h) : h + "x" + w;
    }

    /**
     * The locally connected and global-average-pooling cases: a local block (kernel 1..5, stride 1..3 and
     * padding 0..2, each way), then nothing, a max-pool, a second local or a conv, then a head with or without
     * gap (and a 1x1 local after it), then dense(10).
     */
    public static String localArchitecture(int filters, int kh, int kw, int sh, int sw, int ph, int pw, int second,
                                    int head, boolean relu) {
        String act = relu ? "relu" : "tanh";
        String secondText = switch (second) {
            case 1 -> "-maxpool(k2,s1)";
            case 2 -> "-local(3,k2,p1)-" + act;
            case 3 -> "-conv(3,k2,p1)-" + act;
            default -> "";
        };
        String headText = switch (head) {
            case 1 -> "-gap";
            case 2 -> "-avgpool(k2,s1)-gap";
            case 3 -> "-gap-dense(7)-" + act;
            case 4 -> "-gap-local(4,k1)-" + act; // a 1x1 map: gap keeps the reference's (C, 1, 1)
            default -> "";
        };
        return "local(" + filters + ",k" + kh + "x" + kw + ",s" + axes(sh, sw) + ",p" + axes(ph, pw) + ")-" + act
                + secondText
                + headText + "-dense(10)";
    }

    /** A random architecture text from the same space the properties search. */
    public static String randomArchitecture(Random rng) {
        return architecture(1 + rng.nextInt(8), 1 + rng.nextInt(5), 1 + rng.nextInt(5), 1 + rng.nextInt(3),
                rng.nextInt(3), rng.nextInt(5), rng.nextInt(3), rng.nextBoolean());
    }

    /**
     * Drives {@code net} to extreme logits, as a huge learning rate does: {@code steps} plain SGD steps of
     * rate {@code lr} on the one batch. Its true-class probabilities then underflow far below 1e-10.
     */
    public static void blowUp(lab.reference.Network net, double[] x, int[] y, int n, double lr, int steps) {
        lab.reference.Optimizer sgd = lab.reference.Optimizer.sgd(lr);
        java.util.List<lab.reference.Param> params = net.params().stream()
                .map(lab.reference.Network.NamedParam::param).toList();
        for (int s = 0; s < steps; s++) {
            net.zeroGrad();
            net.lossAndGradient(x, y, n);
            sgd.step(params);
        }
    }
}
