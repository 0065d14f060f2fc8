package lab.reference;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam as DL4J's AdamUpdater computes it, which is NOT the textbook m_hat / (sqrt(v_hat) + eps): the bias
 * corrections are folded into the step size, so epsilon is added to sqrt(v), not sqrt(v_hat).
 * <pre>
 *   m = b1*m + (1-b1)*g          v = b2*v + (1-b2)*g^2          t = step count, from 1
 *   update = lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps)          theta -= update
 * </pre>
 */
public final class Adam implements Optimizer {

    private final double lr, beta1, beta2, eps;
    private final Map<Param, double[][]> moments = new IdentityHashMap<>(); // per parameter: {m, v}
    private int t; // DL4J's iteration + 1; it runs on across epochs

    public Adam(double lr, double beta1, double beta2, double eps) {
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    @Override
    public void step(List<Param> params) {
        t++;
        double alphaT = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
        for (Param p : params) {
            double[][] mv = moments.computeIfAbsent(p, k -> new double[][] {new double[k.size()], new double[k.size()]});
            double[] m = mv[0];
            double[] v = mv[1];
            double[] theta = p.value();
            double[] g = p.grad();
            for (int i = 0; i < theta.length; i++) {
                m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
                theta[i] -= alphaT * m[i] / (Math.sqrt(v[i]) + eps);
            }
        }
    }

    public double lr() {
        return lr;
    }

    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }

    public double epsilon() {
        return eps;
    }

    @Override
    public String toString() {
        return "adam(lr=" + lr + ", beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + eps + ")";
    }
}
