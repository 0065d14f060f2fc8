package lab.dl4j;

import static lab.reference.Index.at;

import lab.reference.Architecture;
import lab.reference.LocallyConnected2D;
import lab.reference.Param;
import lab.reference.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J 1.0.0-M2.1's own LocallyConnected2D (the stock layer) run beside the reference's
 * {@link LocallyConnected2D} on inputs small enough to read, with the same weights, to show its two bugs as
 * numbers: its output map comes out transposed (square maps) or scrambled (other shapes), and its backward
 * returns exactly twice the true gradient. {@code lab lesson} prints these numbers and Dl4jStackTest pins
 * them, so an upgrade that fixes either bug shows in both. It is NOT the layer this project trains with:
 * {@link Dl4jNetworks} builds {@link Dl4jNetworks.TextbookLocallyConnected2D}, which corrects both (its
 * Javadoc traces them into DL4J's code). Every case here: batch 1, one channel, one filter, kernel 2x2,
 * stride 1, no padding, identity activation, double precision (set on the network and on each array;
 * ND4J's process-wide default is left alone). SameDiff prints "Added differentiated op ..." lines to
 * System.out the first time the stock layer runs backward; the {@code lab} command line sends such prints
 * away.
 */
public final class StockLocallyConnected {

    /** The kernel's side in every case: 2x2 windows. */
    public static final int KERNEL = 2;

    private StockLocallyConnected() {
    }

    /**
     * One output map computed twice, each (rows, columns) as printed. Pixel (r, c) of {@code input} holds
     * 10 (r + 1) + (c + 1), so its value names its row and column (11 12 13 / 21 22 23 / ...). Every
     * position's kernel weighs its top-left tap 1 and the others 0, and the bias is 0, so a correct output
     * (oh, ow) is the pixel (oh, ow): {@code reference} is the input's top-left corner, and {@code stock},
     * DL4J's layer on the same weights, shows which window each of its outputs really read.
     */
    public record Maps(double[][] input, double[][] reference, double[][] stock) {
    }

    /**
     * The output maps of an {@code h x w} input ({@link Maps}), sides 2 to 9 (so each pixel's value names
     * its place). 3x3 gives DL4J's map transposed: reference [[11, 12], [21, 22]], stock [[11, 21], [12, 22]].
     * 3x4 gives it scrambled: reference [[11, 12, 13], [21, 22, 23]], stock [[11, 21, 12], [22, 13, 23]]
     * (counting row-major, the stock layer's output k reads window (k mod OH, k div OH)). An input 2 rows
     * high gives a 1-row map, which the bug leaves alone.
     */
    public static Maps outputMaps(int h, int w) {
        if (h < KERNEL || w < KERNEL || h > 9 || w > 9) {
            throw new IllegalArgumentException("outputMaps: sides 2 to 9, so every pixel's value names its row and"
                    + " column; got " + h + "x" + w);
        }
        Shape in = new Shape(1, h, w);
        double[] x = new double[h * w]; // (1, 1, H, W)
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                x[at(r, c, w)] = 10 * (r + 1) + (c + 1);
            }
        }
        LocallyConnected2D reference = new LocallyConnected2D(in, 1, KERNEL, KERNEL, 1, 1, 0, 0);
        int oh = reference.outputShape().h();
        int ow = reference.outputShape().w();
        Param weights = reference.params().get(0); // W (OH*OW, C*KH*KW, F) = (P, 4, 1)
        for (int p = 0; p < oh * ow; p++) {
            weights.value()[at(0, p, 0, 0, oh * ow, KERNEL * KERNEL, 1)] = 1; // tap 0 = (c 0, kh 0, kw 0); b stays 0
        }
        Dl4jPiece stock = stockLayer(in, reference);
        double[] referenceOut = reference.forward(x, 1); // (1, 1, OH, OW)
        // A double[] makes a DOUBLE array, whatever ND4J's default.
        double[] stockOut = Dl4jParams.values(stock.net().output(Nd4j.create(x, new long[] {1, x.length}, 'c')));
        return new Maps(grid(x, h, w), grid(referenceOut, oh, ow), grid(stockOut, oh, ow));
    }

    /**
     * One gradient computed twice, flat in the reference's row-major order ({@link Dl4jParams}).
     *
     * @param name {@code dW}, {@code db} or {@code dx}
     */
    public record Gradient(String name, double[] reference, double[] stock) {

        /**
         * stock / reference, when it is one number for every element whose reference value is not 0 (and the
         * stock value is 0 wherever the reference's is); NaN otherwise.
         */
        public double ratio() {
            double ratio = Double.NaN;
            for (int i = 0; i < reference.length; i++) {
                if (reference[i] == 0) {
                    if (stock[i] != 0) {
                        return Double.NaN;
                    }
                } else if (Double.isNaN(ratio)) {
                    ratio = stock[i] / reference[i];
                } else if (stock[i] / reference[i] != ratio) {
                    return Double.NaN;
                }
            }
            return ratio;
        }
    }

    /**
     * The gradient case: a 2x2 input under a 2x2 kernel, so the output is 1x1 and its order cannot matter,
     * and a batch of one, so no sum over examples can explain a factor. out = b + sum(W x), the same on both
     * stacks; from the upstream gradient {@code upstream} = d(loss)/d(out) the true gradients are
     * dW = upstream x, db = upstream, dx = upstream W.
     *
     * @param input   x (2, 2)
     * @param weights W (1 position, 4 taps, 1 filter), flat: the tap (kh, kw) at kh*2 + kw, as x's pixels
     */
    public record Gradients(double[][] input, double[] weights, double bias, double upstream, double referenceOutput,
                            double stockOutput, Gradient dW, Gradient db, Gradient dx) {
    }

    /**
     * The gradient case ({@link Gradients}) with x = [[1, 2], [3, 4]], W = [0.5, -1, 1.5, -2], b = 0.25 and
     * an upstream gradient of 1, so the true dW is x itself, db is 1 and dx is W; the stock layer returns
     * each doubled.
     */
    public static Gradients gradients() {
        Shape in = new Shape(1, KERNEL, KERNEL);
        double[] x = {1, 2, 3, 4}; // (1, 1, 2, 2)
        double[] w = {0.5, -1, 1.5, -2}; // (1, 4, 1)
        double b = 0.25;
        double upstream = 1;
        LocallyConnected2D reference = new LocallyConnected2D(in, 1, KERNEL, KERNEL, 1, 1, 0, 0);
        Param weights = reference.params().get(0);
        Param bias = reference.params().get(1);
        System.arraycopy(w, 0, weights.value(), 0, w.length);
        bias.value()[0] = b;
        Dl4jPiece stock = stockLayer(in, reference);

        double refOut = reference.forward(x, 1)[0];
        weights.zeroGrad(); // backward only adds
        bias.zeroGrad();
        double[] refDx = reference.backward(new double[] {upstream});
        Dl4jPiece.Run stockRun = stock.run(x, 1, new double[] {upstream});

        return new Gradients(grid(x, KERNEL, KERNEL), w.clone(), b, upstream, refOut, stockRun.output()[0],
                new Gradient("dW", weights.grad().clone(), stockRun.grads().get("0_W")),
                new Gradient("db", bias.grad().clone(), stockRun.grads().get("0_b")),
                new Gradient("dx", refDx, stockRun.dx()));
    }

    /** DL4J's stock layer with the reference layer's geometry, holding its weights (copied by name and shape). */
    private static Dl4jPiece stockLayer(Shape in, LocallyConnected2D reference) {
        Dl4jPiece stock = Dl4jNetworks.stockLocallyConnected(new Architecture.Local(1, KERNEL, KERNEL, 1, 1, 0, 0), in);
        Dl4jParams.toDl4j(stock, 0, reference.params());
        return stock;
    }

    /** A flat row-major map as rows of {@code cols}. */
    private static double[][] grid(double[] flat, int rows, int cols) {
        double[][] grid = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, at(r, 0, cols), grid[r], 0, cols);
        }
        return grid;
    }
}
