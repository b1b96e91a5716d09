package sensor.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * p-values print to six significant digits as BigDecimal rounds them (half up, on the double's
 * exact value); the rounding in doubles must give the same double wherever it answers.
 */
class SignificantDigitsTest {

    private static double exact(double p) {
        return new BigDecimal(p).round(new MathContext(6)).doubleValue();
    }

    private static void same(double p) {
        assertEquals(Double.doubleToLongBits(exact(p)), Double.doubleToLongBits(PairsOutput.significant(p)),
                () -> "p = " + p + " (" + new BigDecimal(p) + ")");
    }

    @Test
    void agreesWithBigDecimalOverEveryScaleOfPValue() {
        SplittableRandom rnd = new SplittableRandom(20261206);
        int answered = 0;
        for (int i = 0; i < 300_000; i++) {
            double p = Math.pow(10, -25 * rnd.nextDouble()); // log-uniform over 1e-25 .. 1
            same(p);
            answered += Double.isNaN(PairsOutput.significantInDoubles(p)) ? 0 : 1;
        }
        for (int i = 0; i < 100_000; i++) {
            same(rnd.nextDouble());
        }
        assertTrue(answered > 200_000, "doubles answer for p-values above 1e-17: " + answered);
    }

    @Test
    void agreesAtHalvesPowersAndTheEdges() {
        for (int n = 0; n <= 80; n++) {
            same(Math.scalb(1.0, -n)); // 0.5, 0.25, 0.125 ... end in 5: exact halves once scaled
        }
        for (int e = 0; e <= 20; e++) {
            for (long m : new long[] {100_000, 123_456, 999_999, 1_000_000}) {
                double p = (m + 0.5) / 1e6 / Math.pow(10, e); // as close to a half as doubles get
                same(p);
                same(Math.nextUp(p));
                same(Math.nextDown(p));
                same(m / 1e6 / Math.pow(10, e)); // on a power of ten: log10 may be off by one
            }
        }
        same(1.0);
        same(Double.MIN_VALUE);
        same(0.9999995);
        same(0.99999949999);
        assertEquals(0.0, PairsOutput.significant(0.0));
    }
}
