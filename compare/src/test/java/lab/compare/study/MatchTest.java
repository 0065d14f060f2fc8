package lab.compare.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The parameters a curve needs to reach a level, worked by hand: interpolated linearly in log(parameters)
 * between the two rungs it passes between, with the interval read off the rungs' and the level's 95%
 * half-widths; at or below the first rung; not reached within the ladder.
 */
class MatchTest {

    /** Rungs at 100, 1,000 and 10,000 parameters: 80%, 90%, 95%, each +-2 points. */
    private static final List<Match.Point> CURVE = List.of(new Match.Point(100, 80, 2), new Match.Point(1_000, 90, 2),
            new Match.Point(10_000, 95, 2));

    @Test
    void aLevelBetweenTwoRungsIsInterpolatedInLogParametersWithItsIntervalFromTheBands() {
        // Level 85 +- 1. Estimate: the means 80 -> 90 pass 85 half-way, at 10^2.5 = 316.23 parameters.
        // Low end: the upper band 82 -> 92 reaches the level's lower bound 84 a fifth of the way: 10^2.2 = 158.49.
        // High end: the lower band 78 -> 88 reaches the level's upper bound 86 at 0.8 of the way: 10^2.8 = 630.96.
        Match m = Match.of(CURVE, 85, 1);
        assertEquals(Match.Where.BETWEEN, m.estimate().where());
        assertEquals(Math.pow(10, 2.5), m.estimate().parameters(), 1e-9);
        assertEquals(Math.pow(10, 2.2), m.low().parameters(), 1e-9);
        assertEquals(Math.pow(10, 2.8), m.high().parameters(), 1e-9);
        // In words, two significant figures (it is interpolated); against a cnn of 200 parameters:
        // 316.23 / 200 = 1.58, 158.49 / 200 = 0.79, 630.96 / 200 = 3.15.
        assertEquals("320 [160, 630]", m.parametersText());
        assertEquals("1.6x [0.79x, 3.2x]", m.ratioText(200));
    }

    @Test
    void aLevelNoRungReachesIsNotReachedWithinTheLadder() {
        // 96 is above every mean (the best is 95): not reached; the interval's low end, where the upper band
        // (97 at the last rung) reaches 96 - 1 = 95, is between 1,000 (92) and 10,000 (97): 10^(3 + 3/5).
        Match m = Match.of(CURVE, 96, 1);
        assertEquals(Match.Where.NOT_REACHED, m.estimate().where());
        assertEquals(10_000, m.estimate().parameters(), 0.0);
        assertEquals(Math.pow(10, 3.6), m.low().parameters(), 1e-9);
        assertEquals(Match.Where.NOT_REACHED, m.high().where());
        assertEquals("not reached (> 10,000) [4,000, not reached (> 10,000)]", m.parametersText());
        assertEquals("> 50x [20x, > 50x]", m.ratioText(200));
    }

    @Test
    void aLevelTheFirstRungAlreadyReachesIsAtMostItsParameters() {
        // 79 is below the first rung's 80: at most 100 parameters; the low end likewise (82 >= 78), the high end
        // where the lower band 78 -> 88 reaches 80: a fifth of the way, 10^2.2.
        Match m = Match.of(CURVE, 79, 1);
        assertEquals(Match.Where.AT_FIRST_RUNG, m.estimate().where());
        assertEquals("≤ 100 [≤ 100, 160]", m.parametersText());
        assertEquals("≤ 0.5x [≤ 0.5x, 0.79x]", m.ratioText(200));
    }

    @Test
    void theFirstCrossingCountsWhenTheCurveDipsAfterIt() {
        // 70 -> 90 -> 85 -> 95: a level of 88 is first reached between the first two rungs (t = 0.9).
        double[] x = {10, 100, 1_000, 10_000};
        double[] y = {70, 90, 85, 95};
        assertEquals(Math.pow(10, 1.9), Match.crossing(x, y, 88).parameters(), 1e-9);
    }

    @Test
    void oneSeedGivesAnEstimateWithoutAnInterval() {
        List<Match.Point> oneSeed = List.of(new Match.Point(100, 80, Double.NaN),
                new Match.Point(1_000, 90, Double.NaN));
        Match m = Match.of(oneSeed, 85, Double.NaN);
        assertNull(m.low());
        assertEquals("320", m.parametersText());
        // and a level without its interval gives none either, whatever the curve has
        assertNull(Match.of(CURVE, 85, Double.NaN).high());
    }
}
