package sensor.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import sensor.pairs.Exclusivity.ClientCount;
import sensor.pairs.Exclusivity.Rule;
import sensor.pairs.Exclusivity.Verdict;

/**
 * Each condition of "exclusive" met exactly, not by a margin: the share reached to the count,
 * as many dominant clients as allowed, the total at the minimum, the p-value at the bound. All
 * are inclusive (reach, at most, at least, at most); mutation testing showed no test held them.
 */
class ExclusivityBoundaryTest {
    // Kind total 100 in the first two cases; the dominant clients make 4 of it: baseline 0.04.
    // p = P[X ≥ 4 | n = 5, p = 0.04] = C(5,4)·0.04⁴·0.96 + 0.04⁵
    //   = 5 × 2.56e-6 × 0.96 + 1.024e-7 = 1.2288e-5 + 1.024e-7 = 1.23904e-5.
    private static final double P_4_OF_5 = 1.23904e-5;

    @Test
    void oneClientReachingTheShareExactlyIsEnough() {
        // 0.8 × 5 = 4: the first client's 4 reaches it; the second is not needed. Total 5 = min count.
        Verdict v = Exclusivity.judge(List.of(new ClientCount("10.0.0.1", 4, 4), new ClientCount("10.0.0.2", 1, 96)),
                new Rule(0.8, 2, 5, 0.001), 100);
        assertEquals(List.of("10.0.0.1"), v.dominant().stream().map(ClientCount::client).toList());
        assertEquals(0.8, v.dominantShare(), 1e-12);
        assertEquals(0.04, v.baselineShare(), 1e-12);
        assertEquals(P_4_OF_5, v.pValue(), 1e-15);
        assertTrue(v.exclusive(), "share reached exactly, total at the minimum");
    }

    @Test
    void asManyDominantClientsAsAllowed() {
        // 2 + 2 = 4 = 0.8 × 5 with two clients, the most --exclusive-max-clients 2 allows.
        Verdict v = Exclusivity.judge(List.of(new ClientCount("10.0.0.1", 2, 2), new ClientCount("10.0.0.2", 2, 2),
                new ClientCount("10.0.0.3", 1, 96)), new Rule(0.8, 2, 5, 0.001), 100);
        assertEquals(List.of("10.0.0.1", "10.0.0.2"), v.dominant().stream().map(ClientCount::client).toList());
        assertEquals(P_4_OF_5, v.pValue(), 1e-15);
        assertTrue(v.exclusive(), "two dominant clients of at most two");
    }

    @Test
    void aPValueAtTheBoundIsExclusive() {
        // 3 of 3 by a client with 3 of the kind's 12: baseline 0.25, p = 0.25³ = 0.015625, exact in binary.
        Verdict v = Exclusivity.judge(List.of(new ClientCount("10.0.0.1", 3, 3)), new Rule(0.8, 2, 3, 0.015625), 12);
        assertEquals(0.015625, v.pValue(), 0);
        assertTrue(v.exclusive(), "p-value equal to --exclusive-p");
    }
}
