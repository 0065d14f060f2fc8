package lab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lab.reference.Architecture;
import lab.reference.Evaluation;
import lab.reference.Init;
import lab.reference.Network;
import lab.reference.Optimizer;
import lab.reference.Param;
import lab.reference.Trainer;
import org.junit.jupiter.api.Test;

/** docs/code.md's Java example, line for line, so the page cannot drift from the API. */
class ReadmeExampleTest {

    @Test
    void readmeExampleRunsAndLearns() {
        Split split = DataSource.load("digits8", 0.25, 0);
        Architecture arch = Architecture.of("conv(4,k3)-relu-dense(10)");
        Network net = Network.create(arch, split.train().shape(), Init.UNIFORM, 42);
        Trainer.train(net, Optimizer.sgd(0.1), split.train(), new Trainer.Config(40, 32, 42),
                new Trainer.Listener() { });
        Evaluation eval = Evaluation.of(net, split.test(), 256);
        System.out.printf("test accuracy %.2f%%%n%s", 100 * eval.accuracy(), eval.confusionTable());

        net.zeroGrad();
        double loss = net.lossAndGradient(split.train().x(), split.train().y(), split.train().size());
        Param dW = net.param("0_W");

        assertEquals(Architecture.of("book-cnn"), arch);
        assertTrue(eval.accuracy() > 0.9, "book-cnn learns digits8: " + eval.accuracy());
        assertTrue(loss < 0.3, "trained loss " + loss);
        assertEquals(4 * 9, dW.grad().length);
    }
}
