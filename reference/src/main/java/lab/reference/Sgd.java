package lab.reference;

import java.util.List;

/** Stochastic gradient descent: theta -= lr * g. No state. */
public final class Sgd implements Optimizer {

    private final double lr;

    public Sgd(double lr) {
        this.lr = lr;
    }

    @Override
    public void step(List<Param> params) {
        for (Param p : params) {
            double[] theta = p.value();
            double[] g = p.grad();
            for (int i = 0; i < theta.length; i++) {
                theta[i] -= lr * g[i];
            }
        }
    }

    public double lr() {
        return lr;
    }

    @Override
    public String toString() {
        return "sgd(lr=" + lr + ")";
    }
}
