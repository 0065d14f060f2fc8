package lab.bench;

import java.util.concurrent.TimeUnit;

import lab.compare.speed.Ways;
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
 * Variants are {@link Ways}'s: the spec's loops, the fast path in double on 1 or 2 threads and on the scalar
 * kernels, and the fast path in float32 ({@code float1}, {@code float2}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(jvmArgsAppend = Ways.VECTOR_MODULE)
public class RefTrain {

    @org.openjdk.jmh.annotations.Param({"book-cnn", "mlp", "cnn"})
    public String model;

    @org.openjdk.jmh.annotations.Param({"naive", "fast1", "fast2", "scalar1", "float1", "float2"})
    public String variant;

    private Ways.Step step;

    @Setup(Level.Iteration)
    public void setup() {
        step = Ways.start(variant, model);
    }

    @Benchmark
    public double step() {
        return step.step();
    }
}
