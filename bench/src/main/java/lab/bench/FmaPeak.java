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
 * This core's FMA throughput in double and in float, the yardsticks the table divides by: a double row by
 * the double peak, a float row by the float one. A vector register holds twice as many floats, so the float
 * peak is up to twice the double one (1.8x measured on the 2-core AMD EPYC with AVX2 of BENCHMARKS.md: the
 * table divides by what was measured, not by a nominal 2x). Not a kernel of either stack: just enough
 * independent multiply-adds in flight to hide the FMA latency.
 *
 * <pre>
 * scalar:     8 independent chains of Math.fma in registers: the ceiling of code the JIT does not vectorise.
 * vectorized: y[i] = fma(...fma(y[i], m, c)..., m, c), 8 deep, over an L1-resident array: the JIT
 *             vectorises over i (AVX2/AVX-512 lanes) and unrolls, so many independent vectors are in flight.
 * scalarFloat, vectorizedFloat: the same on floats.
 * </pre>
 * Each FMA is 2 FLOPs; {@link #flops} says how many one call does. The float twins repeat the double
 * bodies because Java has no generics over primitives: one body cannot serve both.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FmaPeak {

    static final int STEPS = 1024; // scalar: iterations of 8 chains
    static final int LENGTH = 512; // vectorized: 4 KiB of doubles (2 KiB of floats), well inside L1
    static final int DEPTH = 8; // vectorized: dependent FMAs per element

    /** FLOPs per call of each benchmark, by method name. */
    static long flops(String method) {
        return switch (method) {
            case "scalar", "scalarFloat" -> 2L * 8 * STEPS;
            case "vectorized", "vectorizedFloat" -> 2L * DEPTH * LENGTH;
            default -> throw new IllegalArgumentException("no FLOP count for FmaPeak." + method);
        };
    }

    /** Whether a benchmark, by method name, measures the float peak (else the double one). */
    static boolean isFloat(String method) {
        return method.endsWith("Float");
    }

    // m just below 1 and a small c keep every chain bounded (it tends to c / (1 - m)): no overflow and no
    // denormals, whose slow paths would measure something else.
    private double m = 0.999_999;
    private double c = 1e-6;
    private final double[] y = new double[LENGTH];
    private float mf = 0.999_999f;
    private float cf = 1e-6f;
    private final float[] yf = new float[LENGTH];

    @Setup
    public void setup() {
        for (int i = 0; i < LENGTH; i++) {
            y[i] = i * 1e-3;
            yf[i] = i * 1e-3f;
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

    @Benchmark
    public float scalarFloat() {
        float a0 = 0.1f, a1 = 0.2f, a2 = 0.3f, a3 = 0.4f, a4 = 0.5f, a5 = 0.6f, a6 = 0.7f, a7 = 0.8f;
        float mm = mf, cc = cf;
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
    public float[] vectorizedFloat() {
        float mm = mf, cc = cf;
        float[] v = yf;
        for (int i = 0; i < LENGTH; i++) {
            float t = v[i];
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
