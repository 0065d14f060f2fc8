package lab.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * This core's double-precision FMA throughput, the yardstick the table divides by. Not a kernel of either
 * stack: just enough independent multiply-adds in flight to hide the FMA latency.
 *
 * <pre>
 * scalar:    8 independent chains of Math.fma in registers: the ceiling of code the JIT does not vectorise.
 * vectorized: y[i] = fma(...fma(y[i], m, c)..., m, c), 8 deep, over an L1-resident array: the JIT
 *            vectorises over i (AVX2/AVX-512 lanes) and unrolls, so many independent vectors are in flight.
 * </pre>
 * Each FMA is 2 FLOPs; {@link #FLOPS} says how many one call does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FmaPeak {

    static final int STEPS = 1024; // scalar: iterations of 8 chains
    static final int LENGTH = 512; // vectorized: 4 KiB of doubles, well inside L1
    static final int DEPTH = 8; // vectorized: dependent FMAs per element

    /** FLOPs per call of each benchmark, by method name. */
    static long flops(String method) {
        return switch (method) {
            case "scalar" -> 2L * 8 * STEPS;
            case "vectorized" -> 2L * DEPTH * LENGTH;
            default -> throw new IllegalArgumentException("no FLOP count for FmaPeak." + method);
        };
    }

    // m just below 1 and a small c keep every chain bounded (it tends to c / (1 - m)): no overflow and no
    // denormals, whose slow paths would measure something else.
    private double m = 0.999_999;
    private double c = 1e-6;
    private final double[] y = new double[LENGTH];

    @Setup
    public void setup() {
        for (int i = 0; i < LENGTH; i++) {
            y[i] = i * 1e-3;
        }
    }

    @Benchmark
    public double scalar() {
        double a0 = 0.1, a1 = 0.2, a2 = 0.3, a3 = 0.4, a4 = 0.5, a5 = 0.6, a6 = 0.7, a7 = 0.8;
        double mm = m, cc = c;
        for (int i = 0; i < STEPS; i++) {
            a0 = Math.fma(a0, mm, cc);
            a1 = Math.fma(a1, mm, cc);
            a2 = Math.fma(a2, mm, cc);
            a3 = Math.fma(a3, mm, cc);
            a4 = Math.fma(a4, mm, cc);
            a5 = Math.fma(a5, mm, cc);
            a6 = Math.fma(a6, mm, cc);
            a7 = Math.fma(a7, mm, cc);
        }
        return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
    }

    @Benchmark
    public double[] vectorized() {
        double mm = m, cc = c;
        double[] v = y;
        for (int i = 0; i < LENGTH; i++) {
            double t = v[i];
            t = Math.fma(t, mm, cc);
            t = Math.fma(t, mm, cc);
            t = Math.fma(t, mm, cc);
            t = Math.fma(t, mm, cc);
            t = Math.fma(t, mm, cc);
            t = Math.fma(t, mm, cc);
            t = Math.fma(t, mm, cc);
            t = Math.fma(t, mm, cc);
            v[i] = t;
        }
        return v;
    }
}
