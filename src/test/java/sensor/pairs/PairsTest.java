package sensor.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import sensor.decode.IpAddress;

/** Shares, HHI, dominant clients and the verdict; groups; episodes; the bounded table. */
class PairsTest {

    private static final Exclusivity.Rule RULE = new Exclusivity.Rule(0.8, 2, 10, 0.001);

    /** A client with {@code n} at this server and 10 times as many in the whole kind. */
    private static Exclusivity.ClientCount cc(String c, long n) {
        return new Exclusivity.ClientCount(c, n, 10 * n);
    }

    @Test
    void twoResolversOfOneOrganisationAreTheCaseThatMatters() {
        // 1,000 transactions in the kind; the two resolvers hold 500 + 400 of them overall.
        Exclusivity.Verdict v = Exclusivity.judge(List.of(cc("10.0.0.9", 5), cc("203.0.113.16", 40),
                cc("203.0.113.15", 50), cc("10.0.0.8", 5)), RULE, 1000);
        assertEquals(100, v.total());
        assertEquals(4, v.clients());
        assertEquals(0.5, v.topShare(), 1e-12);
        assertEquals(0.25 + 0.16 + 0.0025 + 0.0025, v.hhi(), 1e-12);
        assertEquals(List.of(cc("203.0.113.15", 50), cc("203.0.113.16", 40)), v.dominant());
        assertEquals(0.9, v.dominantShare(), 1e-12);
        assertEquals(0.9, v.baselineShare(), 1e-12, "(500 + 400) / 1000: they are nearly all the traffic");
        // P[X >= 90], X ~ Bin(100, 0.9): the mean, so about one half.
        assertEquals(0.5832, v.pValue(), 1e-4);
        assertTrue(v.concentrated());
        assertFalse(v.exclusive(), "clients that make 90% of all traffic making 90% here is no finding");
    }

    @Test
    void aConcentrationFarAboveTheBaselineIsExclusive() {
        // The same two resolvers, but only 2 + 1.6 = 3.6% of a kind of 25,000 transactions.
        Exclusivity.Verdict v = Exclusivity.judge(List.of(cc("10.0.0.9", 5), cc("203.0.113.16", 40),
                cc("203.0.113.15", 50), cc("10.0.0.8", 5)), RULE, 25_000);
        assertEquals(0.036, v.baselineShare(), 1e-12);
        assertTrue(v.pValue() < 1e-100, "90 of 100 where 3.6 are expected: " + v.pValue());
        assertEquals(0.9 / 0.036, v.dominantLift(), 1e-9);
        assertTrue(v.exclusive());
    }

    @Test
    void theBinomialTailAgainstHandComputedValues() {
        assertEquals(Math.pow(0.5, 10), Exclusivity.upperTail(10, 10, 0.5), 1e-18);
        assertEquals(0.5, Exclusivity.upperTail(3, 2, 0.5), 1e-15, "3/8 + 1/8");
        assertEquals(4 * 0.008 * 0.8 + 0.0016, Exclusivity.upperTail(4, 3, 0.2), 1e-15);
        // 1351 / 2^20: C(20,17) + C(20,18) + C(20,19) + C(20,20) = 1140 + 190 + 20 + 1.
        assertEquals(1351.0 / (1 << 20), Exclusivity.upperTail(20, 17, 0.5), 1e-15);
        assertEquals(1.0, Exclusivity.upperTail(20, 0, 0.5));
        assertEquals(1.0, Exclusivity.upperTail(20, 5, 1.0), "the whole kind: nothing to test against");
        // Far below 1e-300 and still a number: 2^-1000.
        double tiny = Exclusivity.upperTail(1000, 1000, 0.5);
        assertEquals(Math.pow(2, -1000), tiny, Math.pow(2, -1000) * 1e-9);
        assertEquals(0.0, Exclusivity.upperTail(2_000_000, 2_000_000, 0.5), "underflows: 0");
        // Beyond an int's range the regularized beta is used directly: P[X >= n] = p^n.
        long n = 3_000_000_000L;
        double p = 1 - 1e-10;
        assertEquals(Math.exp(n * Math.log(p)), Exclusivity.upperTail(n, n, p), 1e-9);
    }

    @Test
    void aConcentrationTheBaselineExplainsIsConcentratedButNotExclusive() {
        // One client with half of all traffic makes 17 of a server's 20: P = 1351 / 2^20 = 0.00129 > 0.001.
        Exclusivity.Verdict v = Exclusivity.judge(List.of(new Exclusivity.ClientCount("10.0.0.1", 17, 500),
                new Exclusivity.ClientCount("10.0.0.2", 3, 500)), RULE, 1000);
        assertEquals(List.of(new Exclusivity.ClientCount("10.0.0.1", 17, 500)), v.dominant());
        assertEquals(0.5, v.baselineShare(), 1e-12);
        assertEquals(1351.0 / (1 << 20), v.pValue(), 1e-15);
        assertTrue(v.concentrated());
        assertFalse(v.exclusive());
        Exclusivity.Rule lenient = new Exclusivity.Rule(0.8, 2, 10, 0.01);
        assertTrue(Exclusivity.judge(v.top(), lenient, 1000).exclusive(), "--exclusive-p 0.01 accepts it");
    }

    @Test
    void tiesAreBrokenByAddressNumerically() {
        Exclusivity.Verdict v = Exclusivity.judge(List.of(cc("10.0.0.10", 30), cc("10.0.0.9", 30), cc("10.0.0.2", 40)),
                RULE, 100_000);
        assertEquals(List.of(cc("10.0.0.2", 40), cc("10.0.0.9", 30), cc("10.0.0.10", 30)), v.dominant());
        assertFalse(v.exclusive(), "three clients are needed to reach 80%");
    }

    @Test
    void tooLittleEvidenceIsNeverExclusive() {
        assertFalse(Exclusivity.judge(List.of(cc("10.0.0.1", 9)), RULE, 100_000).exclusive());
        assertTrue(Exclusivity.judge(List.of(cc("10.0.0.1", 10)), RULE, 100_000).exclusive());
        assertEquals(1.0, Exclusivity.judge(List.of(cc("10.0.0.1", 10)), RULE, 100_000).hhi(), 1e-12);
    }

    @Test
    void guaranteedCountsThatDoNotReachTheShareClaimNothing() {
        // An approximate table: 2 guaranteed of a server's exact total of 50.
        Exclusivity.Verdict v = Exclusivity.judgeSorted(new long[] {2}, 50, i -> cc("10.0.0.1", 2), 100_000, RULE);
        assertEquals(1, v.dominant().size());
        assertEquals(0.04, v.dominantShare(), 1e-12);
        assertFalse(v.concentrated());
        assertFalse(v.exclusive());
    }

    @Test
    void groupsByLongestPrefixV4AndV6() {
        ClientGroups g = ClientGroups.parse(List.of("# orgs", "203.0.113.0/24 bank", "203.0.113.16/32 bank-dr",
                "2001:db8::/32 v6-org  # trailing comment", ""), "test");
        assertEquals("bank", g.groupOf(IpAddress.parse("203.0.113.15")));
        assertEquals("bank-dr", g.groupOf(IpAddress.parse("203.0.113.16")));
        assertEquals("v6-org", g.groupOf(IpAddress.parse("2001:db8:1::7")));
        assertEquals("198.51.100.1", g.groupOf(IpAddress.parse("198.51.100.1")));
        assertThrows(IllegalArgumentException.class, () -> ClientGroups.parse(List.of("10.0.0.0/33 x"), "t"));
        assertThrows(IllegalArgumentException.class, () -> ClientGroups.parse(List.of("nonsense"), "t"));
    }

    @Test
    void lookupsWithinTheTtlAreOneEpisode() {
        PairTable t = new PairTable("name", false, 100);
        long s = 1_000_000_000L;
        t.add("r1", "n", 0, 600 * s);
        t.add("r1", "n", 5 * s, 600 * s);
        t.add("r1", "n", 599 * s, 600 * s);
        t.add("r1", "n", 601 * s, 600 * s);
        PairTable.Pair p = t.pairs().get(0);
        assertEquals(4, p.count);
        assertEquals(2, p.episodes);
    }

    @Test
    void liftComparesWithTheClientsOwnActivity() {
        PairTable t = new PairTable("resolver", false, 100);
        for (int i = 0; i < 90; i++) {
            t.add("busy", "s" + (i % 9), i, 0);
        }
        for (int i = 0; i < 10; i++) {
            t.add("quiet", "target", i, 0);
        }
        // quiet makes 10% of all lookups but 100% of target's: lift 10.
        assertEquals(10.0, (10.0 / 10) / (t.clientTotal("quiet") / (double) t.total()), 1e-12);
    }

    @Test
    void aMillionDistinctClientsStayBoundedWithAStatedError() {
        PairTable t = new PairTable("name", false, 10_000);
        for (int i = 0; i < 1_000_000; i++) {
            t.add("10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff), "n" + (i % 1000), i, 0);
            if (i % 7 == 0) {
                t.add("heavy", "n1", i, 0);
            }
        }
        assertTrue(t.size() <= 10_000);
        assertTrue(t.approximate());
        PairTable.Pair heavy = t.pairs().stream().filter(p -> p.client.equals("heavy")).findFirst().orElseThrow();
        long exact = 1_000_000 / 7 + 1;
        assertTrue(heavy.count >= exact && heavy.count <= exact + t.errorBound(), heavy.count + " vs " + exact);
        assertEquals(1_000_000 + exact, t.total(), "totals stay exact");
    }
}
