package lab.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import lab.reference.Model;
import lab.reference.Network;
import lab.reference.Optimizer;
import lab.reference.Param;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One training step of the reference stack: zero the gradients, forward, loss, backward, optimizer. The
 * network and its optimizer start afresh at every measured iteration (about a thousand steps): trained on
 * one batch for longer, a network memorises it, its gradients shrink into subnormal numbers, and every
 * stack slows by up to 3x for a reason no real run meets (seen on mlp in one JVM: 600 us a step, then 1,850).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(jvmArgsAppend = RefVariants.VECTOR_MODULE)
public class RefTrain {

    @org.openjdk.jmh.annotations.Param({"book-cnn", "mlp", "cnn"})
    public String model;

    @org.openjdk.jmh.annotations.Param({"naive", "fast1", "fast2", "scalar1"})
    public String variant;

    private Model net;
    private Optimizer optimizer;
    private List<Param> params;
    private double[] x;
    private int[] y;

    @Setup(Level.Iteration)
    public void setup() {
        net = RefVariants.network(variant, model);
        optimizer = Cases.optimizerOf(model);
        params = net.params().stream().map(Network.NamedParam::param).toList();
        x = Inputs.uniform(Cases.BATCH * net.inputShape().size(), 2);
        y = Inputs.labels(Cases.BATCH, net.classes(), 3);
    }

    @Benchmark
    public double step() {
        net.zeroGrad();
        double loss = net.lossAndGradient(x, y, Cases.BATCH);
        optimizer.step(params);
        return loss;
    }
}
