package lab.fast;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Which code runs the fast path's conv and dense arithmetic. The two give the same bits, on every machine
 * (tested on the experiment's shapes and on odd ones): each output is the same chain of fused
 * multiply-adds in the same order, only more of them run at once in VECTOR. So this is a speed setting,
 * never a result setting.
 * <ul>
 * <li>{@link #SCALAR}: plain Java, which HotSpot vectorises where it can ({@link Conv2DFast}, {@link DenseFast});
 *     in float, plain loops in the chains' order ({@link FloatConvLoops}, {@link FloatDenseLoops}).
 * <li>{@link #VECTOR}: the JDK's Vector API ({@code Conv2DVector}, {@code DenseVector}, {@code VectorGemm}),
 *     about twice as fast (and {@code FloatConv2DVector}, {@code FloatDenseVector}, {@code FloatGemm} in
 *     float lanes); {@code jdk.incubator.vector} is an incubator module on JDK 17, there only when
 *     the JVM was started with {@code --add-modules jdk.incubator.vector} (as {@code ./lab}, the tests and
 *     the benchmarks do). Its classes are loaded only then: the kernels by name, here, and
 *     {@code MaxPoolVector}'s static methods by the pool twins' calls behind {@link #vectorApi()}, which
 *     HotSpot resolves on their first run; so a JVM without it runs SCALAR. Keep every reference to a
 *     Vector API class in a method body behind that flag (a field or signature of such a type would load it).
 * </ul>
 */
public enum Kernels {
    SCALAR,
    VECTOR;

    private static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    /** VECTOR where this JVM has the Vector API, else SCALAR. */
    public static Kernels best() {
        return VECTOR_API ? VECTOR : SCALAR;
    }

    /** Whether this JVM can run these kernels (SCALAR always). */
    public boolean available() {
        return this == SCALAR || VECTOR_API;
    }

    /** One thread's kernel for a stride-1 conv of these sizes (see {@link ConvKernel}). */
    ConvKernel conv(int C, int H, int W, int F, int KH, int KW, int PH, int PW, int OH, int OW) {
        if (this == SCALAR) {
            return new Conv2DFast(C, H, W, F, KH, KW, PH, PW, OH, OW);
        }
        requireAvailable(); // before Vector's first use loads the Vector API's classes
        return Vector.make(ConvKernel.class, Vector.CONV, C, H, W, F, KH, KW, PH, PW, OH, OW);
    }

    /** The kernels of a dense layer D -> U (see {@link DenseKernel}). */
    DenseKernel dense(int D, int U) {
        if (this == SCALAR) {
            return new DenseFast(D, U);
        }
        requireAvailable();
        return Vector.make(DenseKernel.class, Vector.DENSE, D, U);
    }

    /** One thread's float kernel for a stride-1 conv of these sizes (see {@link FloatConvKernel}). */
    FloatConvKernel floatConv(int C, int H, int W, int F, int KH, int KW, int PH, int PW, int OH, int OW) {
        if (this == SCALAR) {
            return new FloatConvLoops(C, H, W, F, KH, KW, PH, PW, OH, OW);
        }
        requireAvailable();
        return Vector.make(FloatConvKernel.class, Vector.FLOAT_CONV, C, H, W, F, KH, KW, PH, PW, OH, OW);
    }

    /** The float kernels of a dense layer D -> U (see {@link FloatDenseKernel}). */
    FloatDenseKernel floatDense(int D, int U) {
        if (this == SCALAR) {
            return new FloatDenseLoops(D, U);
        }
        requireAvailable();
        return Vector.make(FloatDenseKernel.class, Vector.FLOAT_DENSE, D, U);
    }

    /** Whether these kernels are the Vector API's (refused, as every kernel is, where the JVM lacks it). */
    boolean vectorApi() {
        if (this == SCALAR) {
            return false;
        }
        requireAvailable();
        return true;
    }

    private void requireAvailable() {
        if (!available()) {
            throw new IllegalStateException("Kernels." + this + " needs the JVM option --add-modules jdk.incubator.vector");
        }
    }

    /** The Vector API classes' constructors, looked up by name the first time VECTOR builds a kernel. */
    private static final class Vector {
        static final MethodHandle CONV = constructor("lab.fast.Conv2DVector", 10);
        static final MethodHandle DENSE = constructor("lab.fast.DenseVector", 2);
        static final MethodHandle FLOAT_CONV = constructor("lab.fast.FloatConv2DVector", 10);
        static final MethodHandle FLOAT_DENSE = constructor("lab.fast.FloatDenseVector", 2);

        private static MethodHandle constructor(String name, int ints) {
            Class<?>[] types = new Class<?>[ints];
            java.util.Arrays.fill(types, int.class);
            try {
                return MethodHandles.lookup().findConstructor(Class.forName(name), MethodType.methodType(void.class, types));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the Vector API kernels are missing: " + e, e);
            }
        }

        /** A Vector API kernel by its constructor and sizes. */
        static <T> T make(Class<T> type, MethodHandle constructor, Object... sizes) {
            try {
                return type.cast(constructor.invokeWithArguments(sizes));
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }

        static RuntimeException rethrow(Throwable e) {
            if (e instanceof RuntimeException r) {
                return r;
            }
            if (e instanceof Error err) {
                throw err;
            }
            return new IllegalStateException(e);
        }
    }
}
