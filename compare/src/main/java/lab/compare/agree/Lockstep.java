package lab.compare.agree;

import java.util.List;

import lab.compare.run.OptimizerKind;
import lab.dl4j.Dl4jNetworks;
import lab.dl4j.Dl4jParams;
import lab.dl4j.Dl4jTrainer;
import lab.reference.Dataset;
import lab.reference.Network;
import lab.reference.Optimizer;
import lab.reference.Param;
import lab.reference.Trainer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Trains both stacks step by step from identical weights on identical batches (the reference trainer's
 * order), and after every step compares every parameter. Reports the worst relative difference seen,
 * measured as |dl4j - ref| / max(1, |ref|) over all parameters, and the step and parameter where it
 * occurred.
 */
public final class Lockstep {

    /** The worst parameter difference over the run, and the test predictions of both stacks at the end. */
    public record Result(int steps, double worstDiff, int worstStep, String worstParam, int[] referencePredictions,
                         int[] dl4jPredictions) {
    }

    private Lockstep() {
    }

    public static Result run(Network ref, Dataset train, Dataset test, OptimizerKind optimizer, double lr, double momentum,
                             int steps, int batchSize, long seed) {
        Dl4jNetworks.Built built = Dl4jNetworks.build(ref.architecture(), ref.inputShape(), DataType.DOUBLE,
                optimizer.dl4j(lr, momentum), lab.reference.Init.XAVIER, 0);
        Dl4jParams.toDl4j(ref, built);
        Optimizer opt = optimizer.reference(lr, momentum);
        List<Param> params = ref.params().stream().map(Network.NamedParam::param).toList();
        Network mirror = new Network(ref.architecture(), ref.inputShape()); // DL4J's parameters, read back
        double worst = 0;
        int worstStep = 0;
        String worstParam = "";
        int n = train.size();
        int perEpoch = (n + batchSize - 1) / batchSize;
        for (int step = 1; step <= steps; step++) {
            int epoch = (step - 1) / perEpoch + 1;
            int from = ((step - 1) % perEpoch) * batchSize;
            int[] order = Trainer.epochOrder(seed, epoch, n);
            Dataset.Batch b = train.batch(order, from, Math.min(from + batchSize, n));
            ref.zeroGrad();
            ref.lossAndGradient(b.x(), b.y(), b.n());
            opt.step(params);
            built.net().fit(Dl4jTrainer.dataSet(b, train.shape().size(), ref.classes(), DataType.DOUBLE));
            Dl4jParams.fromDl4j(built, mirror);
            for (Network.NamedParam p : ref.params()) {
                double[] a = p.param().value();
                double[] d = mirror.param(p.key()).value();
                for (int i = 0; i < a.length; i++) {
                    double diff = Math.abs(d[i] - a[i]) / Math.max(1, Math.abs(a[i]));
                    if (!(diff <= worst)) { // NaN counts as the worst
                        worst = diff;
                        worstStep = step;
                        worstParam = p.key() + "[" + i + "]";
                    }
                }
            }
        }
        return new Result(steps, worst, worstStep, worstParam, ref.predict(test.x(), test.size()),
                mirror.predict(test.x(), test.size()));
    }
}
