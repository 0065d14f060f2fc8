package lab.reference;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Nesterov momentum as DL4J's NesterovsUpdater writes it (the cs231n form, signs flipped because DL4J
 * subtracts the update):
 * <pre>
 *   v      = mu * vPrev - lr * g
 *   update = mu * vPrev - (1 + mu) * v          theta -= update
 * </pre>
 */
public final class Nesterovs implements Optimizer {

    private final double lr;
    private final double mu;
    private final Map<Param, double[]> velocity = new IdentityHashMap<>(); // per parameter, starts at 0

    public Nesterovs(double lr, double momentum) {
        this.lr = lr;
        this.mu = momentum;
    }

    @Override
    public void step(List<Param> params) {
        for (Param p : params) {
            double[] v = velocity.computeIfAbsent(p, k -> new double[k.size()]);
            double[] theta = p.value();
            double[] g = p.grad();
            for (int i = 0; i < theta.length; i++) {
                double vPrev = v[i];
                v[i] = mu * vPrev - lr * g[i];
                theta[i] -= mu * vPrev - (1 + mu) * v[i];
            }
        }
    }

    public double lr() {
        return lr;
    }

    public double momentum() {
        return mu;
    }

    @Override
    public String toString() {
        return "nesterovs(lr=" + lr + ", momentum=" + mu + ")";
    }
}
