package lab.compare.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The time left, worked by hand: a kind priced from its calibration run (fastest epoch but the first, the rest of
 * the wall time per evaluation pass), then from its own finished jobs alone; and jobs laid onto workers.
 */
class PaceTest {

    private static final RunSpec JOB = RunSpec.builder().arch("cnn").epochs(3).build();

    @Test
    void aKindIsPricedFromItsCalibrationThenFromItsOwnFinishedJobsOnly() {
        Pace pace = new Pace();
        assertTrue(Double.isNaN(pace.seconds(JOB, 1000)), "not measured: unknown, not a guess");
        RunSpec calibration = Calibration.run(JOB);
        // Epoch 1 took 0.5 s (warm-up), epoch 2 0.3 s, epoch 3 0.25 s: the fastest after the first, 256 images
        // at 1024/s; 3.3 s of wall time in all.
        pace.calibrated(Pace.Kind.of(JOB), result(calibration, 256, 1.05, List.of(0.5, 0.3, 0.25)), 3.3);
        // Training 1000 images x 3 epochs at 0.25/256 s each, plus one pass of 3.3 - 1.05 = 2.25 s.
        assertEquals(3000 * 0.25 / 256 + 2.25, pace.seconds(JOB, 1000), 1e-12);
        RunSpec shifted = JOB.toBuilder().maxShift(2).build(); // 1 + 1 + 4 x 2 = 10 passes
        assertEquals(3000 * 0.25 / 256 + 22.5, pace.seconds(shifted, 1000), 1e-12);

        // A real job: 2 epochs of 1000 images in 10 s of training, 12 s of wall time.
        pace.finished(result(JOB.toBuilder().epochs(2).build(), 1000, 10.0, List.of(5.0, 5.0)), 12.0);
        assertEquals(0.005 * 1000 * 3 + 2.0, pace.seconds(JOB, 1000), 1e-12, "the calibration no longer counts");
        pace.finished(result(JOB, 500, 2.5, List.of(1.0, 1.0, 0.5)), 4.5); // 1500 image-epochs, 2 s more
        assertEquals(12.5 / 3500 * 3000 + 2.0, pace.seconds(JOB, 1000), 1e-12, "pooled over the kind's jobs");
        pace.calibrated(Pace.Kind.of(JOB), result(calibration, 256, 100, List.of(50.0, 25.0, 25.0)), 200);
        assertEquals(12.5 / 3500 * 3000 + 2.0, pace.seconds(JOB, 1000), 1e-12, "a late calibration is ignored");
        assertTrue(Double.isNaN(pace.seconds(JOB.toBuilder().stack(Stack.DL4J).build(), 1000)),
                "another stack is another kind");
    }

    @Test
    void aKindStillPricedFromItsCalibrationIsScaledByWhatCalibratedKindsJobsTookAgainstTheirPrice() {
        Pace pace = new Pace();
        RunSpec mlp = JOB.toBuilder().arch("mlp").build();
        pace.calibrated(Pace.Kind.of(JOB), result(Calibration.run(JOB), 256, 1.0, List.of(0.5, 0.25, 0.25)), 1.5);
        pace.calibrated(Pace.Kind.of(mlp), result(Calibration.run(mlp), 256, 0.3, List.of(0.1, 0.1, 0.1)), 0.5);
        double cnnPrice = 3 * 256 * 0.25 / 256 + 0.5; // 0.75 s of training, 0.5 s of the rest
        double mlpPrice = 3 * 256 * 0.1 / 256 + 0.2;
        assertEquals(mlpPrice, pace.seconds(mlp, 256), 1e-12, "nothing finished: the calibration as it is");
        // Two at once on two cores: the first cnn job takes 1.5 times its calibrated price.
        pace.finished(result(JOB, 256, 1.0, List.of(0.4, 0.3, 0.3)), 1.5 * cnnPrice);
        assertEquals(1.5 * mlpPrice, pace.seconds(mlp, 256), 1e-12, "the mlp, still calibrated, priced likewise");
        pace.finished(result(mlp, 256, 0.3, List.of(0.1, 0.1, 0.1)), mlpPrice); // an mlp job as calibrated
        // Priced from its own job, which took its calibrated price: exactly that, where the factor (now above 1)
        // would have made it more.
        assertEquals(mlpPrice, pace.seconds(mlp, 256), 1e-12, "its own jobs: no factor");
        RunSpec other = JOB.toBuilder().data("mnist10k").build();
        pace.calibrated(Pace.Kind.of(other), result(Calibration.run(other), 256, 1.0, List.of(0.5, 0.25, 0.25)), 1.5);
        assertEquals(cnnPrice * (1.5 * cnnPrice + mlpPrice) / (cnnPrice + mlpPrice), pace.seconds(other, 256), 1e-12,
                "the factor pools every calibrated kind's finished jobs");
    }

    @Test
    void jobsGoToTheWorkerFreeFirstAfterTheRunningOnes() {
        assertEquals(6, Pace.left(List.of(), List.of(3.0, 3.0, 3.0, 3.0), 2), 1e-12, "even work: the sum over N");
        assertEquals(10, Pace.left(List.of(), List.of(10.0, 1.0, 1.0), 2), 1e-12, "a long job is not shared out");
        // Running: 10 s and 2 s left. The waiting 4 s jobs start at 2, 6 and 10.
        assertEquals(14, Pace.left(List.of(10.0, 2.0), List.of(4.0, 4.0, 4.0), 2), 1e-12);
        assertEquals(13, Pace.left(List.of(5.0), List.of(4.0, 4.0), 1), 1e-12, "one worker: the sum");
        assertEquals(10, Pace.left(List.of(10.0, -3.0), List.of(), 2), 1e-12, "an overdue job counts as ending now");
        assertTrue(Double.isNaN(Pace.left(List.of(), List.of(1.0, Double.NaN), 2)), "unknown stays unknown");
    }

    private static RunResult result(RunSpec spec, int images, double trainSeconds, List<Double> epochSeconds) {
        List<RunResult.Epoch> history = new java.util.ArrayList<>();
        for (int e = 0; e < epochSeconds.size(); e++) {
            history.add(new RunResult.Epoch(e + 1, 0.5, 0.9, epochSeconds.get(e)));
        }
        return RunResult.builder(spec, RunResult.Status.OK).init("he").split("planted").trainSize(images).testSize(50)
                .parameters(1000).testAccuracy(0.9).finalTrainLoss(0.3).finalTrainAccuracy(0.9).seconds(trainSeconds)
                .imagesPerSecond(images / trainSeconds).history(history).confusion(new int[10][10]).finished("now")
                .locality(1.0).build();
    }
}
