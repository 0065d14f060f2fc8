package lab.reference;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The cnn preset at the experiment's 28x28, against central differences: the same layers and code as the
 * 8x8 presets of {@link NetworkGradientTest}, at the size that is trained. A class of its own because it
 * is the slowest test of the module (about a minute): the mutation profile leaves it out, since under PIT
 * it would run for every mutant of every layer it covers, and the 8x8 presets reach the same lines.
 */
class CnnAt28x28GradientTest {

    static final int TRIES_CNN_PRESET = 3;

    @Property(tries = TRIES_CNN_PRESET)
    void cnnPresetGradientsMatchCentralDifferencesOn28x28(@ForAll @IntRange(min = 1, max = 2) int n,
                                                          @ForAll long seed) {
        GradCheck.requireChecked(TRIES_CNN_PRESET, GradCheck.MIN_CHECKED_SHARE);
        NetworkGradientTest.check(Architecture.of("cnn"), new Shape(1, 28, 28), n, seed);
    }
}
