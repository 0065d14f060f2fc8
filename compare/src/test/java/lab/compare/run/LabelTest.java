package lab.compare.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * A run's words, made in one place: the exact strings the terminal, the unfinished-runs table and the
 * summary's cells have always printed.
 */
class LabelTest {

    private static final RunSpec MLP = RunSpec.builder().arch("mlp").optimizer(OptimizerKind.ADAM).lr(0.005)
            .epochs(5).seed(2).build();

    @Test
    void aRunSaysItsStudyButTheControlsThenDataModelStackPixelsAndSeed() {
        assertEquals("digits8 mlp reference standard seed 2", Label.RUN.of(MLP));
        assertEquals("sharing: digits8 mlp dl4j permuted seed 2", Label.RUN.of(MLP.toBuilder().study(Study.SHARING)
                .stack(Stack.DL4J).permuteSeed(2L).build()));
        // A scramble is not a study run's word: its table names the pixels only.
        assertEquals("locality: digits8 mlp reference permuted seed 2", Label.RUN.of(MLP.toBuilder()
                .study(Study.LOCALITY).permuteSeed(2L).scramble("blocks:4").build()));
    }

    @Test
    void aSweepsRunAlsoSaysItsScrambleAndEverySettingASweepVaries() {
        RunSpec sweep = MLP.toBuilder().study(Origin.SWEEP).batch(16).build();
        assertEquals("sweep: digits8 mlp reference standard adam lr 0.005 batch 16 5 ep seed 2", Label.RUN.of(sweep));
        assertEquals("sweep: digits8 mlp reference permuted blocks:4 adam lr 0.005 batch 16 5 ep 400 images seed 2",
                Label.RUN.of(sweep.toBuilder().permuteSeed(2L).scramble("blocks:4").trainSize(400).build()));
        assertEquals("sweep: digits8 mlp reference permuted sgd lr 0.1 batch 16 5 ep 1000 images seed 2",
                Label.RUN.of(sweep.toBuilder().permuteSeed(2L).optimizer(OptimizerKind.SGD).lr(0.1).trainSize(1000)
                        .build()));
    }

    @Test
    void aCellNamesNeitherStackNorSeedButItsScrambleRateAndTrainingSize() {
        assertEquals("digits8 mlp standard lr 0.005", Label.CELL.of(MLP.toBuilder().stack(Stack.DL4J).build()));
        assertEquals("samples: digits8 mlp permuted lr 0.005, 1,000 images", Label.CELL.of(MLP.toBuilder()
                .study(Study.SAMPLES).permuteSeed(9L).trainSize(1000).build()));
        // The scramble as the spec holds it: the locality study's "fraction:0" is not rewritten "fraction:0.0".
        assertEquals("locality: digits8 mlp permuted fraction:0 lr 0.005", Label.CELL.of(MLP.toBuilder()
                .study(Study.LOCALITY).permuteSeed(2L).scramble("fraction:0").build()));
        assertEquals("digits8 mlp permuted lr 0.005", Label.CELL.of(MLP.toBuilder().permuteSeed(2L).scramble("full")
                .build()));
    }

    @Test
    void aFloatRunAndItsCellSayFloatWhereADoubleOneSaysNothingOfItsPrecision() {
        RunSpec single = MLP.toBuilder().dtype(DType.FLOAT).build();
        assertEquals("digits8 mlp reference float standard seed 2", Label.RUN.of(single));
        assertEquals("sweep: digits8 mlp dl4j float standard adam lr 0.005 batch 32 5 ep seed 2", Label.RUN.of(single
                .toBuilder().study(Origin.SWEEP).stack(Stack.DL4J).build()));
        assertEquals("digits8 mlp float permuted lr 0.005", Label.CELL.of(single.toBuilder().permuteSeed(2L).build()));
    }

    @Test
    void pixelsAreStandardUnlessAPermutationSeedOrFileIsGiven() {
        assertEquals(Pixels.STANDARD, MLP.pixels());
        assertEquals(Pixels.PERMUTED, MLP.toBuilder().permuteSeed(0L).build().pixels());
        assertEquals(Pixels.PERMUTED, MLP.toBuilder().permutationFile("perm.txt").build().pixels());
        assertEquals("standard permuted", Pixels.STANDARD + " " + Pixels.of(true));
    }
}
