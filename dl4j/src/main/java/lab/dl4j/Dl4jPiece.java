package lab.dl4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import lab.reference.Architecture;
import lab.reference.Shape;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A piece of a network on DL4J (one layer, or a layer and its activation), built by
 * {@link Dl4jNetworks#piece}, run forward and then backward from an upstream gradient {@code dout}:
 * DL4J's "external errors" path ({@code backpropGradient}), with no loss. Its gradients are then exactly
 * those of L = sum(out * dout): DL4J's layer gradients are sums over the batch of the per-example terms,
 * which is what the chain rule gives for this L (the 1/N of a mean loss is the loss's, not the layer's, so
 * nothing is divided here). The values come and go as doubles; DL4J computes in the precision the piece was
 * built with ({@link Dl4jNetworks#piece(List, Shape, org.nd4j.linalg.api.buffer.DataType)}), so a float piece
 * rounds the caller's doubles to float on the way in. Each batchnorm's running statistics are reported as
 * DL4J's training step would leave them after this batch, and left as they were: see {@link Run#running}.
 * Not thread-safe: DL4J's layers keep state.
 *
 * @param dl4jLayerOf for each layer of {@code specs}, the DL4J layer that holds its parameters, or -1
 */
public record Dl4jPiece(MultiLayerNetwork net, List<Architecture.Spec> specs, Shape input, int[] dl4jLayerOf) {

    /**
     * Forward output (N, out) and the gradients of sum(out * dout): dx (N, in) and each parameter by key.
     *
     * @param running for each batchnorm of the piece (by its index in {@link #specs}), the running mean and
     *                variance DL4J's update step would leave after this batch; empty for a forward alone
     */
    public record Run(double[] output, double[] dx, Map<String, double[]> grads,
                      Map<Integer, Dl4jParams.RunningStats> running) {
    }

    /**
     * Runs {@code n} examples {@code x} (N, C, H, W) flat forward, then backward from {@code dout} (the
     * output's shape). Parameter gradients are keyed by the reference's key ({@code <layer>_<W|b>}, layer
     * the index in {@link #specs}), values in the reference's row-major layout ({@link Dl4jParams}). Each
     * batchnorm's running statistics after this batch come from the same backprop ({@link #runningAfterStep}),
     * which does not move the piece's own: a run can be repeated on the same piece.
     */
    public Run run(double[] x, int n, double[] dout) {
        net.setInput(array(x, new long[] {n, input.size()}));
        List<INDArray> activations = net.feedForward(true, false); // keep the inputs: backward needs them
        INDArray out = activations.get(activations.size() - 1);
        if (dout.length != out.length()) {
            throw new IllegalArgumentException("dout holds " + dout.length + " values; the output of "
                    + Architecture.text(specs) + " on " + n + " x " + input + " has " + out.length());
        }
        INDArray epsilon = array(dout, out.shape()); // NCHW or (N, units): the reference's order
        Pair<Gradient, INDArray> back = net.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces());
        Map<String, double[]> grads = new LinkedHashMap<>();
        Map<String, INDArray> byDl4jKey = back.getFirst().gradientForVariable();
        List<lab.reference.Layer> layers = Architecture.layers(specs, input);
        for (int i = 0; i < specs.size(); i++) {
            if (dl4jLayerOf[i] >= 0) {
                for (String name : layers.get(i).params().stream().map(lab.reference.Param::name).toList()) {
                    String key = i + "_" + name;
                    grads.put(key, Dl4jParams.values(specs.get(i), name,
                            byDl4jKey.get(Dl4jParams.dl4jKey(dl4jLayerOf, key))));
                }
            }
        }
        Map<Integer, Dl4jParams.RunningStats> running = new LinkedHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i) instanceof Architecture.BatchNorm) {
                running.put(i, runningAfterStep(dl4jLayerOf[i], byDl4jKey));
            }
        }
        double[] output = Dl4jParams.values(out);
        double[] dx = Dl4jParams.values(back.getSecond());
        net.clear(); // drop the kept inputs and activations
        return new Run(output, dx, grads, running);
    }

    /**
     * The running mean and variance DL4J layer {@code j}, a BatchNormalization, would hold after the training
     * step of this backprop. DL4J moves them in the update step, not in the layer: backpropGradient emits a
     * "gradient" for its {@code mean}, (1 - decay) (mean - batchMean), and for its {@code log10stdev},
     * log10(std) - log10(std'), std'^2 = decay var + (1 - decay) batchVar (the biased batch variance, no eps);
     * their updater is a NoOp, and the step neither divides them by the batch size nor clips them, then
     * subtracts each from its parameter. Done here the same way, in the piece's precision, on copies: the
     * piece's parameters stay as they were. The variance is read from log10stdev as {@link Dl4jParams} reads it.
     */
    private Dl4jParams.RunningStats runningAfterStep(int j, Map<String, INDArray> byDl4jKey) {
        INDArray mean = net.getParam(j + "_mean").sub(byDl4jKey.get(j + "_mean"));
        INDArray log10std = net.getParam(j + "_log10stdev").sub(byDl4jKey.get(j + "_log10stdev"));
        return new Dl4jParams.RunningStats(Dl4jParams.values(mean), Dl4jParams.variance(log10std));
    }

    /**
     * The forward output alone (N, out), for a check of a forward pass without an upstream gradient. Run in
     * training mode, as {@link #run} runs it, so that the output is the one {@link #run} would give.
     */
    public double[] forward(double[] x, int n) {
        net.setInput(array(x, new long[] {n, input.size()}));
        List<INDArray> activations = net.feedForward(true, false);
        double[] output = Dl4jParams.values(activations.get(activations.size() - 1));
        net.clear();
        return output;
    }

    /** {@code values} (row-major) as an array of {@code shape} in the piece's precision: DL4J mixes none. */
    private INDArray array(double[] values, long[] shape) {
        return Nd4j.create(values, shape, 'c').castTo(net.getLayerWiseConfigurations().getDataType());
    }
}
